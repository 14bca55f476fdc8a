package dev.scopekeeper.resource;

import dev.scopekeeper.scopes.ScopeSet;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An access token that passed {@link TokenVerifier}. Immutable; one instance may be served from the
 * verifier's cache to many requests.
 *
 * @param subject   {@code sub}: the resource owner, or the client itself for client_credentials (RFC 9068 §2.2)
 * @param clientId  {@code client_id}: the client the token was issued to
 * @param scope     {@code scope}, as granted (implications are not expanded here; {@link ScopeRequirement} does that);
 *                  empty when the token has no scope claim
 * @param audiences {@code aud} as a list (a single string becomes a one-element list)
 * @param expiresAt {@code exp}
 * @param jti       {@code jti}: the token's identifier, what revocation refers to
 * @param claims    every claim as parsed from the JSON payload (strings, {@code Long}/{@code Double} numbers,
 *                  booleans, and unmodifiable lists and maps; numeric dates stay epoch seconds)
 */
public record VerifiedToken(String subject, String clientId, ScopeSet scope, List<String> audiences,
                            Instant expiresAt, String jti, Map<String, Object> claims) {

    public VerifiedToken {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(jti, "jti");
        audiences = List.copyOf(audiences);
        claims = Collections.unmodifiableMap(claims);
    }
}
