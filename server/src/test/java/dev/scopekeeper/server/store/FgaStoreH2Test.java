package dev.scopekeeper.server.store;

import dev.scopekeeper.fga.store.TupleStore;
import dev.scopekeeper.fga.store.TupleStoreContract;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcTupleStore;
import org.junit.jupiter.api.AfterEach;

import java.sql.SQLException;

/** The fga tuple store contract on in-memory H2, one database per test. */
class FgaStoreH2Test extends TupleStoreContract {
    private DatabaseSettings settings;
    private Database database;

    @Override
    protected TupleStore newStore() {
        settings = H2TestDatabase.fresh();
        database = Database.open(settings);
        return new JdbcTupleStore(database.dataSource());
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
            H2TestDatabase.drop(settings);
        }
    }
}
