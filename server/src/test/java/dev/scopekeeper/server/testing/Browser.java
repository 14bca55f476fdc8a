package dev.scopekeeper.server.testing;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Headless Debian Chromium ({@code /usr/bin/chromium}) driven by Playwright; never a downloaded
 * browser. As a JUnit extension ({@code @RegisterExtension static final Browser browser = new Browser();})
 * it starts one browser per test class and a fresh {@link BrowserContext} (no cookies, no cache) per test.
 *
 * <p>When {@code /usr/bin/chromium} is missing the tests are skipped, unless
 * {@code SCOPEKEEPER_REQUIRE_BROWSER=true} (set in CI when Chromium is installed), in which case they fail.
 */
public final class Browser implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    public static final int DESKTOP_WIDTH = 1280;
    public static final int DESKTOP_HEIGHT = 800;
    private static final boolean REQUIRED = "true".equalsIgnoreCase(System.getenv("SCOPEKEEPER_REQUIRE_BROWSER"));
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final List<String> extraArgs;
    private final boolean ignoreHttpsErrors;
    private Playwright playwright;
    private com.microsoft.playwright.Browser browser;
    private BrowserContext context;
    private final List<String> consoleErrors = new ArrayList<>();

    public Browser() {
        this(List.of(), false);
    }

    /**
     * With extra Chromium switches (such as {@link FakeApp#hostResolverRule()}) and, when
     * {@code ignoreHttpsErrors}, contexts that accept any certificate (a {@link FakeApp}'s is self-signed).
     */
    public Browser(List<String> extraArgs, boolean ignoreHttpsErrors) {
        this.extraArgs = List.copyOf(extraArgs);
        this.ignoreHttpsErrors = ignoreHttpsErrors;
    }

    /** Launches Chromium; skips (or fails, when required) the calling test if it is not installed. */
    public void start() {
        requireChromium();
        // The pom sets this for surefire too; repeated here so a test started elsewhere never downloads a browser.
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(concat(ARGS, extraArgs)));
    }

    /** A fresh context at desktop size; closes the previous one. */
    public BrowserContext newContext() {
        closeContext();
        consoleErrors.clear();
        context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(DESKTOP_WIDTH, DESKTOP_HEIGHT).setLocale("en-GB").setTimezoneId("UTC")
                .setIgnoreHTTPSErrors(ignoreHttpsErrors));
        return context;
    }

    /** A new page in this test's context, its console errors and uncaught page errors recorded for {@link #consoleErrors()}. */
    public Page newPage() {
        if (context == null) {
            newContext();
        }
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.text() + " (" + m.location() + ")");
            }
        });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
        return page;
    }

    /** Console errors (CSP violations, failed loads) of every page opened in this test. */
    public List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    /** Saves a full-page PNG to {@code server/target/screenshots/<name>.png} and returns its path. */
    public static Path screenshot(Page page, String name) {
        Path path = Paths.get(System.getProperty("basedir", "."), "target", "screenshots", name + ".png").toAbsolutePath();
        page.screenshot(new Page.ScreenshotOptions().setPath(path).setFullPage(true));
        return path;
    }

    @Override
    public void beforeAll(ExtensionContext ignored) {
        // Without Chromium each test is skipped on its own in beforeEach, so the report counts them.
        if (Files.isExecutable(CHROMIUM) || REQUIRED) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext ignored) {
        requireChromium();
        newContext();
    }

    @Override
    public void afterEach(ExtensionContext ignored) {
        closeContext();
    }

    @Override
    public void afterAll(ExtensionContext ignored) {
        close();
    }

    @Override
    public void close() {
        closeContext();
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            String message = CHROMIUM + " is not installed (apt-get install chromium)";
            if (REQUIRED) {
                Assertions.fail(message + " but SCOPEKEEPER_REQUIRE_BROWSER=true");
            }
            Assumptions.abort(message + "; browser test skipped");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void closeContext() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
