package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.consent.AuthorizationFlow;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthException;
import dev.scopekeeper.server.session.LoginThrottle;
import dev.scopekeeper.server.session.Sessions;
import dev.scopekeeper.server.store.UserStore;
import dev.scopekeeper.server.user.PasswordHasher;
import dev.scopekeeper.server.user.User;
import dev.scopekeeper.server.web.LoginView;
import dev.scopekeeper.server.web.Pages;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * POST /login: the login form, as a checklist: CSRF (double-submit) → throttle → password
 * (Argon2id, the same work for unknown users) → a new session → back to the flow that asked.
 */
public final class LoginEndpoint implements Endpoint {
    /** Where the account page's login form returns to. */
    public static final String RETURN_TO_ACCOUNT = "account";

    private final AuthorizationFlow flow;
    private final UserStore users;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    public LoginEndpoint(AuthorizationFlow flow, UserStore users, Sessions sessions, LoginThrottle throttle) {
        this.flow = flow;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Override
    public Response handle(Request request) {
        FormParameters form;
        String username;
        String password;
        String returnTo;
        try {
            form = BrowserForms.form(request);
            username = form.single("username");
            password = form.single("password");
            returnTo = form.single("return_to");
            form.single("csrf");
        } catch (OAuthException e) {
            return retry(request, FormParameters.EMPTY, null, null, 400, "The sign-in form was not valid. Please try again.");
        }
        // RFC 6749 §10.12 (CSRF), for the login form too: it must come from our own page (double-submit cookie).
        if (!Sessions.loginTokenMatches(request, form.single("csrf"))) {
            return retry(request, form, returnTo, username, 403, "Your sign-in form expired. Please try again.");
        }
        if (username == null || password == null) {
            return retry(request, form, returnTo, username, 400, "Enter your user name and password.");
        }
        // RFC 6749 §10.10: the server MUST prevent guessing of resource owner passwords.
        Optional<Duration> wait = throttle.blockedFor(username, request.remoteAddress());
        if (wait.isPresent()) {
            long minutes = Math.max(1, (wait.get().toSeconds() + 59) / 60);
            return retry(request, form, returnTo, username, 429,
                    "Too many failed sign-ins. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes."))
                    .withHeader("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
        }
        Optional<User> user = users.findUser(username);
        boolean ok = PasswordHasher.verify(password, user.map(User::passwordHash).orElseGet(() -> NoSuchUser.HASH)) && user.isPresent();
        if (!ok) {
            throttle.failed(username, request.remoteAddress());
            return retry(request, form, returnTo, username, 400, "Wrong user name or password.");
        }
        throttle.succeeded(username);
        // Session fixation (OWASP Session Management; no RFC covers the server's own login session): a new id
        // at every login, so an id planted before login is worthless after it.
        Sessions.Started started = sessions.start(request, username);
        Response next = RETURN_TO_ACCOUNT.equals(returnTo)
                ? Response.redirect(303, AccountEndpoint.PATH, Pages.securityHeaders())
                : flow.afterLogin(request, form, started.session());
        return next.withHeader("Set-Cookie", started.setCookie());
    }

    private Response retry(Request request, FormParameters form, String returnTo, String username, int status, String error) {
        Response page = RETURN_TO_ACCOUNT.equals(returnTo)
                ? flow.loginPage(request, List.of(new LoginView.Field("return_to", RETURN_TO_ACCOUNT)), null, username, error)
                : flow.loginPage(request, form, flow.clientName(form), username, error);
        return new Response(status, page.contentType(), page.body(), page.headers());
    }

    /** Verified instead of a user's hash when the user does not exist, so timing does not tell which users exist. Made on first use, not at start-up. */
    private static final class NoSuchUser {
        static final String HASH = PasswordHasher.hash("scopekeeper-no-such-user-" + System.nanoTime());
    }
}
