package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ScopeSet;

import java.time.Instant;

/**
 * Access tokens issued on a user's behalf, by jti, kept until they expire, so that revoking a
 * consent, a refresh-token family or a replayed code can revoke them at once (introspection reads
 * the revocations, {@link RevocationStore}). Client-credentials tokens are not recorded.
 */
public interface UserTokenStore {
    /** {@code familyId} is the refresh-token family the token came with or from; null if none. */
    void recordAccessToken(String jti, String username, String clientId, ScopeSet scope, String familyId, Instant expiresAt);

    /** Deletes records of tokens that expired before {@code before}; returns how many. */
    int purgeAccessTokens(Instant before);
}
