package dev.scopekeeper.server.store;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

/** The store contract on PostgreSQL, one schema per test (see {@link PostgresTestDatabase}). */
class JdbcStorePostgresTest extends JdbcStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresTestDatabase.freshSchema();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresTestDatabase.drop(settings);
    }
}
