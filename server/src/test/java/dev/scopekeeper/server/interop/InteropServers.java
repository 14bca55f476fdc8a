package dev.scopekeeper.server.interop;

import dev.scopekeeper.server.ServerSettings;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.testing.TestServer;

import java.util.UUID;
import java.util.function.UnaryOperator;

/** Test servers for the interoperability tests, each on its own in-memory database. */
final class InteropServers {
    private InteropServers() {
    }

    static TestServer start(UnaryOperator<ServerSettings> customize) {
        return TestServer.start(DatabaseSettings.h2Memory("interop_" + UUID.randomUUID().toString().replace("-", "")), customize);
    }
}
