package dev.scopekeeper.server.store;

import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.ModelStoreContract;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcModelStore;
import org.junit.jupiter.api.AfterEach;

/** The fga model store contract on PostgreSQL, one schema per test (see {@link PostgresTestDatabase}). */
class FgaModelStorePostgresTest extends ModelStoreContract {
    private DatabaseSettings settings;
    private Database database;

    @Override
    protected ModelStore newStore() {
        settings = PostgresTestDatabase.freshSchema();
        database = Database.open(settings);
        return new JdbcModelStore(database.dataSource());
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
        PostgresTestDatabase.drop(settings);
    }
}
