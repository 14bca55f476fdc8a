package dev.scopekeeper.server.store;

import dev.scopekeeper.fga.conformance.ConformanceSuite;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcModelStore;
import dev.scopekeeper.server.store.jdbc.JdbcTupleStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.SQLException;

/**
 * The fga conformance cases on the JDBC stores over in-memory H2: one migrated database for the
 * class, emptied before each case (cheaper than migrating one database per case).
 */
class FgaConformanceH2Test extends ConformanceSuite {
    private static DatabaseSettings settings;
    private static Database database;

    @BeforeAll
    static void openDatabase() {
        settings = H2TestDatabase.fresh();
        database = Database.open(settings);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
            H2TestDatabase.drop(settings);
        }
    }

    @Override
    protected Stores newStores() {
        FgaTables.clear(database.dataSource());
        return new Stores(new JdbcTupleStore(database.dataSource()), new JdbcModelStore(database.dataSource()));
    }
}
