package dev.scopekeeper.server.store;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

/** {@link UserGrantStoreContract} on PostgreSQL, one schema per test (see {@link PostgresTestDatabase}). */
class UserGrantStorePostgresTest extends UserGrantStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresTestDatabase.freshSchema();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresTestDatabase.drop(settings);
    }
}
