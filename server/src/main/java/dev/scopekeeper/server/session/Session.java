package dev.scopekeeper.server.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in browser session, as stored: the SHA-256 of the session id (base64url, no padding),
 * never the id in the cookie. {@code authTime} is when the user last entered their password
 * (OIDC {@code auth_time}, {@code max_age}); {@code csrfToken} guards the session's forms.
 */
public record Session(String idHash, String username, Instant authTime, Instant createdAt, Instant expiresAt,
                      String csrfToken) {
    public Session {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    @Override
    public String toString() {
        return "Session[" + username + ", until " + expiresAt + "]";
    }
}
