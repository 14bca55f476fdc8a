package dev.scopekeeper.server.http;

import dev.scopekeeper.server.endpoint.Endpoint;
import dev.scopekeeper.server.endpoint.FormPost;

import java.util.Set;

/**
 * A path (Javalin syntax: {@code /fga/models/{id}} matches one segment), the methods it answers, a short
 * name for logs and metrics, the endpoint behind it, the largest request body it accepts, and whether it is
 * served {@link #asDirect() directly}.
 */
public record Route(String path, Set<String> methods, String name, Endpoint endpoint, int maxBodyBytes, boolean direct) {
    public Route {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative");
        }
        if (direct && path.contains("{")) {
            throw new IllegalArgumentException("a direct route has an exact path: " + path);
        }
    }

    public Route(String path, Set<String> methods, String name, Endpoint endpoint, int maxBodyBytes) {
        this(path, methods, name, endpoint, maxBodyBytes, false);
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
        return new Route(path, methods, name, endpoint, bytes, direct);
    }

    /**
     * This route, served straight from Jetty ahead of Javalin's router for requests on exactly its path with one of
     * its methods (anything else, a trailing slash or another method, still goes through Javalin). For the protocol's
     * hot, small JSON endpoints: the response is the same but never compressed (BENCHMARKS.md, session 7).
     */
    public Route asDirect() {
        return new Route(path, methods, name, endpoint, maxBodyBytes, true);
    }
}
