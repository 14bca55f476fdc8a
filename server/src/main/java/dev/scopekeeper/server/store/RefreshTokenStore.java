package dev.scopekeeper.server.store;

import dev.scopekeeper.server.grant.RefreshToken;

import java.time.Instant;
import java.util.Optional;

/** Refresh tokens, stored by hash, in rotation families (RFC 9700 §4.14.2). */
public interface RefreshTokenStore {
    void saveRefreshToken(RefreshToken token);

    /** The token with its state, expired ones included (the caller checks {@code expiresAt}). */
    Optional<RefreshToken.State> findRefreshToken(String tokenHash);

    /**
     * In one transaction: marks {@code currentHash} rotated and saves {@code next} — only if the
     * current token is neither rotated nor revoked. Returns false (and saves nothing) otherwise, e.g.
     * when a concurrent request rotated it first.
     */
    boolean rotateRefreshToken(String currentHash, RefreshToken next, Instant now);

    /**
     * Revokes every refresh token of the family, and every access token recorded with that family
     * ({@link UserTokenStore#recordAccessToken}) by adding its jti to the revocations. Idempotent.
     */
    void revokeFamily(String familyId, Instant now);

    /** Deletes refresh tokens that expired before {@code before}; returns how many. */
    int purgeRefreshTokens(Instant before);
}
