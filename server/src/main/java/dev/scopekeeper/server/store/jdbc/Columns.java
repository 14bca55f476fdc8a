package dev.scopekeeper.server.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopekeeper.scopes.ScopeSet;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Values that have no type spelled the same on H2 and PostgreSQL, as text: scope sets sorted and
 * space-separated (a scope token cannot contain a space), ordered lists as JSON arrays.
 */
final class Columns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };

    private Columns() {
    }

    static String scopeText(ScopeSet scopes) {
        return String.join(" ", scopes.values());
    }

    static ScopeSet scopes(String spaceSeparated) {
        return ScopeSet.of(words(spaceSeparated));
    }

    static List<String> words(String spaceSeparated) {
        return spaceSeparated == null || spaceSeparated.isBlank()
                ? List.of()
                : Arrays.stream(spaceSeparated.split(" ")).filter(s -> !s.isEmpty()).toList();
    }

    /** @param what names the column in the error, never its value */
    static String jsonList(List<String> values, String what) throws SQLException {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot encode " + what, e);
        }
    }

    /** @param what names the row and column in the error, never its value */
    static List<String> fromJsonList(String json, String what) throws SQLException {
        try {
            return JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new SQLException("malformed " + what, e);
        }
    }
}
