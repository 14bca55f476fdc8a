package dev.scopekeeper.server.store.jdbc;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the database is and how to reach it.
 *
 * @param schema      PostgreSQL only: the schema to create (if missing) and use; null for the
 *                    connection's default schema
 * @param maxPoolSize upper bound of the connection pool
 */
public record DatabaseSettings(String url, String user, String password, String schema, int maxPoolSize) {
    public static final int DEFAULT_MAX_POOL_SIZE = 10;

    // Lower case only: PostgreSQL folds unquoted names to lower case and Flyway quotes them.
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (schema != null && !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must match " + SCHEMA + ": " + schema);
        }
        if (schema != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a schema can only be chosen for PostgreSQL");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1: " + maxPoolSize);
        }
    }

    /** Any JDBC URL with the default pool size and no schema. */
    public static DatabaseSettings of(String url, String user, String password) {
        return new DatabaseSettings(url, user, password, null, DEFAULT_MAX_POOL_SIZE);
    }

    /** The embedded default: an H2 file database {@code scopekeeper} in {@code dir}. */
    public static DatabaseSettings h2File(Path dir) {
        String file = dir.toAbsolutePath().normalize().resolve("scopekeeper").toString();
        return of("jdbc:h2:file:" + file + ";AUTO_SERVER=FALSE", "sa", "");
    }

    /** A named in-memory H2 database that lives until the JVM exits (tests, demos). */
    public static DatabaseSettings h2Memory(String name) {
        return of("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    public DatabaseSettings withSchema(String newSchema) {
        return new DatabaseSettings(url, user, password, newSchema, maxPoolSize);
    }

    public DatabaseSettings withMaxPoolSize(int size) {
        return new DatabaseSettings(url, user, password, schema, size);
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The URL without its parameters, which may carry credentials; safe for logs and messages. */
    public String safeUrl() {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return url.substring(0, cut);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + safeUrl() + ", user=" + user + ", schema=" + schema + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
