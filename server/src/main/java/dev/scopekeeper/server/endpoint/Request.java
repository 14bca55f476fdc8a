package dev.scopekeeper.server.endpoint;

import java.util.function.UnaryOperator;

/**
 * One HTTP request as the endpoints see it; the {@code http} package builds it from the framework's
 * request. {@code headers} looks up a header by case-insensitive name (null if absent).
 */
public record Request(String method, String path, String query, String contentType, UnaryOperator<String> headers,
                      byte[] body, String requestId) {

    public String header(String name) {
        return headers.apply(name);
    }
}
