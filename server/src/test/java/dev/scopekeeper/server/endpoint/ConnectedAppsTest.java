package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.scopekeeper.server.endpoint.BrowserFlows.active;
import static dev.scopekeeper.server.endpoint.BrowserFlows.approve;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertSecurePage;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertShownError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertTokenError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.password;
import static dev.scopekeeper.server.endpoint.BrowserFlows.photoprint;
import static dev.scopekeeper.server.endpoint.BrowserFlows.refresh;
import static dev.scopekeeper.server.endpoint.BrowserFlows.setCookie;
import static dev.scopekeeper.server.endpoint.BrowserFlows.tokens;
import static dev.scopekeeper.server.testing.TestServer.FIRSTPARTY_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connected-apps page: only for the signed-in user; revoking a scope or a whole app ends the
 * tokens that carried it at once (refresh refused, access tokens inactive at introspection);
 * every change needs the session's CSRF token; logging out ends the session.
 */
class ConnectedAppsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static final Pattern LISTED_SCOPE = Pattern.compile("<input type=\"hidden\" name=\"scope\" value=\"([^\"]+)\">");
    static final String UNCHANGED = "Nothing was changed. Please reload the page and try again.";

    WebUser alice;

    @BeforeEach
    void forgetConsents() {
        BrowserFlows.forgetConsents(server);
        alice = new WebUser(server);
    }

    static List<String> listedScopes(HttpResponse<String> page) {
        return LISTED_SCOPE.matcher(page.body()).results().map(m -> m.group(1)).toList();
    }

    static String csrf(HttpResponse<String> page) {
        return WebUser.field(page.body(), "/logout", "csrf");
    }

    static HttpResponse<String> revoke(WebUser user, String csrf, String clientId, String scope) {
        List<String[]> fields = new ArrayList<>();
        if (csrf != null) {
            fields.add(new String[] {"csrf", csrf});
        }
        fields.add(new String[] {"client_id", clientId});
        if (scope != null) {
            fields.add(new String[] {"scope", scope});
        }
        return user.post("/account/revoke", fields);
    }

    /** The first-party app's tokens for the signed-in user (no consent asked). */
    Map<String, Object> firstPartyTokens() {
        Pkce pkce = Pkce.generate();
        String code = approve(alice, "alice", BrowserFlows.request("firstparty", "https://first.example/cb", "photos.read", pkce, "f"))
                .get("code");
        HttpResponse<String> r = server.postBasic("/token", "firstparty", FIRSTPARTY_SECRET,
                "grant_type=authorization_code&code=" + enc(code) + "&code_verifier=" + pkce.verifier());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    // OWASP Authentication Cheat Sheet: account pages only after authentication, then back where the user was.
    @Test
    void whenTheAccountPageIsVisitedWithoutASessionThenTheLoginPageReturnsToIt() {
        HttpResponse<String> login = alice.get("/account");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(WebUser.isLoginPage(login)).isTrue();
        assertThat(WebUser.field(login.body(), "/login", "return_to")).isEqualTo("account");
        assertThat(setCookie(login, "sk_session")).isEmpty();
        assertSecurePage(login);

        HttpResponse<String> signedIn = alice.login(login, "alice", password("alice"));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(WebUser.location(signedIn)).isEqualTo("/account");
        HttpResponse<String> page = alice.get("/account");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(WebUser.text(page.body())).contains("Signed in as alice").contains("No apps have access to your account");
    }

    // RFC 7662 §2.2: a revoked token is reported inactive; RFC 6749 §6: its refresh token is refused.
    @Test
    void whenOneScopeIsRevokedThenTheTokensCarryingItEndAtOnceAndItIsNoLongerListed() {
        Map<String, Object> t = tokens(server, alice, "alice", "offline_access photos.read photos.upload");
        HttpResponse<String> before = alice.get("/account");
        assertThat(listedScopes(before)).containsExactly("offline_access", "photos.read", "photos.upload");

        HttpResponse<String> r = revoke(alice, csrf(before), "photoprint", "photos.upload");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(WebUser.location(r)).isEqualTo("/account?done=scope");
        assertSecurePage(r);
        assertThat(active(server, t.get("access_token"))).isFalse();
        assertTokenError(refresh(server, (String) t.get("refresh_token")), 400, "invalid_grant", "refresh token has been revoked");

        HttpResponse<String> after = alice.get(WebUser.location(r));
        assertThat(listedScopes(after)).containsExactly("offline_access", "photos.read");
        assertThat(WebUser.text(after.body())).contains("The permission was revoked.");
        // Revoking what the app no longer holds changes nothing.
        assertThat(WebUser.location(revoke(alice, csrf(after), "photoprint", "photos.upload"))).isEqualTo("/account?done=none");
    }

    // RFC 7009 §2.1 spirit: revoking a grant ends every token of it; RFC 6749 §4.1.1: consent is asked again.
    @Test
    void whenTheWholeAppIsRemovedThenAllItsTokensEndAndTheNextRequestAsksForConsentAgain() {
        Map<String, Object> t = tokens(server, alice, "alice", "offline_access openid photos.read");
        Map<String, Object> own = firstPartyTokens();
        HttpResponse<String> before = alice.get("/account");
        assertThat(WebUser.text(before.body())).contains("PhotoPrint").contains("Our own app");

        HttpResponse<String> r = revoke(alice, csrf(before), "photoprint", null);
        assertThat(WebUser.location(r)).isEqualTo("/account?done=app");
        assertThat(active(server, t.get("access_token"))).isFalse();
        assertTokenError(refresh(server, (String) t.get("refresh_token")), 400, "invalid_grant", "refresh token has been revoked");
        HttpResponse<String> userinfo = server.send("GET", "/userinfo", "Authorization", "Bearer " + t.get("access_token"));
        assertThat(userinfo.statusCode()).isEqualTo(401);

        HttpResponse<String> after = alice.get("/account");
        assertThat(WebUser.text(after.body())).doesNotContain("PhotoPrint").contains("Our own app");
        assertThat(active(server, own.get("access_token"))).isTrue();

        HttpResponse<String> again = alice.authorize(photoprint("photos.read", Pkce.generate(), "s"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(WebUser.checkboxes(again.body())).containsExactly("photos.read");
    }

    // CSRF: only a form of the user's own page, for this session, changes anything.
    @Test
    void whenTheCsrfTokenIsMissingOrWrongThenForbiddenAndNothingIsRevoked() {
        Map<String, Object> t = tokens(server, alice, "alice", "offline_access photos.read");
        WebUser bob = new WebUser(server);
        bob.login(bob.get("/account"), "bob", password("bob"));
        String bobs = csrf(bob.get("/account"));
        String alices = csrf(alice.get("/account"));
        assertThat(bobs).isNotEqualTo(alices);

        for (String wrong : new String[] {null, "", alices + "x", bobs}) {
            assertShownError(revoke(alice, wrong, "photoprint", null), 403, "invalid_request", UNCHANGED);
            assertShownError(revoke(alice, wrong, "photoprint", "photos.read"), 403, "invalid_request", UNCHANGED);
        }
        // Without a session, back to the page (which asks to sign in).
        HttpResponse<String> anonymous = revoke(new WebUser(server), alices, "photoprint", null);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(WebUser.location(anonymous)).isEqualTo("/account");

        assertThat(active(server, t.get("access_token"))).isTrue();
        assertThat(refresh(server, (String) t.get("refresh_token")).statusCode()).isEqualTo(200);
        assertThat(listedScopes(alice.get("/account"))).containsExactly("offline_access", "photos.read");
    }

    // OWASP Session Management Cheat Sheet: logout invalidates the session on the server, not just the cookie.
    @Test
    void whenTheUserLogsOutThenTheSessionEndsAndTheOldCookieNoLongerWorks() {
        alice.login(alice.get("/account"), "alice", password("alice"));
        String cookie = alice.cookies().get("sk_session");
        HttpResponse<String> page = alice.get("/account");
        String csrf = csrf(page);

        // Logging out is a change too: not without the token.
        assertShownError(alice.post("/logout", List.<String[]>of(new String[] {"csrf", csrf + "x"})), 403, "invalid_request", UNCHANGED);
        assertThat(WebUser.isLoginPage(alice.get("/account"))).isFalse();

        HttpResponse<String> out = alice.post("/logout", List.<String[]>of(new String[] {"csrf", csrf}));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(WebUser.location(out)).isEqualTo("/account");
        assertThat(setCookie(out, "sk_session").orElseThrow()).startsWith("sk_session=;").contains("Max-Age=0");
        assertThat(WebUser.isLoginPage(alice.get("/account"))).isTrue();

        WebUser replay = new WebUser(server);
        replay.cookies().put("sk_session", cookie);
        assertThat(WebUser.isLoginPage(replay.get("/account"))).isTrue();
        HttpResponse<String> prompt = replay.authorize(photoprint("photos.read", Pkce.generate(), "s"));
        assertThat(WebUser.isLoginPage(prompt)).isTrue();
    }
}
