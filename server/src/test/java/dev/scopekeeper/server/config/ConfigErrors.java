package dev.scopekeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Parses a broken configuration and asserts where the error points. */
final class ConfigErrors {
    static final String FILE = "broken.yaml";

    /** One API on lines 1-9 (photos.read, photos.manage which implies it); callers go on at line 10. */
    static final String APIS = """
            apis:
              - audience: https://photos.example.com
                name: Photos API
                scopes:
                  - name: photos.read
                    description: See your photos
                  - name: photos.manage
                    description: Manage your photos
                    implies: [photos.read]
            """;

    private ConfigErrors() {
    }

    /** Asserts that {@code yaml} is rejected at {@code line} and {@code field}; returns the exception for more checks. */
    static ConfigException assertRejected(String yaml, int line, String field) {
        try {
            ConfigLoader.parse(FILE, yaml);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(FILE);
            assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
            assertThat(e.field()).as("field of: %s", e.getMessage()).isEqualTo(field);
            String where = field == null || field.isEmpty() ? FILE + ":" + line + ": " : FILE + ":" + line + ": " + field + ": ";
            assertThat(e.getMessage()).startsWith(where);
            return e;
        }
        return fail("expected a ConfigException at line %d, field %s", line, field);
    }
}
