package dev.scopekeeper.server.token;

import java.time.Instant;

/** A freshly signed access token with what the response and the logs need to know of it. */
public record IssuedToken(String value, String jti, Instant issuedAt, Instant expiresAt) {
    public long expiresInSeconds() {
        return expiresAt.getEpochSecond() - issuedAt.getEpochSecond();
    }
}
