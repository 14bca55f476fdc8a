package dev.scopekeeper.server.config;

import dev.scopekeeper.server.ScopekeeperServer;
import dev.scopekeeper.server.ServerSettings;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server started with a broken configuration file fails before it writes anything. */
class ConfigBrokenAtStartTest {

    @Test
    void whenTheServerStartsWithABrokenFileThenItFailsAndTheDatabaseIsUntouched(@TempDir Path dir) throws IOException {
        DatabaseSettings h2 = DatabaseSettings.h2File(dir.resolve("data"));
        List<Client> before;
        try (JdbcStore store = new JdbcStore(Database.open(h2))) {
            new ConfigApplier(store, Clock.systemUTC()).apply(ConfigLoader.parse("test.yaml", TestServer.CONFIG));
            before = store.listClients();
        }
        // The archiver renamed, then a secret that is too short for the indexer (line 33).
        String text = TestServer.CONFIG.replace("name: Imaging archiver", "name: Renamed")
                .replace(TestServer.INDEXER_SECRET, "too-short");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), text);
        ServerSettings settings = ServerSettings.defaults().withListen("127.0.0.1", 0).withDatabase(h2).withConfigFile(broken);

        assertThatThrownBy(() -> ScopekeeperServer.start(settings).close())
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo(broken.toString());
                    assertThat(e.line()).isEqualTo(33);
                    assertThat(e.field()).isEqualTo("clients[1].secret");
                });

        try (JdbcStore store = new JdbcStore(Database.open(h2))) {
            assertThat(store.listClients()).isEqualTo(before);
            assertThat(store.findClient("archiver").orElseThrow().name()).isEqualTo("Imaging archiver");
            assertThat(store.listKeys()).isEmpty();
        }
    }
}
