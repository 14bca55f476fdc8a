package dev.scopekeeper.server.web;

import dev.scopekeeper.server.endpoint.Response;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pages of the browser flow, rendered from their views by jte templates that were compiled to
 * classes at build time ({@code src/main/jte}); nothing is compiled at run time. Every value is
 * HTML-escaped by jte. Every page carries {@link #securityHeaders()}.
 */
public final class Pages {
    public static final String HTML = "text/html;charset=UTF-8";

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Pages.class.getClassLoader(), "dev.scopekeeper.server.web.templates");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Map<String, String> SECURITY_HEADERS = securityHeadersInOrder();

    private Pages() {
    }

    public static Response login(LoginView view) {
        return render(200, "login.jte", view);
    }

    public static Response consent(ConsentView view) {
        return render(200, "consent.jte", view);
    }

    public static Response connectedApps(ConnectedAppsView view) {
        return render(200, "connectedApps.jte", view);
    }

    public static Response demo(DemoView view) {
        return render(200, "demo.jte", view);
    }

    public static Response error(ErrorView view) {
        return render(view.status(), "error.jte", view);
    }

    /**
     * The headers every page carries, for endpoints to put on their redirects too: never cached,
     * never framed, no referrer, no scripts, styles and images from this origin only.
     * No {@code form-action}: Chromium applies it to the redirect that answers the consent form,
     * which goes to the client's redirect URI.
     */
    public static Map<String, String> securityHeaders() {
        return SECURITY_HEADERS;
    }

    /** A day in UTC as the pages show it: {@code 22 Nov 2026}. */
    public static String day(Instant instant) {
        return DAY.format(instant);
    }

    /** The text shown for a scope: its description, or the scope itself when it has none. */
    public static String describe(String scope, String description) {
        return description == null || description.isBlank() ? scope : description;
    }

    private static Response render(int status, String template, Object view) {
        StringOutput out = new StringOutput(8192);
        TEMPLATES.render(template, view, out);
        return new Response(status, HTML, out.toString().getBytes(StandardCharsets.UTF_8), SECURITY_HEADERS);
    }

    private static Map<String, String> securityHeadersInOrder() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-store");
        h.put("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'");
        // Older browsers ignore frame-ancestors.
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Content-Type-Options", "nosniff");
        return Collections.unmodifiableMap(h);
    }
}
