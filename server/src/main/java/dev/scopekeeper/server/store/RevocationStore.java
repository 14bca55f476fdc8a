package dev.scopekeeper.server.store;

import java.time.Instant;
import java.util.List;

/**
 * Revoked access tokens, by JWT id, kept until the token would have expired anyway (RFC 7009 §2.2:
 * after that, an expired token is inactive by itself).
 */
public interface RevocationStore {
    /** Idempotent: revoking an already revoked jti changes nothing. */
    void revokeToken(String jti, String clientId, Instant expiresAt);

    boolean isRevoked(String jti);

    /** One revocation as the feed publishes it; {@code revokedAt} is by the database's clock. */
    record Revocation(String jti, Instant expiresAt, Instant revokedAt) {
    }

    /**
     * Revocations recorded at or after {@code since} whose token has not expired by {@code now},
     * oldest first, at most {@code limit}.
     */
    List<Revocation> revocationsSince(Instant since, Instant now, int limit);

    /** The database's clock, which stamps {@link Revocation#revokedAt()}. */
    Instant databaseTime();

    /** Deletes entries whose token has expired before {@code now}; returns how many. */
    int purgeExpiredRevocations(Instant now);
}
