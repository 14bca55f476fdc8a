package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.consent.ConsentGrant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What users have granted to clients (remembered consent), and its revocation. */
public interface ConsentStore {
    /** Empty when the user has granted the client nothing. */
    Optional<ConsentGrant> findConsent(String username, String clientId);

    /** Every client the user has granted something, ordered by client id. */
    List<ConsentGrant> listConsents(String username);

    /** Adds the scopes to the user's grant to the client; scopes granted before keep their first grant time. */
    void addConsent(String username, String clientId, ScopeSet scopes, Instant now);

    /**
     * In one transaction: removes {@code scopes} from the user's grant to the client (all of them when
     * {@code scopes} is null); revokes the user's refresh tokens for that client whose scope contains
     * any removed scope; and revokes (adds to the revocations) the recorded unexpired access tokens
     * of the user for that client whose scope contains any removed scope. Returns false if nothing
     * of it was granted.
     */
    boolean revokeConsent(String username, String clientId, ScopeSet scopes, Instant now);
}
