package dev.scopekeeper.resource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Guard} needs of an HTTP request, taken from it by an adapter.
 *
 * @param method               the request method, e.g. {@code GET}
 * @param path                 the request path as sent (percent-encoded), without query and without the
 *                             application's context path
 * @param authorization        every {@code Authorization} header value, in order (empty if none)
 * @param accessTokenInQuery   the query has an {@code access_token} parameter (RFC 6750 §2.3)
 * @param accessTokenInBody    the form body has an {@code access_token} parameter (RFC 6750 §2.2)
 */
public record BearerRequest(String method, String path, List<String> authorization,
                            boolean accessTokenInQuery, boolean accessTokenInBody) {

    public static final String ACCESS_TOKEN = "access_token";

    public BearerRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        authorization = List.copyOf(authorization);
    }

    /** Whether a raw query string ({@code a=1&access_token=x}, possibly null) has an {@code access_token} parameter. */
    public static boolean hasAccessToken(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(ACCESS_TOKEN) || decodes(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean decodes(String name) {
        if (name.indexOf('%') < 0 && name.indexOf('+') < 0) {
            return false;
        }
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8).equals(ACCESS_TOKEN);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
