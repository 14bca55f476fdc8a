package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.store.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Brings the schema to the latest migration with Flyway, after a fast check that usually makes
 * Flyway unnecessary.
 *
 * <p>Why the fast check: on a cold JVM, Flyway costs about half a second even when there is
 * nothing to do (its configuration is deep-copied through Jackson, then the classpath is scanned),
 * and it sits on the server's startup path. Validation itself is cheap, so it stays on. The fast
 * check reads {@code flyway_schema_history} and accepts the schema only if it holds exactly our
 * migrations, all successful, with the checksums Flyway would compute for our files. Anything
 * else (new database, pending or failed migration, edited file, history from a newer release)
 * falls through to Flyway, which migrates or refuses with its own diagnosis.
 */
final class Migrations {
    static final String LOCATION = "db/migration";

    /** The files in {@link #LOCATION}, oldest first. {@code JdbcDatabaseTest} keeps this list in sync. */
    static final List<String> FILES =
            List.of("V1__core.sql", "V2__users_in_the_loop.sql", "V3__revocation_feed.sql", "V4__fga.sql");

    /**
     * The placeholder that gives text columns binary order: PostgreSQL compares by the database
     * locale unless told {@code COLLATE "C"}; H2 has no column collation and compares as Java does.
     * Flyway's checksum is taken before placeholders are replaced, so {@link #checksum} still matches.
     */
    static final String BINARY_COLLATION = "binary_collation";

    private Migrations() {
    }

    /** @return how many migrations were applied (0 if the schema was current) */
    static int migrate(DataSource dataSource, DatabaseSettings settings) {
        if (isCurrent(dataSource)) {
            return 0;
        }
        return runFlyway(dataSource, settings);
    }

    static int runFlyway(DataSource dataSource, DatabaseSettings settings) {
        var config = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:" + LOCATION)
                .failOnMissingLocations(true)
                .placeholders(Map.of(BINARY_COLLATION, settings.isPostgres() ? "COLLATE \"C\"" : ""));
        if (settings.schema() != null) {
            config = config.schemas(settings.schema()).createSchemas(true);
        }
        try {
            return config.load().migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreException("database migration failed on " + settings.safeUrl()
                    + "; the server will not start on a partly migrated schema: " + e.getMessage(), e);
        }
    }

    /** True if the history table lists exactly {@link #FILES}, successful and unchanged. */
    static boolean isCurrent(DataSource dataSource) {
        List<Applied> applied = new ArrayList<>();
        // The connection's schema (Hikari setSchema) is the one Flyway uses; Flyway quotes its
        // lower-case names, which H2 would otherwise fold to upper case.
        try (Connection c = dataSource.getConnection()) {
            // Look before reading: a failed query on a new database would make H2 write a trace file.
            try (ResultSet t = c.getMetaData().getTables(null, c.getSchema(), "flyway_schema_history", null)) {
                if (!t.next()) {
                    return false;
                }
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT \"type\", \"script\", \"checksum\", \"success\""
                         + " FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")) {
                readHistory(rs, applied);
            }
        } catch (SQLException e) {
            return false; // not readable: let Flyway decide
        }
        if (applied.size() != FILES.size()) {
            return false;
        }
        for (int i = 0; i < FILES.size(); i++) {
            Applied a = applied.get(i);
            if (!"SQL".equals(a.type()) || !a.success() || !FILES.get(i).equals(a.script())
                    || a.checksum() == null || a.checksum() != checksum(FILES.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void readHistory(ResultSet rs, List<Applied> applied) throws SQLException {
        while (rs.next()) {
            String type = rs.getString("type");
            if ("SCHEMA".equals(type) || "TABLE".equals(type)) {
                continue; // Flyway's markers for a schema or history table it created
            }
            int checksum = rs.getInt("checksum");
            applied.add(new Applied(type, rs.getString("script"), rs.wasNull() ? null : checksum, rs.getBoolean("success")));
        }
    }

    private record Applied(String type, String script, Integer checksum, boolean success) {
    }

    /** Flyway's checksum of a SQL migration: CRC-32 over the UTF-8 bytes of each line, BOM removed. */
    static int checksum(String file) {
        String path = LOCATION + "/" + file;
        InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("migration " + path + " is missing from the classpath");
        }
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            for (; line != null; line = reader.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + path, e);
        }
        return (int) crc.getValue();
    }
}
