package dev.scopekeeper.server.store;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The store contract on in-memory H2, one database per test. */
class JdbcStoreH2Test extends JdbcStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.h2Memory("store_" + UUID.randomUUID().toString().replace("-", ""));
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) throws SQLException {
        // DB_CLOSE_DELAY=-1 keeps the database after its last connection; SHUTDOWN frees it.
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }
}
