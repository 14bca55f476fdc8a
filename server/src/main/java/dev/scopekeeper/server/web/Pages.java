package dev.scopekeeper.server.web;

import dev.scopekeeper.server.endpoint.Response;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** TEMPORARY stub (replaced by the web branch's templates). */
public final class Pages {
    public static Response login(LoginView view) {
        return page(200, "login " + view);
    }

    public static Response consent(ConsentView view) {
        return page(200, "consent " + view);
    }

    public static Response connectedApps(ConnectedAppsView view) {
        return page(200, "apps " + view);
    }

    public static Response error(ErrorView view) {
        return page(view.status(), "error " + view);
    }

    public static Map<String, String> securityHeaders() {
        return Map.of("Cache-Control", "no-store");
    }

    private static Response page(int status, String text) {
        return new Response(status, "text/html;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8), securityHeaders());
    }
}
