package dev.scopekeeper.server.store;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The PostgreSQL of integration tests: one fresh schema per caller, dropped afterwards.
 *
 * <p>Configured by {@code SCOPEKEEPER_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code SCOPEKEEPER_TEST_POSTGRES_USER} (default
 * {@code postgres}) and {@code SCOPEKEEPER_TEST_POSTGRES_PASSWORD} (default empty). When the server
 * cannot be reached the calling test is skipped, unless {@code SCOPEKEEPER_REQUIRE_POSTGRES=true}
 * (set in CI), in which case it fails.
 */
public final class PostgresTestDatabase {
    private static final String URL = env("SCOPEKEEPER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("SCOPEKEEPER_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD = env("SCOPEKEEPER_TEST_POSTGRES_PASSWORD", "");
    private static final boolean REQUIRED = "true".equalsIgnoreCase(System.getenv("SCOPEKEEPER_REQUIRE_POSTGRES"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private PostgresTestDatabase() {
    }

    /**
     * Settings for a new schema {@code sk_test_<random>} that does not exist yet ({@code
     * Database.open} creates it). Skips (or fails, if required) the calling test when PostgreSQL is
     * unreachable. Pair with {@link #drop}.
     */
    public static DatabaseSettings freshSchema() {
        requireAvailable();
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        return DatabaseSettings.of(URL, USER, PASSWORD).withSchema("sk_test_" + HexFormat.of().formatHex(suffix));
    }

    /** Drops the schema of {@code settings} and everything in it; a no-op for null or schema-less settings. */
    public static void drop(DatabaseSettings settings) {
        if (settings == null || settings.schema() == null) {
            return;
        }
        // The schema name was validated by DatabaseSettings ([a-z0-9_]), so quoting it is enough.
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS \"" + settings.schema() + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + settings.schema(), e);
        }
    }

    /** Skips the calling test if PostgreSQL is unreachable, or fails it when PostgreSQL is required. */
    public static void requireAvailable() {
        String problem = Availability.PROBLEM;
        if (problem == null) {
            return;
        }
        String message = "PostgreSQL at " + DatabaseSettings.of(URL, USER, PASSWORD).safeUrl() + " is unreachable: " + problem;
        if (REQUIRED) {
            Assertions.fail(message + " (SCOPEKEEPER_REQUIRE_POSTGRES=true)");
        }
        Assumptions.abort(message);
    }

    /** Probed once per JVM. */
    private static final class Availability {
        static final String PROBLEM = probe();

        private static String probe() {
            try (Connection c = connect()) {
                return c.isValid(2) ? null : "connection is not valid";
            } catch (SQLException e) {
                return e.getMessage();
            }
        }
    }

    private static Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "2");
        props.setProperty("loginTimeout", "2");
        return DriverManager.getConnection(URL, props);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
