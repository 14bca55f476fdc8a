package dev.scopekeeper.server.store;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

import java.sql.SQLException;

/** {@link ConsentSessionStoreContract} on in-memory H2, one database per test. */
class ConsentSessionStoreH2Test extends ConsentSessionStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return H2TestDatabase.fresh();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) throws SQLException {
        H2TestDatabase.drop(settings);
    }
}
