package dev.scopekeeper.server.store;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** In-memory H2 databases for tests, one per caller. */
final class H2TestDatabase {
    private H2TestDatabase() {
    }

    static DatabaseSettings fresh() {
        return DatabaseSettings.h2Memory("store_" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** DB_CLOSE_DELAY=-1 keeps the database after its last connection; SHUTDOWN frees it. */
    static void drop(DatabaseSettings settings) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }
}
