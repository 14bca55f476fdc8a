package dev.scopekeeper.server.endpoint;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.server.consent.ConsentGrant;
import dev.scopekeeper.server.testing.Browser;
import dev.scopekeeper.server.testing.FakeApp;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import dev.scopekeeper.server.web.Pages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.PHOTOPRINT_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow in a real browser (Debian's Chromium through Playwright) against a
 * real server: login, consent with a scope unticked, the redirect to the app (a {@link FakeApp} at
 * {@code https://photoprint.example}), the code exchanged and refreshed over HTTP as the app would,
 * and the grant revoked on the connected-apps page; then denial, remembered consent and the demo
 * pages. No page of ours may log a console error (a CSP violation would). Screenshots go to
 * {@code server/target/screenshots/flow-*.png} and {@code demo-*.png}.
 */
class CodeFlowBrowserTest {
    /** The app's site at its redirect URI's origin, reached by Chromium through a host-resolver rule. */
    static final FakeApp app = FakeApp.start("photoprint.example", "/cb");
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    @RegisterExtension
    static final Browser browser = new Browser(List.of(app.hostResolverRule()), true);

    static final String CB = "https://photoprint.example/cb";
    static final String SCOPE = "openid offline_access photos.read photos.upload";

    @AfterAll
    static void stopApp() {
        app.close();
    }

    /** One server for the class: every test starts with no remembered consent. */
    @BeforeEach
    void forgetConsents() {
        for (String user : List.of("alice", "bob", "carol")) {
            server.server().store().revokeConsent(user, "photoprint", null, Instant.now());
        }
    }

    @AfterEach
    void noConsoleErrors() {
        assertThat(browser.consoleErrors()).as("console errors (CSP violations, failed loads)").isEmpty();
    }

    @Test
    void whenUserUnticksAScopeApprovesAndLaterRevokesThenTokensFollowEveryStep() throws Exception {
        Page page = browser.newPage();
        Pkce pkce = Pkce.generate();
        Map<String, String> req = request(SCOPE, pkce, "st-browser");
        req.put("nonce", "n-browser");

        // Login.
        page.navigate(authorizeUrl(req));
        assertThat(page).hasTitle("Sign in · Scopekeeper");
        assertThat(page.getByText("Sign in to continue to PhotoPrint")).isVisible();
        assertThat(page.getByLabel("Username")).isFocused();
        assertStylesheetApplied(page);
        Browser.screenshot(page, "flow-login");
        page.getByLabel("Username").fill("alice");
        page.getByLabel("Password").fill("alice-test-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

        // Consent: the app, the scopes with their descriptions grouped by API, all ticked.
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("PhotoPrint wants access to your account");
        assertThat(page.getByText("not made by the operator of this service")).isVisible();
        assertThat(page.getByText("Signed in as alice")).isVisible();
        Locator account = group(page, "Your account");
        Locator photos = group(page, "Photos API");
        assertThat(account.getByRole(AriaRole.CHECKBOX)).hasCount(2);
        assertThat(scopeLabel(account, "openid")).containsText("Know who you are (your user name)");
        assertThat(scopeLabel(account, "offline_access")).containsText("Keep access while you are not using the app");
        assertThat(photos.getByRole(AriaRole.CHECKBOX)).hasCount(2);
        assertThat(scopeLabel(photos, "photos.read")).containsText("See your photos");
        assertThat(scopeLabel(photos, "photos.upload")).containsText("Upload photos");
        // Each checkbox is named by its description (the label wraps it).
        assertThat(photos.getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName("Upload photos")))
                .hasAttribute("value", "photos.upload");
        Locator boxes = page.getByRole(AriaRole.CHECKBOX);
        assertThat(boxes).hasCount(4);
        for (int i = 0; i < 4; i++) {
            assertThat(boxes.nth(i)).isChecked();
        }
        assertStylesheetApplied(page);
        Browser.screenshot(page, "flow-consent");

        // Untick photos.upload by clicking its label text, then allow the rest.
        photos.getByText("Upload photos", new Locator.GetByTextOptions().setExact(true)).click();
        assertThat(checkbox(photos, "photos.upload")).not().isChecked();
        assertThat(checkbox(photos, "photos.read")).isChecked();
        Map<String, String> answer = approve(page);
        assertThat(answer).containsOnlyKeys("code", "state", "iss")
                .containsEntry("state", "st-browser").containsEntry("iss", server.issuer());

        // The code, exchanged by the app (over HTTP, with its secret and the PKCE verifier).
        Map<String, Object> tokens = json(assertOk(exchange(answer.get("code"), pkce)));
        assertThat(tokens.get("scope")).isEqualTo("offline_access openid photos.read");
        assertThat(tokens).containsKeys("access_token", "refresh_token", "id_token");
        assertThat(SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-browser");
        assertThat(SignedJWT.parse((String) tokens.get("access_token")).getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo("offline_access openid photos.read");

        // One refresh: the refresh token rotates.
        Map<String, Object> refreshed = json(assertOk(refresh((String) tokens.get("refresh_token"))));
        String refreshToken = (String) refreshed.get("refresh_token");
        String accessToken = (String) refreshed.get("access_token");
        assertThat(refreshToken).isNotBlank().isNotEqualTo(tokens.get("refresh_token"));
        assertThat(refreshed.get("scope")).isEqualTo("offline_access openid photos.read");
        assertThat(introspect(accessToken)).containsEntry("active", true);

        // The connected-apps page, in the same browser (the session cookie is there).
        ConsentGrant grant = server.server().store().findConsent("alice", "photoprint").orElseThrow();
        assertThat(grant.scopes()).containsOnlyKeys("openid", "offline_access", "photos.read");
        String grantedOn = "granted " + Pages.day(grant.scopes().get("photos.read"));
        page.navigate(server.url(AccountEndpoint.PATH));
        assertThat(page).hasTitle("Connected apps · Scopekeeper");
        assertThat(page.getByText("Signed in as alice")).isVisible();
        Locator card = page.locator("section.app");
        assertThat(card).hasCount(1);
        assertThat(card.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName("PhotoPrint"))).isVisible();
        Locator rows = card.locator("li.grant");
        assertThat(rows).hasCount(3);
        for (String[] row : new String[][] {{"openid", "Know who you are (your user name)", "Your account"},
                {"offline_access", "Keep access while you are not using the app", "Your account"},
                {"photos.read", "See your photos", "Photos API"}}) {
            Locator r = rows.filter(new Locator.FilterOptions().setHas(page.locator("code", new Page.LocatorOptions().setHasText(row[0]))));
            assertThat(r).hasCount(1);
            assertThat(r).containsText(row[1]);
            assertThat(r).containsText(row[2]);
            assertThat(r).containsText(grantedOn);
        }
        assertThat(page.getByText("photos.upload")).hasCount(0);
        assertStylesheetApplied(page);
        Browser.screenshot(page, "flow-connected-apps");

        // Revoke one scope: a notice, the row is gone.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke photos.read for PhotoPrint")).click();
        assertThat(page.getByRole(AriaRole.STATUS))
                .hasText("The permission was revoked. The app's tokens that carried it no longer work.");
        assertThat(rows).hasCount(2);
        assertThat(card.locator("code", new Locator.LocatorOptions().setHasText("photos.read"))).hasCount(0);
        assertThat(server.server().store().findConsent("alice", "photoprint").orElseThrow().scopes())
                .containsOnlyKeys("openid", "offline_access");

        // Remove the app: the empty state.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove access for PhotoPrint")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The app's access was removed. Its tokens no longer work.");
        assertThat(page.getByText("No apps have access to your account")).isVisible();
        assertThat(page.locator("section.app")).hasCount(0);
        Browser.screenshot(page, "flow-connected-apps-empty");

        // The app's latest tokens no longer work.
        HttpResponse<String> refused = refresh(refreshToken);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused)).containsEntry("error", "invalid_grant");
        assertThat(introspect(accessToken)).isEqualTo(Map.of("active", false));
    }

    @Test
    void whenUserDeniesThenTheAppReceivesAccessDeniedWithItsState() throws Exception {
        Page page = browser.newPage();
        page.navigate(authorizeUrl(request(SCOPE, Pkce.generate(), "st-deny")));
        signIn(page, "bob", "bob-test-password");
        assertThat(page.getByRole(AriaRole.CHECKBOX)).hasCount(4);

        CompletableFuture<String> reached = app.expectCallback();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deny")).click();
        Map<String, String> answer = awaitRedirect(page, reached);
        assertThat(answer).containsEntry("error", "access_denied").containsEntry("state", "st-deny")
                .containsEntry("iss", server.issuer()).doesNotContainKey("code");
        assertThat(server.server().store().findConsent("bob", "photoprint")).isEmpty();
    }

    @Test
    void whenConsentWasGivenThenTheNextAuthorizationRedirectsAtOnceUnlessPromptIsConsent() throws Exception {
        Page page = browser.newPage();
        page.navigate(authorizeUrl(request("photos.read photos.upload", Pkce.generate(), "first")));
        signIn(page, "carol", "carol-test-password");
        assertThat(page.getByRole(AriaRole.CHECKBOX)).hasCount(2);
        assertThat(approve(page)).containsKey("code").containsEntry("state", "first");

        // Same scope again: straight back to the app with a code, no page of ours in between.
        Pkce pkce = Pkce.generate();
        List<String> shown = new ArrayList<>();
        page.onFrameNavigated(f -> {
            if (f == page.mainFrame()) {
                shown.add(f.url());
            }
        });
        CompletableFuture<String> reached = app.expectCallback();
        com.microsoft.playwright.Response landed = page.navigate(authorizeUrl(request("photos.read photos.upload", pkce, "second")));
        Map<String, String> again = awaitRedirect(page, reached);
        assertThat(again).containsKey("code").containsEntry("state", "second").containsEntry("iss", server.issuer());
        assertThat(shown).as("pages shown for the second authorization").containsExactly(page.url());
        com.microsoft.playwright.Request authorize = landed.request().redirectedFrom();
        assertThat(authorize.url()).startsWith(server.url("/authorize?"));
        assertThat(authorize.response().status()).isEqualTo(302);
        assertThat(authorize.redirectedFrom()).isNull();
        assertThat(json(assertOk(exchange(again.get("code"), pkce))).get("scope")).isEqualTo("photos.read photos.upload");

        // prompt=consent: the consent page again, for everything requested.
        Map<String, String> req = request("photos.read photos.upload", Pkce.generate(), "third");
        req.put("prompt", "consent");
        page.navigate(authorizeUrl(req));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("PhotoPrint wants access to your account");
        assertThat(page.getByRole(AriaRole.CHECKBOX)).hasCount(2);
        assertThat(checkbox(page.locator("form"), "photos.upload")).isChecked();
        assertThat(approve(page)).containsKey("code").containsEntry("state", "third");
    }

    @Test
    void whenDemoAppIsSignedInThenTheCallbackShowsTheCodeAndAWorkingExchangeCommand() throws Exception {
        try (TestServer demo = TestServer.startDemo(issuer -> """
                apis:
                  - audience: https://photos.example.com
                    name: Photos API
                    scopes:
                      - {name: photos.read, description: See your photos and albums, default: true}
                      - {name: photos.upload, description: Upload new photos}
                clients:
                  - id: photoprint
                    name: PhotoPrint
                    type: confidential
                    grantTypes: [authorization_code, refresh_token]
                    allowedScopes: [openid, offline_access, photos.read, photos.upload]
                    defaultScopes: [photos.read]
                    redirectUris: ["%s/demo/callback"]
                users:
                  - {username: alice, password: alice-demo-password, roles: []}
                """.formatted(issuer))) {
            String callback = demo.url(DemoEndpoint.CALLBACK);
            String secret = demo.server().configResult().generatedSecrets().get("photoprint");
            assertThat(secret).as("demo mode gives the confidential client a secret").isNotBlank();

            Page page = browser.newPage();
            page.navigate(demo.url(DemoEndpoint.PATH));
            assertThat(page).hasTitle("Scopekeeper demo · Scopekeeper");
            assertStylesheetApplied(page);
            Browser.screenshot(page, "demo-home");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in to PhotoPrint")).click();

            assertThat(page.getByText("Sign in to continue to PhotoPrint")).isVisible();
            signIn(page, "alice", "alice-demo-password");
            assertThat(page.getByRole(AriaRole.CHECKBOX)).hasCount(4);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allow selected")).click();

            page.waitForURL(u -> u.startsWith(callback + "?"));
            Map<String, String> answer = query(page.url());
            assertThat(answer).containsEntry("state", "demo-photoprint").containsEntry("iss", demo.issuer()).containsKey("code");
            String code = answer.get("code");
            assertThat(page).hasTitle("PhotoPrint received the answer · Scopekeeper");
            assertThat(page.locator("code.demo-code")).hasText(code);
            Locator command = page.locator("pre.demo-command");
            assertThat(command).hasCount(1);
            assertThat(command).containsText("code_verifier=" + DemoEndpoint.VERIFIER);
            assertThat(command).containsText("code=" + code);
            assertThat(command).containsText("redirect_uri=" + callback);
            assertThat(command).containsText("-u photoprint:\"$SECRET\"");
            assertStylesheetApplied(page);
            Browser.screenshot(page, "demo-callback");

            // The command works: the demo's fixed challenge matches its verifier.
            HttpResponse<String> token = demo.postBasic("/token", "photoprint", secret, "grant_type=authorization_code&code="
                    + enc(code) + "&redirect_uri=" + enc(callback) + "&code_verifier=" + DemoEndpoint.VERIFIER);
            assertThat(json(assertOk(token)).get("scope")).isEqualTo("offline_access openid photos.read photos.upload");
        }
    }

    // ---- helpers

    /** Waits for the browser to reach the app's redirect URI (the app saw the request; the page loaded) and reads the answer. */
    static Map<String, String> awaitRedirect(Page page, CompletableFuture<String> reached) throws Exception {
        String url = reached.get(10, TimeUnit.SECONDS);
        assertThat(url).startsWith(CB + "?");
        page.waitForURL(url::equals);
        assertThat(page.getByText("The app received the answer.")).isVisible();
        return query(url);
    }

    /** Clicks "Allow selected" and returns the app's redirect parameters. */
    static Map<String, String> approve(Page page) throws Exception {
        CompletableFuture<String> reached = app.expectCallback();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allow selected")).click();
        return awaitRedirect(page, reached);
    }

    static void signIn(Page page, String username, String password) {
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in"))).isVisible();
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("wants access to your account");
    }

    static Locator group(Page page, String name) {
        Locator g = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName(name).setExact(true));
        assertThat(g).isVisible();
        return g;
    }

    /** The label (description and scope name) around a scope's checkbox. */
    static Locator scopeLabel(Locator within, String scope) {
        Locator label = within.locator("label.scope").filter(new Locator.FilterOptions().setHas(within.page().locator(checkboxSelector(scope))));
        assertThat(label).hasCount(1);
        assertThat(label.locator("code")).hasText(scope);
        return label;
    }

    static Locator checkbox(Locator within, String scope) {
        return within.locator(checkboxSelector(scope));
    }

    static String checkboxSelector(String scope) {
        return "input[type=checkbox][name=grant][value=\"" + scope + "\"]";
    }

    static Map<String, String> request(String scope, Pkce pkce, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", "photoprint");
        p.put("redirect_uri", CB);
        p.put("scope", scope);
        p.put("state", state);
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        return p;
    }

    static String authorizeUrl(Map<String, String> params) {
        return server.url(MetadataEndpoint.AUTHORIZE + "?" + WebUser.query(params));
    }

    static HttpResponse<String> exchange(String code, Pkce pkce) {
        return server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET, "grant_type=authorization_code&code=" + enc(code)
                + "&redirect_uri=" + enc(CB) + "&code_verifier=" + pkce.verifier());
    }

    static HttpResponse<String> refresh(String refreshToken) {
        return server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET, "grant_type=refresh_token&refresh_token=" + enc(refreshToken));
    }

    /** Introspection by a resource server (client archiver). */
    static Map<String, Object> introspect(String token) {
        HttpResponse<String> r = server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + enc(token));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static HttpResponse<String> assertOk(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    static Map<String, String> query(String url) {
        return FakeApp.query(URI.create(url).getRawQuery());
    }

    /** The stylesheet loaded under the pages' CSP: computed styles differ from Chromium's defaults. */
    static void assertStylesheetApplied(Page page) {
        assertThat(page.evaluate("getComputedStyle(document.body).margin")).isEqualTo("0px");
        assertThat(page.evaluate("getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(243, 244, 247)");
    }
}
