package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.store.PostgresTestDatabase;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

/** The client_credentials flow on PostgreSQL (skipped when it is unreachable, unless CI requires it). */
class ClientCredentialsFlowPostgresTest extends ClientCredentialsFlowContract {
    @Override
    DatabaseSettings database() {
        return PostgresTestDatabase.freshSchema();
    }

    @Override
    void dropDatabase(DatabaseSettings settings) {
        PostgresTestDatabase.drop(settings);
    }
}
