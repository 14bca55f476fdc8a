package dev.scopekeeper.server.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scopekeeper.server.protocol.OAuthError;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response as the endpoints produce it, and the one renderer of OAuth errors. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json;charset=UTF-8";
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response json(int status, Object value, Map<String, String> headers) {
        try {
            return new Response(status, JSON, MAPPER.writeValueAsBytes(value), headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static Response rawJson(int status, String json, Map<String, String> headers) {
        return new Response(status, JSON, json.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** JSON that must not be cached: tokens, introspection, errors (RFC 6749 §5.1, RFC 7662 §2.2). */
    public static Response noStore(int status, Object value) {
        return json(status, value, NO_STORE);
    }

    public static Response empty(int status, Map<String, String> headers) {
        return new Response(status, null, new byte[0], headers);
    }

    /** RFC 6749 §5.2 error JSON with {@code Cache-Control: no-store}, and the headers its status needs. */
    public static Response error(OAuthError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        if (error.description() != null) {
            body.put("error_description", error.description());
        }
        Map<String, String> headers = new LinkedHashMap<>(NO_STORE);
        if (error.status() == 401) {
            // RFC 6749 §5.2: 401 invalid_client carries WWW-Authenticate with the scheme the client may use.
            headers.put("WWW-Authenticate", "Basic realm=\"scopekeeper\", charset=\"UTF-8\"");
        }
        return json(error.status(), body, headers);
    }

    /** A redirect (302 after GET, 303 after POST so the browser follows with GET). */
    public static Response redirect(int status, String location, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Location", location);
        h.put("Cache-Control", "no-store");
        return new Response(status, null, new byte[0], h);
    }

    public Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, h);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
