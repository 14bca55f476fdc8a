package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks every form-POST endpoint (token, revocation, introspection) shares, and the one
 * parser of {@code application/x-www-form-urlencoded} bodies.
 */
public final class FormPost {
    /** Largest body accepted; the http layer refuses larger ones before reading them. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_PARAMETERS = 100;

    private FormPost() {
    }

    public static FormParameters parse(Request r) {
        // RFC 6749 §3.2: the client MUST use HTTP POST (the router answers other methods with 405).
        if (!"POST".equals(r.method())) {
            throw OAuthError.METHOD_NOT_ALLOWED.describe("method %s is not allowed; use POST", r.method()).exception();
        }
        if (!isForm(r.contentType())) {
            throw OAuthError.INVALID_REQUEST.withDescription(
                    "content type must be application/x-www-form-urlencoded").exception();
        }
        // RFC 6749 §2.3.1: credentials MUST NOT be in the request URI; every URL parameter is refused so none slips into logs.
        if (r.query() != null && !r.query().isEmpty()) {
            throw OAuthError.INVALID_REQUEST.withDescription("parameters must be sent in the request body, not in the URL").exception();
        }
        return decode(r.body());
    }

    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String mediaType = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/x-www-form-urlencoded")) {
            return false;
        }
        String params = semi < 0 ? "" : contentType.substring(semi + 1).toLowerCase(Locale.ROOT);
        // Form bodies are UTF-8 (RFC 6749 Appendix B); any other declared charset is refused.
        return !params.contains("charset") || params.replace(" ", "").contains("charset=utf-8");
    }

    /** RFC 6749 Appendix B: names and values are form-urlencoded UTF-8. Duplicates are kept, to be refused later. */
    public static FormParameters decode(byte[] body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body.length == 0) {
            return new FormParameters(params);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        int count = 0;
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMETERS) {
                throw OAuthError.INVALID_REQUEST.describe("more than %d parameters", MAX_PARAMETERS).exception();
            }
            int eq = pair.indexOf('=');
            String name = unescape(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return new FormParameters(params);
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.INVALID_REQUEST.withDescription("the request body is not correctly form-urlencoded").exception();
        }
    }
}
