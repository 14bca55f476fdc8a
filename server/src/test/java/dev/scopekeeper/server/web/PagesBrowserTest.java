package dev.scopekeeper.server.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scopekeeper.server.endpoint.FormPost;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real browser (Debian's Chromium), served with their real headers: the stylesheet
 * applies under the Content-Security-Policy, the forms work without JavaScript, nothing logs an
 * error. Screenshots go to {@code server/target/screenshots/}.
 */
class PagesBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    static final int PHONE_WIDTH = 390;
    static final int PHONE_HEIGHT = 844;
    /** The pages by path; a POST to any path answers 204, so the page stays and the request can be inspected. */
    static final Map<String, Supplier<Response>> PAGES = Map.of(
            "/login", () -> Pages.login(SampleViews.login()),
            "/login-failed", () -> Pages.login(SampleViews.failedLogin()),
            "/consent", () -> Pages.consent(SampleViews.consent(false)),
            "/consent-first-party", () -> Pages.consent(SampleViews.consent(true)),
            "/apps", () -> Pages.connectedApps(SampleViews.connectedApps()),
            "/apps-empty", () -> Pages.connectedApps(SampleViews.noApps()),
            "/error", () -> Pages.error(SampleViews.error()),
            "/csp-probe", () -> new Response(200, Pages.HTML, ("<!DOCTYPE html><html><head><title>probe</title></head><body>"
                    + "<p style=\"color: red\">inline style</p></body></html>").getBytes(StandardCharsets.UTF_8), Pages.securityHeaders()),
            StylesheetEndpoint.PATH, () -> new StylesheetEndpoint().handle(null));

    static HttpServer server;
    static String base;
    boolean consoleErrorsExpected;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", PagesBrowserTest::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @AfterEach
    void noConsoleErrors() {
        if (!consoleErrorsExpected) {
            assertThat(browser.consoleErrors()).as("console errors (CSP violations, failed loads)").isEmpty();
        }
    }

    @Test
    void whenLoginPageThenStyledAndTheFormPostsCredentialsCsrfAndHiddenFields() {
        Page page = open("/login");
        assertThat(page).hasTitle("Sign in · Scopekeeper");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in"))).isVisible();
        assertThat(page.getByText("Sign in to continue to Photo Printer")).isVisible();
        assertThat(page.getByLabel("Username")).isFocused();
        assertStylesheetApplied(page);
        Browser.screenshot(page, "login");

        page.getByLabel("Username").fill("alice");
        page.getByLabel("Password").fill("correct horse");
        FormParameters form = submit(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")));
        assertThat(form.single("csrf")).isEqualTo("csrf-login-4f2a");
        assertThat(form.single("username")).isEqualTo("alice");
        assertThat(form.single("password")).isEqualTo("correct horse");
        assertThat(form.single("return_to")).isEqualTo("/authorize?client_id=photo-printer&state=af0i");
    }

    @Test
    void whenLoginFailedThenAlertAndUsernameKept() {
        Page page = open("/login-failed");
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong username or password.");
        assertThat(page.getByLabel("Username")).hasValue("alice");
        assertThat(page.getByLabel("Password")).isFocused();
        assertThat(page.getByText("Sign in to continue")).hasCount(0);
        Browser.screenshot(page, "login-error");
    }

    @Test
    void whenConsentThenScopesCanBeUntickedAndOnlyTheTickedOnesArePosted() {
        Page page = open("/consent");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("Photo Printer wants access to your account");
        assertThat(page.getByText("not made by the operator of this service")).isVisible();
        assertThat(page.getByText("Signed in as alice")).isVisible();
        assertThat(page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Photos API"))).isVisible();
        assertThat(page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Your account"))).isVisible();
        assertThat(page.getByText("Already allowed")).isVisible();
        assertThat(page.getByText("not available to your account")).isVisible();
        Locator boxes = page.getByRole(AriaRole.CHECKBOX);
        assertThat(boxes).hasCount(4);
        for (int i = 0; i < 4; i++) {
            assertThat(boxes.nth(i)).isChecked();
        }
        assertStylesheetApplied(page);
        Browser.screenshot(page, "consent");

        Locator upload = page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Upload photos"));
        upload.uncheck();
        assertThat(upload).not().isChecked();
        // Clicking the label text toggles too (the label wraps the checkbox).
        page.getByText("Stay connected when you are not using the app").click();
        assertThat(page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Stay connected"))).not().isChecked();

        FormParameters form = submit(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allow selected")));
        assertThat(form.all("grant")).containsExactly("photos.read", "openid");
        assertThat(form.single("decision")).isEqualTo("approve");
        assertThat(form.single("csrf")).isEqualTo("csrf-consent-91bc");
        assertThat(form.single("request")).isEqualTo("req-7f3a9c");
        assertThat(form.single("client_id")).isEqualTo("photo-printer");
    }

    @Test
    void whenConsentDeniedThenDecisionIsDeny() {
        Page page = open("/consent-first-party");
        assertThat(page.getByText("first-party", new Page.GetByTextOptions().setExact(true))).isVisible();
        assertThat(page.getByText("not made by the operator")).hasCount(0);
        FormParameters form = submit(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deny")));
        assertThat(form.single("decision")).isEqualTo("deny");
    }

    @Test
    void whenConsentOnPhoneThenNothingOverflowsSideways() {
        Page page = browser.newPage();
        page.setViewportSize(PHONE_WIDTH, PHONE_HEIGHT);
        page.navigate(base + "/consent");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allow selected"))).isVisible();
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(PHONE_WIDTH);
        Browser.screenshot(page, "consent-phone");
    }

    @Test
    void whenDarkModeThenDarkBackground() {
        Page page = browser.newPage();
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        page.navigate(base + "/consent");
        assertThat(page.evaluate("getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(15, 18, 23)");
        Browser.screenshot(page, "consent-dark");
    }

    @Test
    void whenConnectedAppsThenCardsScopesAndWorkingRevokeForms() {
        Page page = open("/apps");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Photo Printer can no longer upload photos.");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Photo Printer"))).isVisible();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Scopekeeper Console"))).isVisible();
        assertThat(page.getByText("granted 22 Nov 2026").first()).isVisible();
        assertThat(page.getByText("granted 3 Oct 2026")).isVisible();
        assertThat(page.getByText("Signed in as alice")).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke").setExact(false))).hasCount(3);
        assertStylesheetApplied(page);
        Browser.screenshot(page, "connected-apps");

        FormParameters revoke = submit(page, page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Revoke photos.read for Photo Printer")));
        assertThat(revoke.single("client_id")).isEqualTo("photo-printer");
        assertThat(revoke.single("scope")).isEqualTo("photos.read");
        assertThat(revoke.single("csrf")).isEqualTo("csrf-apps-55d0");

        FormParameters removeAll = submit(page, page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Remove access for Scopekeeper Console")));
        assertThat(removeAll.single("client_id")).isEqualTo("console");
        assertThat(removeAll.single("scope")).isNull();

        FormParameters logout = submit(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")));
        assertThat(logout.single("csrf")).isEqualTo("csrf-apps-55d0");
    }

    @Test
    void whenConnectedAppsOnPhoneThenNothingOverflowsSideways() {
        Page page = browser.newPage();
        page.setViewportSize(PHONE_WIDTH, PHONE_HEIGHT);
        page.navigate(base + "/apps");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(PHONE_WIDTH);
        Browser.screenshot(page, "connected-apps-phone");
    }

    @Test
    void whenNoConnectedAppsThenEmptyState() {
        Page page = open("/apps-empty");
        assertThat(page.getByText("No apps have access to your account")).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke"))).hasCount(0);
        Browser.screenshot(page, "connected-apps-empty");
    }

    @Test
    void whenErrorPageThenTitleMessageAndCode() {
        Page page = browser.newPage();
        com.microsoft.playwright.Response response = page.navigate(base + "/error");
        assertThat(response.status()).isEqualTo(400);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("This link cannot be used"))).isVisible();
        assertThat(page.getByText("invalid_request")).isVisible();
        assertStylesheetApplied(page);
        Browser.screenshot(page, "error");
        // Chromium reports the page's own 400 status on the console; nothing else may appear.
        consoleErrorsExpected = true;
        assertThat(browser.consoleErrors()).singleElement().asString().contains("status of 400").contains(base + "/error");
    }

    /** Proves the console check above can fail: an inline style breaks the pages' CSP and Chromium says so. */
    @Test
    void whenPageBreaksTheCspThenConsoleErrorIsSeen() {
        consoleErrorsExpected = true;
        Page page = open("/csp-probe");
        assertThat(page.evaluate("getComputedStyle(document.querySelector('p')).color")).isNotEqualTo("rgb(255, 0, 0)");
        assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("Content Security Policy"));
    }

    Page open(String path) {
        Page page = browser.newPage();
        com.microsoft.playwright.Response response = page.navigate(base + path);
        assertThat(response.status()).isEqualTo(200);
        return page;
    }

    /** The stylesheet loaded under the CSP: computed styles differ from Chromium's defaults. */
    static void assertStylesheetApplied(Page page) {
        // Chromium's default body margin is 8px and its default background transparent.
        assertThat(page.evaluate("getComputedStyle(document.body).margin")).isEqualTo("0px");
        assertThat(page.evaluate("getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(243, 244, 247)");
        assertThat(page.evaluate("getComputedStyle(document.querySelector('.card, .app')).borderTopLeftRadius")).isEqualTo("12px");
    }

    /** Clicks a submit button and returns the form body the browser sent. */
    static FormParameters submit(Page page, Locator button) {
        Request request = page.waitForRequest(r -> "POST".equals(r.method()), button::click);
        assertThat(request.headerValue("content-type")).isEqualTo("application/x-www-form-urlencoded");
        return FormPost.decode(request.postDataBuffer());
    }

    static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Supplier<Response> page = PAGES.get(path);
            if ("POST".equals(exchange.getRequestMethod())) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (page == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Response r = page.get();
            r.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
            exchange.sendResponseHeaders(r.status(), r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        }
    }
}
