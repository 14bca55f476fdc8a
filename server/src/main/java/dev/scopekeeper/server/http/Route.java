package dev.scopekeeper.server.http;

import dev.scopekeeper.server.endpoint.Endpoint;
import dev.scopekeeper.server.endpoint.FormPost;

import java.util.Set;

/**
 * A path (Javalin syntax: {@code /fga/models/{id}} matches one segment), the methods it answers, a short
 * name for logs and metrics, the endpoint behind it, and the largest request body it accepts.
 */
public record Route(String path, Set<String> methods, String name, Endpoint endpoint, int maxBodyBytes) {
    public Route {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative");
        }
    }

    public Route(String path, Set<String> methods, String name, Endpoint endpoint) {
        this(path, methods, name, endpoint, FormPost.MAX_BODY_BYTES);
    }

    public static Route get(String path, String name, Endpoint endpoint) {
        return new Route(path, Set.of("GET", "HEAD"), name, endpoint);
    }

    public static Route post(String path, String name, Endpoint endpoint) {
        return new Route(path, Set.of("POST"), name, endpoint);
    }

    public Route withMaxBody(int bytes) {
        return new Route(path, methods, name, endpoint, bytes);
    }
}
