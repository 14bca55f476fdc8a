package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.testing.MutableClock;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.PHOTOPRINT_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Steps and exact assertions shared by the black-box security tests of the browser flow. */
final class BrowserFlows {
    static final String CB = "https://photoprint.example/cb";
    static final String OTHER_CB = "https://photoprint.example/other";

    private BrowserFlows() {
    }

    /** One server for a test class on a fresh H2 database, with a clock the tests move. */
    static final class ClockedServer implements BeforeAllCallback, AfterAllCallback {
        private final MutableClock clock = MutableClock.startingNow();
        private TestServer server;

        @Override
        public void beforeAll(ExtensionContext context) {
            server = TestServer.start(DatabaseSettings.h2Memory("sk_" + UUID.randomUUID().toString().replace("-", "")),
                    s -> s.withClock(clock));
        }

        @Override
        public void afterAll(ExtensionContext context) {
            server.close();
        }

        TestServer server() {
            return server;
        }

        MutableClock clock() {
            return clock;
        }
    }

    static String password(String username) {
        return username + "-test-password";
    }

    /** An authorization request (RFC 6749 §4.1.1 with RFC 7636 §4.3); {@code redirectUri} or {@code scope} null are omitted. */
    static Map<String, String> request(String clientId, String redirectUri, String scope, Pkce pkce, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        if (redirectUri != null) {
            p.put("redirect_uri", redirectUri);
        }
        if (scope != null) {
            p.put("scope", scope);
        }
        p.put("state", state);
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        return p;
    }

    static Map<String, String> photoprint(String scope, Pkce pkce, String state) {
        return request("photoprint", CB, scope, pkce, state);
    }

    /** One server serves the class: every test starts with no remembered consent. */
    static void forgetConsents(TestServer server) {
        for (String user : List.of("alice", "bob", "carol")) {
            for (String client : List.of("photoprint", "mobile", "firstparty", "strictfirst")) {
                server.server().store().revokeConsent(user, client, null, Instant.now());
            }
        }
    }

    /** Sends the request, signs in if asked, approves every offered scope; returns the redirect's parameters. */
    static Map<String, String> approve(WebUser user, String username, Map<String, String> request) {
        HttpResponse<String> r = user.authorize(request);
        if (WebUser.isLoginPage(r)) {
            r = user.login(r, username, password(username));
        }
        if (r.statusCode() == 200) {
            r = user.consent(r, "approve", Set.of());
        }
        return WebUser.redirectParams(r);
    }

    static HttpResponse<String> exchange(TestServer server, String code, Pkce pkce) {
        return server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET, "grant_type=authorization_code&code=" + enc(code)
                + "&redirect_uri=" + enc(CB) + "&code_verifier=" + pkce.verifier());
    }

    /** The whole flow for photoprint, then the code exchanged; returns the token response (asserting success). */
    static Map<String, Object> tokens(TestServer server, WebUser user, String username, String scope) {
        Pkce pkce = Pkce.generate();
        Map<String, String> params = approve(user, username, photoprint(scope, pkce, "s"));
        HttpResponse<String> r = exchange(server, params.get("code"), pkce);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static HttpResponse<String> refresh(TestServer server, String refreshToken) {
        return server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET, "grant_type=refresh_token&refresh_token=" + enc(refreshToken));
    }

    /** Whether introspection (RFC 7662), asked by a resource server, reports the token active. */
    static boolean active(TestServer server, Object accessToken) {
        HttpResponse<String> r = server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + enc((String) accessToken));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Boolean.TRUE.equals(json(r).get("active"));
    }

    /** A page or redirect of the browser flow: never framed (clickjacking), never cached. */
    static void assertSecurePage(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    /** An error shown to the user, never redirected (RFC 6749 §4.1.2.1, RFC 9700 §4.11.2), and no session handed out. */
    static void assertShownError(HttpResponse<String> r, int status, String code, String description) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).isEqualToIgnoringCase("text/html;charset=UTF-8");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        String text = WebUser.text(r.body());
        assertThat(text).contains(description).contains("Error code " + code);
        assertSecurePage(r);
    }

    /**
     * An error sent back to the client (RFC 6749 §4.1.2.1) with exactly error, error_description,
     * state (when one was sent) and iss (RFC 9207 §2): no code, no session.
     */
    static void assertRedirectedError(TestServer server, HttpResponse<String> r, int status, String redirectUri, String code,
                                      String description, String state) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(WebUser.location(r)).startsWith(redirectUri + "?");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("error", code);
        expected.put("error_description", description);
        if (state != null) {
            expected.put("state", state);
        }
        expected.put("iss", server.issuer());
        assertThat(WebUser.redirectParams(r)).containsExactlyEntriesOf(expected);
        assertThat(setCookie(r, "sk_session")).isEmpty();
        assertSecurePage(r);
    }

    /** RFC 6749 §5.2: the exact error JSON, never cached. */
    static void assertTokenError(HttpResponse<String> r, int status, String code, String description) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r)).isEqualTo(TestServer.error(code, description));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    /** The Set-Cookie header that sets (or clears) the named cookie. */
    static Optional<String> setCookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst();
    }
}
