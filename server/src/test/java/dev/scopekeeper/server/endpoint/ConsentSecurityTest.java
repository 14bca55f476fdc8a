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
import java.util.Set;

import static dev.scopekeeper.server.endpoint.BrowserFlows.CB;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertRedirectedError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertSecurePage;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertShownError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.exchange;
import static dev.scopekeeper.server.endpoint.BrowserFlows.password;
import static dev.scopekeeper.server.endpoint.BrowserFlows.photoprint;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent form under attack: a decision counts only from the signed-in user's own page (session
 * and CSRF token), grants only what was offered, and a refusal goes back to the client. A refused
 * form leaves nothing behind: no code, no remembered consent.
 */
class ConsentSecurityTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static final String CONSENT = "/authorize/consent";

    @BeforeEach
    void forgetConsents() {
        BrowserFlows.forgetConsents(server);
    }

    /** A signed-in user's consent page for photoprint. */
    static HttpResponse<String> consentPage(WebUser user, String username, String scope, Pkce pkce) {
        HttpResponse<String> page = user.login(user.authorize(photoprint(scope, pkce, "st")), username, password(username));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(WebUser.checkboxes(page.body())).isNotEmpty();
        return page;
    }

    /** The consent form's hidden fields, {@code csrf} replaced (null: left out), then the grants and the decision. */
    static List<String[]> consentFields(HttpResponse<String> page, String csrf, List<String> grants, String decision) {
        List<String[]> fields = new ArrayList<>();
        for (WebUser.Input in : WebUser.form(page.body(), CONSENT).inputs()) {
            if ("hidden".equals(in.type()) && !"csrf".equals(in.name())) {
                fields.add(new String[] {in.name(), in.value()});
            }
        }
        if (csrf != null) {
            fields.add(new String[] {"csrf", csrf});
        }
        grants.forEach(g -> fields.add(new String[] {"grant", g}));
        if (decision != null) {
            fields.add(new String[] {"decision", decision});
        }
        return fields;
    }

    static String csrf(HttpResponse<String> page) {
        return WebUser.field(page.body(), CONSENT, "csrf");
    }

    /** Nothing was remembered: the store has no consent, and the next request asks again. */
    static void assertNothingGranted(WebUser user, String username) {
        assertThat(server.server().store().findConsent(username, "photoprint")).isEmpty();
        HttpResponse<String> again = user.authorize(photoprint("photos.read", Pkce.generate(), "again"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(WebUser.checkboxes(again.body())).containsExactly("photos.read");
    }

    static void assertForbidden(HttpResponse<String> r) {
        assertShownError(r, 403, "invalid_request", "Nothing was granted. Please go back to the app and start again.");
    }

    // CSRF (RFC 6749 §10.12): the decision must come with the session's own token.
    @Test
    void whenTheCsrfTokenIsMissingOrWrongThenForbiddenAndNothingGranted() {
        WebUser bob = new WebUser(server);
        HttpResponse<String> page = consentPage(bob, "bob", "photos.read", Pkce.generate());
        assertForbidden(bob.post(CONSENT, consentFields(page, null, List.of("photos.read"), "approve")));
        assertForbidden(bob.post(CONSENT, consentFields(page, "", List.of("photos.read"), "approve")));
        assertForbidden(bob.post(CONSENT, consentFields(page, csrf(page) + "x", List.of("photos.read"), "approve")));
        assertForbidden(bob.post(CONSENT, consentFields(page, Pkce.generate().verifier(), List.of("photos.read"), "approve")));
        assertNothingGranted(bob, "bob");
    }

    // RFC 6749 §10.12: the CSRF token is bound to the session that was shown the page.
    @Test
    void whenTheFormComesFromAnotherUsersSessionThenForbiddenAndNothingGranted() {
        WebUser alice = new WebUser(server);
        HttpResponse<String> alicePage = consentPage(alice, "alice", "photos.read", Pkce.generate());
        WebUser bob = new WebUser(server);
        HttpResponse<String> bobPage = consentPage(bob, "bob", "photos.read", Pkce.generate());
        // Alice's form, token and all, posted with Bob's session; and Bob's token with Alice's session.
        assertForbidden(bob.post(CONSENT, consentFields(alicePage, csrf(alicePage), List.of("photos.read"), "approve")));
        assertForbidden(alice.post(CONSENT, consentFields(alicePage, csrf(bobPage), List.of("photos.read"), "approve")));
        assertNothingGranted(alice, "alice");
        assertNothingGranted(bob, "bob");
    }

    // RFC 6749 §3.1: the authorization server must first authenticate the resource owner.
    @Test
    void whenThereIsNoSessionThenAnErrorPageAndNothingGranted() {
        WebUser alice = new WebUser(server);
        HttpResponse<String> page = consentPage(alice, "alice", "photos.read", Pkce.generate());
        WebUser stranger = new WebUser(server);
        assertShownError(stranger.post(CONSENT, consentFields(page, csrf(page), List.of("photos.read"), "approve")), 400,
                "invalid_request", "Please go back to the app and start again.");
        stranger.cookies().put("sk_session", "no-such-session-0123456789abcdefghijklmnopq");
        assertShownError(stranger.post(CONSENT, consentFields(page, csrf(page), List.of("photos.read"), "approve")), 400,
                "invalid_request", "Please go back to the app and start again.");
        assertNothingGranted(alice, "alice");
    }

    // RFC 6749 §3.3: the server decides the scope; a ticked box that was not offered grants nothing.
    @Test
    void whenTheFormGrantsScopesThatWereNotOfferedThenTheyAreIgnored() {
        WebUser bob = new WebUser(server);
        Pkce pkce = Pkce.generate();
        HttpResponse<String> page = consentPage(bob, "bob", "photos.read", pkce);
        HttpResponse<String> r = bob.post(CONSENT, consentFields(page, csrf(page),
                List.of("photos.read", "photos.upload", "photos.manage", "read:images", "offline_access", "openid", "x\"y"), "approve"));
        Map<String, String> params = WebUser.redirectParams(r);
        assertThat(params.keySet()).containsExactly("code", "state", "iss");
        assertThat(server.server().store().findConsent("bob", "photoprint").orElseThrow().scopes().keySet())
                .containsExactly("photos.read");
        Map<String, Object> tokens = json(exchange(server, params.get("code"), pkce));
        assertThat(tokens.get("scope")).isEqualTo("photos.read");
        assertThat(tokens).doesNotContainKey("refresh_token");
    }

    // RFC 6749 §4.1.2.1: the resource owner denied the request → access_denied, with state and iss (RFC 9207).
    @Test
    void whenTheUserDeniesThenAccessDeniedWithStateAndIssAndNothingGranted() {
        WebUser carol = new WebUser(server);
        HttpResponse<String> page = consentPage(carol, "carol", "photos.read", Pkce.generate());
        assertRedirectedError(server, carol.consent(page, "deny", Set.of()), 303, CB, "access_denied",
                "the user denied the request", "st");
        assertNothingGranted(carol, "carol");
    }

    // RFC 6749 §4.1.2.1 invalid_request (and §3.1: no parameter twice).
    @Test
    void whenTheDecisionIsMissingOrUnknownThenInvalidRequestAndNothingGranted() {
        WebUser carol = new WebUser(server);
        HttpResponse<String> page = consentPage(carol, "carol", "photos.read", Pkce.generate());
        assertRedirectedError(server, carol.post(CONSENT, consentFields(page, csrf(page), List.of("photos.read"), null)), 303, CB,
                "invalid_request", "decision must be approve or deny", "st");
        assertRedirectedError(server, carol.post(CONSENT, consentFields(page, csrf(page), List.of("photos.read"), "yes")), 303, CB,
                "invalid_request", "decision must be approve or deny", "st");
        List<String[]> twice = consentFields(page, csrf(page), List.of("photos.read"), "deny");
        twice.add(new String[] {"decision", "approve"});
        assertRedirectedError(server, carol.post(CONSENT, twice), 303, CB, "invalid_request",
                "parameter 'decision' is included more than once", "st");
        assertNothingGranted(carol, "carol");
    }

    // RFC 6749 §10.13 (clickjacking) and §10.4 / RFC 9700 §4.11: no page of the flow is framed or cached.
    @Test
    void whenAnyPageOfTheFlowIsServedThenItCannotBeFramedNorCached() {
        WebUser bob = new WebUser(server);
        HttpResponse<String> login = bob.authorize(photoprint("photos.read", Pkce.generate(), "st"));
        assertSecurePage(login);
        assertSecurePage(bob.login(login, "bob", "wrong-password"));
        HttpResponse<String> consent = bob.login(bob.authorize(photoprint("photos.read", Pkce.generate(), "st")), "bob", password("bob"));
        assertSecurePage(consent);
        assertSecurePage(bob.post(CONSENT, consentFields(consent, null, List.of(), "approve")));
        assertSecurePage(bob.consent(consent, "approve", Set.of()));
        assertSecurePage(bob.get("/account"));
        assertSecurePage(bob.get("/authorize?client_id=nope"));
        assertSecurePage(new WebUser(server).get("/account"));
    }
}
