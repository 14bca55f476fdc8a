package dev.scopekeeper.server.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one form-encoded request, as parsed once, with the checks every OAuth endpoint
 * shares. Values are kept as lists so duplicates can be seen and refused.
 */
public final class FormParameters {
    /** A single parameter value longer than this is refused (no legitimate OAuth value comes close). */
    public static final int MAX_VALUE_LENGTH = 8192;

    public static final FormParameters EMPTY = new FormParameters(Map.of());

    private final Map<String, List<String>> values;

    public FormParameters(Map<String, List<String>> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The single value of a parameter, or null when it is absent or empty: RFC 6749 §3.1,
     * "parameters sent without a value MUST be treated as if they were omitted".
     *
     * @throws OAuthException invalid_request when it is sent more than once (RFC 6749 §3.1, §3.2)
     */
    public String single(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return null;
        }
        // RFC 6749 §3.1 / §3.2: request parameters MUST NOT be included more than once.
        if (list.size() > 1) {
            throw OAuthError.INVALID_REQUEST.describe("parameter '%s' is included more than once", name).exception();
        }
        String v = list.get(0);
        if (v.length() > MAX_VALUE_LENGTH) {
            throw OAuthError.INVALID_REQUEST.describe("parameter '%s' is longer than %d characters", name, MAX_VALUE_LENGTH).exception();
        }
        return v.isEmpty() ? null : v;
    }

    /** Like {@link #single} but absent is an error. */
    public String required(String name) {
        String v = single(name);
        if (v == null) {
            throw OAuthError.INVALID_REQUEST.describe("missing required parameter '%s'", name).exception();
        }
        return v;
    }

    /** All non-empty values of a parameter that may repeat (such as {@code resource}, RFC 8707 §2). */
    public List<String> all(String name) {
        List<String> list = values.getOrDefault(name, List.of());
        for (String v : list) {
            if (v.length() > MAX_VALUE_LENGTH) {
                throw OAuthError.INVALID_REQUEST.describe("parameter '%s' is longer than %d characters", name, MAX_VALUE_LENGTH).exception();
            }
        }
        return list.stream().filter(v -> !v.isEmpty()).toList();
    }

    /** The names of the parameters sent. */
    public java.util.Set<String> names() {
        return values.keySet();
    }

    /** Whether the parameter was sent (even empty). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    @Override
    public String toString() {
        return "FormParameters" + values.keySet();
    }
}
