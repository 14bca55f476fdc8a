package dev.scopekeeper.server.store;

import dev.scopekeeper.fga.conformance.ConformanceSuite;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcModelStore;
import dev.scopekeeper.server.store.jdbc.JdbcTupleStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fga conformance cases on the JDBC stores over PostgreSQL: one fresh schema for the class
 * (see {@link PostgresTestDatabase}), emptied before each case.
 */
class FgaConformancePostgresTest extends ConformanceSuite {
    private static DatabaseSettings settings;
    private static Database database;

    @BeforeAll
    static void openDatabase() {
        settings = PostgresTestDatabase.freshSchema();
        database = Database.open(settings);
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
        PostgresTestDatabase.drop(settings);
    }

    @Override
    protected Stores newStores() {
        FgaTables.clear(database.dataSource());
        return new Stores(new JdbcTupleStore(database.dataSource()), new JdbcModelStore(database.dataSource()));
    }
}
