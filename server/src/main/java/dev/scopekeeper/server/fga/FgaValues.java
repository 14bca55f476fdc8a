package dev.scopekeeper.server.fga;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.engine.ObjectListing;
import dev.scopekeeper.server.endpoint.FormPost;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.protocol.FormParameters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The engine's values read from request fields: each parse error names the field it came from.
 * Malformed values are the engine's {@code invalid_input}; URL parameters follow the same rules as
 * JSON fields (unknown or repeated → {@code invalid_request}).
 */
final class FgaValues {
    /** Objects, tuples or models on a page when the request does not say. */
    static final int DEFAULT_PAGE_SIZE = 100;

    private FgaValues() {
    }

    static ObjectRef object(String field, String value) {
        return named(field, () -> ObjectRef.parse(value));
    }

    static Subject subject(String field, String value) {
        return named(field, () -> Subject.parse(value));
    }

    /** Tuples in canonical form; null (absent) is none. */
    static List<Tuple> tuples(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<Tuple> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            out.add(named(field + "[" + i + "]", () -> Tuple.parse(value)));
        }
        return out;
    }

    /** The page size asked for (or the default), within the engine's limit. */
    static int pageSize(Integer requested, FgaLimits limits) {
        if (requested == null) {
            return Math.min(DEFAULT_PAGE_SIZE, limits.maxPageSize());
        }
        // The engine's own rule, so that a page of models is bounded like a page of objects.
        ObjectListing.requirePageSize(requested, limits);
        return requested;
    }

    /** The URL parameters of a GET; {@code names} are all it may have. */
    static FormParameters query(Request request, Set<String> names) {
        FormParameters params = request.query() == null ? FormParameters.EMPTY
                : FormPost.decode(request.query().getBytes(StandardCharsets.ISO_8859_1));
        for (String name : params.names()) {
            if (!names.contains(name)) {
                throw JsonBody.invalid("unknown parameter '" + name + "' (known: "
                        + String.join(", ", new TreeSet<>(names)) + ")");
            }
        }
        return params;
    }

    /** A URL parameter that must be an integer, or null. */
    static Integer integer(FormParameters params, String name) {
        String value = params.single(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw JsonBody.invalid("parameter '" + name + "' must be an integer");
        }
    }

    private static <T> T named(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (FgaException e) {
            throw new FgaException(e.code(), field + ": " + e.getMessage(), e);
        }
    }
}
