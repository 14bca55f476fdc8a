package dev.scopekeeper.server.store;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

import java.sql.SQLException;

/** {@link UserGrantStoreContract} on in-memory H2, one database per test. */
class UserGrantStoreH2Test extends UserGrantStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return H2TestDatabase.fresh();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) throws SQLException {
        H2TestDatabase.drop(settings);
    }
}
