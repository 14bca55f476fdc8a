package dev.scopekeeper.server.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Empties the fga tables between conformance cases, which each expect empty stores. */
final class FgaTables {
    private FgaTables() {
    }

    static void clear(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM fga_tuples");
            st.executeUpdate("DELETE FROM fga_models");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the fga tables", e);
        }
    }
}
