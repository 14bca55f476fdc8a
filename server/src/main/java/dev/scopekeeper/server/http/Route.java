package dev.scopekeeper.server.http;

import dev.scopekeeper.server.endpoint.Endpoint;

import java.util.Set;

/** A path, the methods it answers, a short name for logs and metrics, and the endpoint behind it. */
public record Route(String path, Set<String> methods, String name, Endpoint endpoint) {
    public static Route get(String path, String name, Endpoint endpoint) {
        return new Route(path, Set.of("GET", "HEAD"), name, endpoint);
    }

    public static Route post(String path, String name, Endpoint endpoint) {
        return new Route(path, Set.of("POST"), name, endpoint);
    }
}
