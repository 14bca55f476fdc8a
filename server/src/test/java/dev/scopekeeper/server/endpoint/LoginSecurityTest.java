package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.scopekeeper.server.endpoint.BrowserFlows.assertSecurePage;
import static dev.scopekeeper.server.endpoint.BrowserFlows.password;
import static dev.scopekeeper.server.endpoint.BrowserFlows.photoprint;
import static dev.scopekeeper.server.endpoint.BrowserFlows.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login form under attack: wrong and unknown users answered alike, login CSRF, session
 * fixation, password guessing (5 failures per account, 20 per address, 15-minute windows), and the
 * session cookie's flags. All from 127.0.0.1, so every test starts in a new throttling window.
 */
class LoginSecurityTest {
    @RegisterExtension
    static final BrowserFlows.ClockedServer env = new BrowserFlows.ClockedServer();

    static final String WRONG = "Wrong user name or password.";
    static final String EXPIRED = "Your sign-in form expired. Please try again.";

    @BeforeEach
    void newThrottlingWindow() {
        env.clock().advance(Duration.ofMinutes(16));
        BrowserFlows.forgetConsents(server());
    }

    static TestServer server() {
        return env.server();
    }

    /** The login page of an authorization request. */
    static HttpResponse<String> loginPage(WebUser user) {
        HttpResponse<String> page = user.authorize(photoprint("photos.read", Pkce.generate(), "s"));
        assertThat(WebUser.isLoginPage(page)).isTrue();
        return page;
    }

    /** Signs in from the connected-apps page: success is a 303 back to it. */
    static HttpResponse<String> signIn(WebUser user, String username, String password) {
        return user.login(user.get("/account"), username, password);
    }

    static void assertRefused(HttpResponse<String> r, int status, String message, WebUser user) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(WebUser.isLoginPage(r)).isTrue();
        assertThat(WebUser.text(r.body())).contains(message);
        assertThat(setCookie(r, "sk_session")).isEmpty();
        assertThat(user.cookies()).doesNotContainKey("sk_session");
        assertSecurePage(r);
    }

    static void assertSignedOut(WebUser user) {
        assertThat(WebUser.isLoginPage(user.get("/account"))).isTrue();
    }

    // OWASP Authentication Cheat Sheet: a failed login starts no session and echoes no password.
    @Test
    void whenThePasswordIsWrongThenTheLoginPageAgainWithAnErrorAndNoSession() {
        WebUser user = new WebUser(server());
        HttpResponse<String> r = user.login(loginPage(user), "alice", "not-alice-password");
        assertRefused(r, 400, WRONG, user);
        assertThat(r.body()).doesNotContain("not-alice-password");
        // The request rides along to the next attempt, and the name is kept.
        assertThat(WebUser.field(r.body(), "/login", "client_id")).isEqualTo("photoprint");
        assertThat(WebUser.field(r.body(), "/login", "username")).isEqualTo("alice");
        assertSignedOut(user);
    }

    // OWASP Authentication Cheat Sheet: the same answer for an unknown user as for a wrong password.
    @Test
    void whenTheUserIsUnknownThenTheAnswerIsTheSameAsForAWrongPassword() {
        WebUser a = new WebUser(server());
        HttpResponse<String> wrong = a.login(loginPage(a), "alice", "not-alice-password");
        WebUser b = new WebUser(server());
        HttpResponse<String> unknown = b.login(loginPage(b), "mallory", "alice-test-password");
        assertRefused(unknown, 400, WRONG, b);
        assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode());
        assertThat(WebUser.text(unknown.body())).isEqualTo(WebUser.text(wrong.body()));
        assertThat(headerNames(unknown)).isEqualTo(headerNames(wrong));
    }

    static Set<String> headerNames(HttpResponse<String> r) {
        return r.headers().map().keySet().stream().map(String::toLowerCase).collect(Collectors.toSet());
    }

    /** The login form's fields as the page has them, with {@code csrf} replaced (null: left out). */
    static List<String[]> loginFields(HttpResponse<String> page, String csrf, String username) {
        List<String[]> fields = new ArrayList<>();
        for (WebUser.Input in : WebUser.form(page.body(), "/login").inputs()) {
            if (in.name() != null && !"button".equals(in.tag()) && !Set.of("csrf", "username", "password").contains(in.name())) {
                fields.add(new String[] {in.name(), in.value() == null ? "" : in.value()});
            }
        }
        if (csrf != null) {
            fields.add(new String[] {"csrf", csrf});
        }
        fields.add(new String[] {"username", username});
        fields.add(new String[] {"password", password(username)});
        return fields;
    }

    // Login CSRF (OWASP CSRF Cheat Sheet, double-submit cookie): the field must match the sk_login cookie.
    @Test
    void whenTheLoginTokenIsMissingOrWrongThenForbiddenAndNoSession() {
        WebUser user = new WebUser(server());
        HttpResponse<String> page = loginPage(user);
        String token = WebUser.field(page.body(), "/login", "csrf");
        assertThat(user.cookies()).containsEntry("sk_login", token);

        assertRefused(user.post("/login", loginFields(page, null, "alice")), 403, EXPIRED, user);
        assertRefused(user.post("/login", loginFields(page, Pkce.generate().verifier(), "alice")), 403, EXPIRED, user);
        assertRefused(user.post("/login", loginFields(page, token + "x", "alice")), 403, EXPIRED, user);

        WebUser noCookie = new WebUser(server());
        assertRefused(noCookie.post("/login", loginFields(page, token, "alice")), 403, EXPIRED, noCookie);
        assertRefused(noCookie.post("/login", loginFields(page, null, "alice")), 403, EXPIRED, noCookie);
        noCookie.cookies().put("sk_login", Pkce.generate().verifier());
        assertRefused(noCookie.post("/login", loginFields(page, token, "alice")), 403, EXPIRED, noCookie);
        assertSignedOut(user);

        // The real form still works: nothing above used it up.
        assertThat(user.post("/login", loginFields(page, token, "alice")).statusCode()).isEqualTo(200);
    }

    // Session fixation (OWASP Session Management Cheat Sheet): a new session id at every login.
    @Test
    void whenASessionIdIsPlantedBeforeLoginThenLoginIssuesANewOneAndThePlantedOneIsWorthless() {
        WebUser attacker = new WebUser(server());
        assertThat(signIn(attacker, "bob", password("bob")).statusCode()).isEqualTo(303);
        String planted = attacker.cookies().get("sk_session");

        WebUser victim = new WebUser(server());
        victim.cookies().put("sk_session", planted);
        Map<String, String> request = photoprint("photos.read", Pkce.generate(), "s");
        request.put("prompt", "login");
        HttpResponse<String> r = victim.login(victim.authorize(request), "alice", password("alice"));
        assertThat(r.statusCode()).isEqualTo(200);
        String issued = victim.cookies().get("sk_session");
        assertThat(issued).isNotNull().isNotEqualTo(planted);
        assertThat(WebUser.text(victim.get("/account").body())).contains("Signed in as alice");
        // The planted id names no session any more: it was ended, not upgraded.
        assertSignedOut(attacker);

        WebUser invented = new WebUser(server());
        invented.cookies().put("sk_session", "chosen-by-the-attacker-0123456789abcdefghijk");
        assertThat(invented.login(loginPage(invented), "carol", password("carol")).statusCode()).isEqualTo(200);
        assertThat(invented.cookies().get("sk_session")).isNotEqualTo("chosen-by-the-attacker-0123456789abcdefghijk");
    }

    // OWASP Session Management Cheat Sheet: renew the session id at every (re-)authentication.
    @Test
    void whenTheUserSignsInAgainThenTheOldSessionIdNoLongerWorks() {
        WebUser user = new WebUser(server());
        signIn(user, "alice", password("alice"));
        String before = user.cookies().get("sk_session");
        Map<String, String> again = photoprint("photos.read", Pkce.generate(), "s");
        again.put("prompt", "login");
        user.login(user.authorize(again), "alice", password("alice"));
        assertThat(user.cookies().get("sk_session")).isNotEqualTo(before);

        WebUser old = new WebUser(server());
        old.cookies().put("sk_session", before);
        assertSignedOut(old);
    }

    // OWASP Authentication Cheat Sheet: throttle guessing per account (5 per 15 minutes).
    @Test
    void whenAnAccountHasFiveFailuresThenEvenTheRightPasswordIsRefusedUntilTheWindowEnds() {
        WebUser guesser = new WebUser(server());
        // Case does not open a new counter.
        for (String name : List.of("alice", "Alice", "ALICE", "alice", "aLiCe")) {
            assertThat(guesser.login(guesser.get("/account"), name, "guess").statusCode()).isEqualTo(400);
        }
        WebUser owner = new WebUser(server());
        HttpResponse<String> r = signIn(owner, "alice", password("alice"));
        assertRefused(r, 429, "Too many failed sign-ins. Try again in 15 minutes.", owner);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("900");

        // Another account from the same address is not affected.
        assertThat(signIn(new WebUser(server()), "bob", password("bob")).statusCode()).isEqualTo(303);

        env.clock().advance(Duration.ofMinutes(5));
        HttpResponse<String> later = signIn(owner, "alice", password("alice"));
        assertRefused(later, 429, "Too many failed sign-ins. Try again in 10 minutes.", owner);
        assertThat(later.headers().firstValue("Retry-After")).hasValue("600");

        env.clock().advance(Duration.ofMinutes(10));
        HttpResponse<String> ok = signIn(owner, "alice", password("alice"));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(WebUser.location(ok)).isEqualTo("/account");
    }

    // OWASP Authentication Cheat Sheet: and per source address (20 per 15 minutes), across accounts.
    @Test
    void whenAnAddressHasTwentyFailuresThenEveryAccountIsRefusedUntilTheWindowEnds() {
        WebUser guesser = new WebUser(server());
        for (int account = 0; account < 4; account++) {
            for (int attempt = 0; attempt < 5; attempt++) {
                assertThat(guesser.login(guesser.get("/account"), "mallory" + account, "guess").statusCode()).isEqualTo(400);
            }
        }
        // An unknown account is throttled like a known one, so throttling does not tell which exist.
        assertThat(guesser.login(guesser.get("/account"), "mallory0", "guess").statusCode()).isEqualTo(429);

        WebUser carol = new WebUser(server());
        HttpResponse<String> r = signIn(carol, "carol", password("carol"));
        assertRefused(r, 429, "Too many failed sign-ins. Try again in 15 minutes.", carol);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("900");

        env.clock().advance(Duration.ofMinutes(15));
        assertThat(signIn(carol, "carol", password("carol")).statusCode()).isEqualTo(303);
    }

    // RFC 6265 §4.1.2: HttpOnly (no script access), SameSite=Lax (no cross-site POST), Path=/; Secure only on https.
    @Test
    void whenASessionIsStartedThenItsCookieIsHttpOnlyLaxAndNotSecureOnHttp() {
        WebUser user = new WebUser(server());
        HttpResponse<String> page = user.get("/account");
        assertThat(attributes(setCookie(page, "sk_login").orElseThrow()))
                .containsExactlyInAnyOrder("path=/", "max-age=28800", "httponly", "samesite=strict");
        HttpResponse<String> r = user.login(page, "alice", password("alice"));
        assertThat(attributes(setCookie(r, "sk_session").orElseThrow()))
                .containsExactlyInAnyOrder("path=/", "max-age=28800", "httponly", "samesite=lax");
        assertThat(user.cookies().get("sk_session")).matches("[A-Za-z0-9_-]{43}");
    }

    // RFC 6265 §4.1.2.5: behind an https issuer, the cookies are Secure.
    @Test
    void whenTheIssuerIsHttpsThenTheCookiesAreSecure() {
        try (TestServer https = TestServer.start(DatabaseSettings.h2Memory("sk_https_" + System.nanoTime()),
                s -> s.withIssuer("https://login.example"))) {
            // The issuer names the public https URL; the test talks to the server's own http port.
            HttpResponse<String> page = new WebUser(https).get("http://127.0.0.1:" + https.server().port() + "/account");
            assertThat(attributes(setCookie(page, "sk_login").orElseThrow())).contains("secure", "httponly", "samesite=strict");
        }
    }

    static List<String> attributes(String setCookie) {
        return Arrays.stream(setCookie.split(";")).skip(1).map(a -> a.trim().toLowerCase()).toList();
    }
}
