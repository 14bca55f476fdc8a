package dev.scopekeeper.server.endpoint;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health/live} (the process answers) and {@code /health/ready} (the database answers and keys are loaded). */
public final class HealthEndpoint {
    private static final Map<String, String> NO_CACHE = Map.of("Cache-Control", "no-store");

    private HealthEndpoint() {
    }

    public static Endpoint live() {
        return r -> Response.json(200, Map.of("status", "UP"), NO_CACHE);
    }

    public static Endpoint ready(BooleanSupplier ready) {
        return r -> ready.getAsBoolean()
                ? Response.json(200, Map.of("status", "UP"), NO_CACHE)
                : Response.json(503, Map.of("status", "DOWN"), NO_CACHE);
    }

    /** The Prometheus text exposition of the given scrape. */
    public static Endpoint metrics(java.util.function.Supplier<String> scrape) {
        return r -> new Response(200, "text/plain; version=0.0.4; charset=utf-8",
                scrape.get().getBytes(java.nio.charset.StandardCharsets.UTF_8), NO_CACHE);
    }
}
