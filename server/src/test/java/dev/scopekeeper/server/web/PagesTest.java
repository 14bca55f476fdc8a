package dev.scopekeeper.server.web;

import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.web.ConsentView.ApiGroup;
import dev.scopekeeper.server.web.ConsentView.ScopeItem;
import dev.scopekeeper.server.web.LoginView.Field;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.scopekeeper.server.web.SampleViews.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

/** The pages render their views, escape everything they are given, and carry the security headers. */
class PagesTest {
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy",
            "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff");

    /** Every element and attribute the templates use; anything else came from input. */
    static final Set<String> ELEMENTS = Set.of("html", "head", "meta", "title", "link", "body", "header", "main", "div", "span",
            "svg", "path", "circle", "h1", "h2", "p", "strong", "code", "form", "input", "label", "button", "fieldset", "legend",
            "section", "ul", "li");
    static final Set<String> ATTRIBUTES = Set.of("lang", "charset", "name", "content", "rel", "href", "class", "viewbox",
            "width", "height", "aria-hidden", "focusable", "d", "cx", "cy", "r", "method", "action", "type", "value", "for",
            "id", "autocomplete", "autocapitalize", "spellcheck", "required", "autofocus", "checked", "role", "aria-label");

    @Test
    void whenLoginThenFormWithCsrfCredentialsAndHiddenFieldsPostsToAction() {
        String html = Pages.login(SampleViews.login()).bodyText();
        assertThat(html).contains("<form class=\"stack\" method=\"post\" action=\"/login\">")
                .contains("name=\"csrf\" value=\"csrf-login-4f2a\"")
                .contains("name=\"username\"").contains("name=\"password\" type=\"password\"")
                .contains("<input type=\"hidden\" name=\"return_to\" value=\"/authorize?client_id=photo-printer&amp;state=af0i\">")
                .contains("Sign in to continue to <strong>Photo Printer</strong>")
                .doesNotContain("role=\"alert\"");
        assertThat(html.indexOf("name=\"username\"")).isLessThan(html.indexOf("name=\"password\""));
    }

    @Test
    void whenLoginFailedThenErrorBannerAndUsernamePrefilledAndNoAppLine() {
        String html = Pages.login(SampleViews.failedLogin()).bodyText();
        assertThat(html).contains("role=\"alert\">Wrong username or password.</div>")
                .contains("name=\"username\" type=\"text\" value=\"alice\"")
                .doesNotContain("Sign in to continue to");
    }

    @Test
    void whenConsentThenOneCheckedCheckboxPerOfferedScopeGroupedByApi() {
        String html = Pages.consent(SampleViews.consent(false)).bodyText();
        assertThat(checkboxValues(html)).containsExactly("photos.read", "photos.upload", "openid", "offline_access");
        assertThat(count(html, "type=\"checkbox\" name=\"grant\"")).isEqualTo(4);
        assertThat(count(html, " checked>")).isEqualTo(4);
        assertThat(html).contains("<legend>Photos API</legend>").contains("<legend>Your account</legend>")
                .contains("See your photos").contains("<code>photos.read</code>")
                .contains("Signed in as <strong>alice</strong>")
                .contains("<strong>Photo Printer</strong> wants access to your account")
                .contains("not made by the operator of this service")
                .doesNotContain("first-party")
                .contains("action=\"/consent\"").contains("name=\"csrf\" value=\"csrf-consent-91bc\"")
                .contains("name=\"request\" value=\"req-7f3a9c\"").contains("name=\"client_id\" value=\"photo-printer\"")
                .contains("name=\"decision\" value=\"approve\">Allow selected</button>")
                .contains("name=\"decision\" value=\"deny\">Deny</button>");
        assertThat(html.indexOf("Photos API")).isLessThan(html.indexOf("Your account"));
    }

    @Test
    void whenConsentThenAlreadyGrantedAndUnavailableScopesAreListedWithoutCheckbox() {
        String html = Pages.consent(SampleViews.consent(false)).bodyText();
        assertThat(html).contains("Already allowed").contains("See your name and username").contains("<code>profile</code>")
                .contains("Delete your photos").contains("<code>photos.delete</code>")
                .contains("not available to your account");
        assertThat(checkboxValues(html)).doesNotContain("profile", "photos.delete");
        assertThat(html).doesNotContain("value=\"photos.delete\"").doesNotContain("value=\"profile\"");
    }

    @Test
    void whenConsentForFirstPartyAppThenBadgeAndNoThirdPartyWarning() {
        String html = Pages.consent(SampleViews.consent(true)).bodyText();
        assertThat(html).contains("<span class=\"badge\">first-party</span>").doesNotContain("not made by the operator");
    }

    @Test
    void whenConsentHasNothingNewThenNoCheckboxesAndNoEmptySections() {
        ConsentView view = new ConsentView("/consent", "c", "alice", "App", "app", false, List.of(),
                List.of(new ScopeItem("openid", "Confirm who you are")), List.of(), List.of());
        String html = Pages.consent(view).bodyText();
        assertThat(html).doesNotContain("type=\"checkbox\"").doesNotContain("<fieldset").doesNotContain("Not available")
                .contains("Already allowed").contains("Allow selected");
    }

    @Test
    void whenScopeHasNoDescriptionThenItsNameIsShown() {
        ConsentView view = new ConsentView("/consent", "c", "alice", "App", "app", false,
                List.of(new ApiGroup("Photos API", List.of(new ScopeItem("photos.read", null)))), List.of(), List.of(), List.of());
        assertThat(Pages.consent(view).bodyText()).contains("<span class=\"scope-desc\">photos.read</span>");
    }

    @Test
    void whenConnectedAppsThenCardPerAppWithScopesDatesAndRevokeForms() {
        String html = Pages.connectedApps(SampleViews.connectedApps()).bodyText();
        assertThat(html).contains("<h2>Photo Printer</h2>").contains("<h2>Scopekeeper Console</h2>")
                .contains("See your photos").contains("<code>photos.read</code>")
                .contains("<span>Photos API&nbsp;· <span class=\"nowrap\">granted 22 Nov 2026</span></span>")
                .contains("<span>Your account&nbsp;· <span class=\"nowrap\">granted 22 Nov 2026</span></span>")
                // 23:59:59 UTC is still the 3rd in UTC, whatever the machine's zone
                .contains("<span>Imaging archive&nbsp;· <span class=\"nowrap\">granted 3 Oct 2026</span></span>")
                .contains("role=\"status\">Photo Printer can no longer upload photos.</div>")
                .contains("Signed in as </span><strong>alice</strong>")
                .doesNotContain("No apps have access");
        assertThat(count(html, "<span class=\"badge\">first-party</span>")).isEqualTo(1);
        // Three per-scope revoke forms and two remove-access forms, all to revokeAction with the CSRF token.
        assertThat(count(html, "action=\"/account/apps/revoke\"")).isEqualTo(5);
        assertThat(count(html, ">Revoke</button>")).isEqualTo(3);
        assertThat(count(html, ">Remove access</button>")).isEqualTo(2);
        assertThat(count(html, "name=\"csrf\" value=\"csrf-apps-55d0\"")).isEqualTo(6);
        assertThat(html).contains("<input type=\"hidden\" name=\"client_id\" value=\"photo-printer\">\n"
                + "<input type=\"hidden\" name=\"scope\" value=\"photos.read\">");
        assertThat(html).contains("action=\"/logout\"").contains(">Sign out</button>");
    }

    @Test
    void whenNoConnectedAppsThenEmptyStateAndNoNotice() {
        String html = Pages.connectedApps(SampleViews.noApps()).bodyText();
        assertThat(html).contains("No apps have access to your account").doesNotContain("role=\"status\"")
                .doesNotContain("Remove access").contains(">Sign out</button>");
    }

    @Test
    void whenErrorThenStatusFromViewTitleMessageAndCode() {
        Response r = Pages.error(SampleViews.error());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).contains("<title>This link cannot be used · Scopekeeper</title>")
                .contains("<h1>This link cannot be used</h1>")
                .contains("has not registered.").contains("<code>invalid_request</code>");
        Response noCode = Pages.error(new ErrorView(404, "Not found", "Nothing here.", null));
        assertThat(noCode.status()).isEqualTo(404);
        assertThat(noCode.bodyText()).doesNotContain("Error code").doesNotContain("<code>");
    }

    @Test
    void whenAnyPageThenHtmlWithSecurityHeadersAndStylesheetAndNoScript() {
        for (Response r : allPages()) {
            assertThat(r.contentType()).isEqualTo("text/html;charset=UTF-8");
            assertThat(r.headers()).isEqualTo(SECURITY_HEADERS);
            assertThat(r.bodyText()).startsWith("<!DOCTYPE html>")
                    .contains("<link rel=\"stylesheet\" href=\"" + StylesheetEndpoint.PATH + "\">")
                    .contains("<html lang=\"en\">")
                    .contains("<meta name=\"viewport\"")
                    .contains("Scopekeeper</span>")
                    .doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("javascript:")
                    .doesNotContain(" style=").doesNotContainPattern("(?i)\\son[a-z]+=");
            HtmlScan scan = HtmlScan.of(r.bodyText());
            assertThat(scan.elements()).isSubsetOf(ELEMENTS);
            assertThat(scan.attributeNames()).isSubsetOf(ATTRIBUTES);
        }
        assertThat(Pages.securityHeaders()).isEqualTo(Map.of(
                "Cache-Control", "no-store",
                "Content-Security-Policy", SECURITY_HEADERS.get("Content-Security-Policy"),
                "X-Frame-Options", "DENY",
                "Referrer-Policy", "no-referrer",
                "X-Content-Type-Options", "nosniff"));
        assertThat(SECURITY_HEADERS.get("Content-Security-Policy")).doesNotContain("form-action");
    }

    @Test
    void whenLoginValuesAreHostileThenEscaped() {
        LoginView view = new LoginView(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, List.of(new Field(HOSTILE, HOSTILE)));
        assertEscaped(Pages.login(view).bodyText(), 7);
    }

    @Test
    void whenConsentValuesAreHostileThenEscaped() {
        ScopeItem item = SampleViews.hostileScope();
        ConsentView view = new ConsentView(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, false,
                List.of(new ApiGroup(HOSTILE, List.of(item))), List.of(item), List.of(item), List.of(new Field(HOSTILE, HOSTILE)));
        String html = Pages.consent(view).bodyText();
        assertEscaped(html, 14);
        assertThat(checkboxValues(html)).hasSize(1);
    }

    @Test
    void whenConnectedAppsValuesAreHostileThenEscaped() {
        ConnectedAppsView view = new ConnectedAppsView(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, List.of(
                new ConnectedAppsView.App(HOSTILE, HOSTILE, false, List.of(
                        new ConnectedAppsView.GrantedScope(HOSTILE, HOSTILE, HOSTILE, Instant.parse("2026-11-22T00:00:00Z"))))));
        assertEscaped(Pages.connectedApps(view).bodyText(), 17);
    }

    @Test
    void whenErrorValuesAreHostileThenEscaped() {
        assertEscaped(Pages.error(new ErrorView(400, HOSTILE, HOSTILE, HOSTILE)).bodyText(), 4);
    }

    @Test
    void whenStylesheetRequestedThenCssWithCaching() {
        Response r = new StylesheetEndpoint().handle(new Request("GET", StylesheetEndpoint.PATH, null, null, name -> null,
                new byte[0], "test"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/css;charset=UTF-8");
        assertThat(r.headers()).containsEntry("Cache-Control", "public, max-age=3600");
        assertThat(r.bodyText()).contains(".card").contains("prefers-color-scheme: dark").doesNotContain("<script");
    }

    static List<Response> allPages() {
        return List.of(Pages.login(SampleViews.login()), Pages.login(SampleViews.failedLogin()),
                Pages.consent(SampleViews.consent(false)), Pages.consent(SampleViews.consent(true)),
                Pages.connectedApps(SampleViews.connectedApps()), Pages.connectedApps(SampleViews.noApps()),
                Pages.error(SampleViews.error()));
    }

    /**
     * The hostile value added no element and no attribute, and reads back intact (escaped, then
     * decoded) in exactly {@code places} text runs and attribute values: every place that shows it.
     */
    static void assertEscaped(String html, int places) {
        HtmlScan scan = HtmlScan.of(html);
        assertThat(scan.elements()).doesNotContain("script", "img").isSubsetOf(ELEMENTS);
        assertThat(scan.attributeNames()).doesNotContain("onerror", "src").isSubsetOf(ATTRIBUTES);
        assertThat(scan.countContaining(HOSTILE)).isEqualTo(places);
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img").doesNotContain("Tom & ");
    }

    static List<String> checkboxValues(String html) {
        Matcher m = Pattern.compile("<input type=\"checkbox\" name=\"grant\" value=\"([^\"]*)\"").matcher(html);
        return m.results().map(r -> r.group(1)).toList();
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
