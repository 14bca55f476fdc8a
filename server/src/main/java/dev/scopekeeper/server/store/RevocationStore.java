package dev.scopekeeper.server.store;

import java.time.Instant;

/**
 * Revoked access tokens, by JWT id, kept until the token would have expired anyway (RFC 7009 §2.2:
 * after that, an expired token is inactive by itself).
 */
public interface RevocationStore {
    /** Idempotent: revoking an already revoked jti changes nothing. */
    void revokeToken(String jti, String clientId, Instant expiresAt);

    boolean isRevoked(String jti);

    /** Deletes entries whose token has expired before {@code now}; returns how many. */
    int purgeExpiredRevocations(Instant now);
}
