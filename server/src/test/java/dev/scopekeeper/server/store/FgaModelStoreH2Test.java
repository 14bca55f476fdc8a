package dev.scopekeeper.server.store;

import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.ModelStoreContract;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcModelStore;
import org.junit.jupiter.api.AfterEach;

import java.sql.SQLException;

/** The fga model store contract on in-memory H2, one database per test. */
class FgaModelStoreH2Test extends ModelStoreContract {
    private DatabaseSettings settings;
    private Database database;

    @Override
    protected ModelStore newStore() {
        settings = H2TestDatabase.fresh();
        database = Database.open(settings);
        return new JdbcModelStore(database.dataSource());
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
            H2TestDatabase.drop(settings);
        }
    }
}
