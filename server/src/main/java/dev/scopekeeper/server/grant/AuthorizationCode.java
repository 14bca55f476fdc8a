package dev.scopekeeper.server.grant;

import dev.scopekeeper.scopes.ScopeSet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An authorization code as stored: only the SHA-256 of the code (base64url, no padding), never the
 * code itself (STYLE.md 9). {@code nonce} is null when the request had none; {@code audiences} are
 * the APIs the access token will be for (RFC 8707).
 */
public record AuthorizationCode(String codeHash, String clientId, String username, String redirectUri,
                                ScopeSet scope, List<String> audiences, String codeChallenge, String nonce,
                                Instant authTime, Instant issuedAt, Instant expiresAt) {
    public AuthorizationCode {
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(scope, "scope");
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
