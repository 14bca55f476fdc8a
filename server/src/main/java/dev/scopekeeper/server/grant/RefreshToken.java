package dev.scopekeeper.server.grant;

import dev.scopekeeper.scopes.ScopeSet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A refresh token as stored: the SHA-256 of the token (base64url, no padding), never the token.
 * Every rotation creates a new token in the same {@code familyId} (RFC 9700 §4.14.2).
 * {@code scope} is what the token may be used for: the scope of the original grant, which a refresh
 * request may narrow for one access token but never widen (RFC 6749 §6).
 */
public record RefreshToken(String tokenHash, String familyId, String clientId, String username, ScopeSet scope,
                           List<String> audiences, Instant authTime, Instant issuedAt, Instant expiresAt) {
    public RefreshToken {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(scope, "scope");
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The stored token with its state: rotated (already exchanged once) and/or revoked. */
    public record State(RefreshToken token, boolean rotated, boolean revoked) {
    }
}
