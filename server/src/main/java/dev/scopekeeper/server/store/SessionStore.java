package dev.scopekeeper.server.store;

import dev.scopekeeper.server.session.Session;

import java.time.Instant;
import java.util.Optional;

/** Browser sessions, by the hash of their id. */
public interface SessionStore {
    void saveSession(Session session);

    /** Empty when unknown or when {@code expiresAt} is not after {@code now}. */
    Optional<Session> findSession(String idHash, Instant now);

    void deleteSession(String idHash);

    /** Deletes every session of the user (password change, user deleted); returns how many. */
    int deleteSessionsOf(String username);

    /** Deletes sessions that expired before {@code before}; returns how many. */
    int purgeSessions(Instant before);
}
