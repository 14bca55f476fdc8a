package dev.scopekeeper.server.endpoint;

import java.util.function.UnaryOperator;

/**
 * One HTTP request as the endpoints see it; the {@code http} package builds it from the framework's
 * request. {@code headers} looks up a header by case-insensitive name (null if absent).
 */
public record Request(String method, String path, String query, String contentType, UnaryOperator<String> headers,
                      byte[] body, String requestId, String remoteAddress) {

    public Request(String method, String path, String query, String contentType, UnaryOperator<String> headers,
                   byte[] body, String requestId) {
        this(method, path, query, contentType, headers, body, requestId, "unknown");
    }

    public String header(String name) {
        return headers.apply(name);
    }

    /** The value of a cookie, or null (RFC 6265 §5.4: "name=value" pairs separated by "; "). */
    public String cookie(String name) {
        String header = header("Cookie");
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                return pair.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
