package dev.scopekeeper.server.fga;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON request body read strictly, once, before anything is done: {@code application/json}
 * (UTF-8), one object and nothing after it, no duplicate keys, no fields the endpoint does not
 * know, and each field of the JSON type it must have. Every problem is {@code invalid_request}
 * naming the field. A JSON {@code null} is the same as an absent optional field, so a client can
 * send back a {@code "continuation": null} as it received it.
 */
final class JsonBody {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Reads the body of a POST; {@code fields} are all the names it may have. */
    static JsonBody read(Request request, Set<String> fields) {
        if (!isJson(request.contentType())) {
            throw invalid("content type must be application/json");
        }
        // The body carries the request; a URL parameter would be ignored or, worse, logged.
        if (request.query() != null && !request.query().isEmpty()) {
            throw invalid("this endpoint takes no URL parameters; send them in the JSON body");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(request.body());
        } catch (MismatchedInputException e) {
            throw invalid("the body has content after the JSON object" + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (message.startsWith("Duplicate field ")) {
                // RFC 8259 §4 leaves a repeated name's meaning open; one meaning per request, so it is refused.
                throw invalid("duplicate field " + message.substring("Duplicate field ".length()));
            }
            throw invalid("the body is not valid JSON" + at(e.getLocation()) + ": " + message.lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw invalid("the body cannot be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw invalid("unknown field '" + name + "' (known: " + String.join(", ", new TreeSet<>(fields)) + ")");
            }
        }
        return new JsonBody(root);
    }

    /** {@code application/json}, with no charset or UTF-8 (RFC 8259 §8.1: JSON between systems is UTF-8). */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String mediaType = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        String params = semi < 0 ? "" : contentType.substring(semi + 1).toLowerCase(Locale.ROOT).replace(" ", "");
        return mediaType.equals("application/json") && (!params.contains("charset") || params.contains("charset=utf-8"));
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw invalid("missing field '" + field + "'");
        }
        return value;
    }

    String optionalString(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid("field '" + field + "' must be a string, not " + kind(node));
        }
        return node.textValue();
    }

    Integer optionalInt(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid("field '" + field + "' must be an integer, not " + kind(node));
        }
        return node.intValue();
    }

    List<String> requiredStrings(String field) {
        List<String> values = optionalStrings(field);
        if (values == null) {
            throw invalid("missing field '" + field + "'");
        }
        return values;
    }

    /** An array of strings, or null when absent. */
    List<String> optionalStrings(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid("field '" + field + "' must be an array of strings, not " + kind(node));
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw invalid("field '" + field + "' must be an array of strings; item " + i + " is " + kind(item));
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case NULL:
                return "null";
            default:
                return "another JSON value";
        }
    }

    static OAuthException invalid(String description) {
        return OAuthError.INVALID_REQUEST.withDescription(description).exception();
    }
}
