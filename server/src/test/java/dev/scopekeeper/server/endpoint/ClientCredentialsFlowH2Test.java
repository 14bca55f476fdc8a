package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

import java.util.UUID;

/** The client_credentials flow on the embedded H2 database. */
class ClientCredentialsFlowH2Test extends ClientCredentialsFlowContract {
    @Override
    DatabaseSettings database() {
        return DatabaseSettings.h2Memory("flow_" + UUID.randomUUID().toString().replace("-", ""));
    }
}
