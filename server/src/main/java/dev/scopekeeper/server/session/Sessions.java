package dev.scopekeeper.server.session;

import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.store.SessionStore;
import dev.scopekeeper.server.token.OpaqueTokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions and their cookies. The cookie holds a 256-bit random id; the store holds only its
 * hash. A login always starts a new session with a new id (session fixation: OWASP Session
 * Management, "renew the session id after login"),
 * and every form is guarded by a CSRF token: the session's own, or before login a double-submit
 * cookie. Cookies are HttpOnly, SameSite and, when the issuer is https, Secure.
 */
public final class Sessions {
    public static final String SESSION_COOKIE = "sk_session";
    public static final String LOGIN_COOKIE = "sk_login";

    private final SessionStore store;
    private final Clock clock;
    private final Duration lifetime;
    private final boolean secure;

    public Sessions(SessionStore store, Clock clock, Duration lifetime, boolean secureCookies) {
        this.store = store;
        this.clock = clock;
        this.lifetime = lifetime;
        this.secure = secureCookies;
    }

    /** A session together with the Set-Cookie header that hands it to the browser. */
    public record Started(Session session, String setCookie) {
    }

    /** The request's live session, if its cookie names one. */
    public Optional<Session> current(Request request) {
        String id = request.cookie(SESSION_COOKIE);
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        return store.findSession(OpaqueTokens.hash(id), clock.instant());
    }

    /** Ends the request's session, if any, and starts a new one for the user (never reusing an id). */
    public Started start(Request request, String username) {
        end(request);
        String id = OpaqueTokens.generate();
        Instant now = clock.instant();
        Session session = new Session(OpaqueTokens.hash(id), username, now, now, now.plus(lifetime), OpaqueTokens.generate());
        store.saveSession(session);
        return new Started(session, cookie(SESSION_COOKIE, id, "Lax", lifetime.toSeconds()));
    }

    public void end(Request request) {
        String id = request.cookie(SESSION_COOKIE);
        if (id != null && !id.isEmpty() && id.length() <= 100) {
            store.deleteSession(OpaqueTokens.hash(id));
        }
    }

    /** The Set-Cookie header that removes the session cookie. */
    public String clearSessionCookie() {
        return cookie(SESSION_COOKIE, "", "Lax", 0);
    }

    /** The login form's CSRF token: the browser's existing one, or a new one with its Set-Cookie header. */
    public LoginToken loginToken(Request request) {
        String existing = request.cookie(LOGIN_COOKIE);
        if (existing != null && existing.length() == 43) {
            return new LoginToken(existing, null);
        }
        String token = OpaqueTokens.generate();
        // Strict: the login form is always posted from our own page.
        return new LoginToken(token, cookie(LOGIN_COOKIE, token, "Strict", lifetime.toSeconds()));
    }

    /** {@code setCookie} is null when the browser already holds the token. */
    public record LoginToken(String token, String setCookie) {
    }

    /** Double-submit check of the login form (the cookie and the field must carry the same token). */
    public static boolean loginTokenMatches(Request request, String formToken) {
        return OpaqueTokens.equal(request.cookie(LOGIN_COOKIE), formToken);
    }

    public static boolean csrfMatches(Session session, String formToken) {
        return OpaqueTokens.equal(session.csrfToken(), formToken);
    }

    private String cookie(String name, String value, String sameSite, long maxAgeSeconds) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=" + sameSite
                + (secure ? "; Secure" : "");
    }
}
