package dev.scopekeeper.server;

import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database opens on its own thread while the port is bound (ScopekeeperServer.start): when either fails, the
 * start fails with that cause and leaves nothing behind, neither an open database nor a bound port.
 */
class StartFailuresTest {

    @Test
    void whenThePortIsInUseThenTheStartFailsAndTheDatabaseItOpenedMeanwhileIsClosed() throws Exception {
        // In-memory H2 without DB_CLOSE_DELAY: the database disappears with its last connection, so finding it
        // empty afterwards shows that the server closed it (and it was open: the start migrates it first).
        String url = "jdbc:h2:mem:port-in-use-" + UUID.randomUUID();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ServerSettings settings = ServerSettings.defaults().withListen("127.0.0.1", taken.getLocalPort())
                    .withDatabase(DatabaseSettings.of(url, "sa", ""));

            assertThatThrownBy(() -> ScopekeeperServer.start(settings, ConfigLoader.parse("test.yaml", TestServer.CONFIG), false).close())
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(tables(c)).isZero();
        }
    }

    @Test
    void whenTheDatabaseCannotBeOpenedThenTheStartFailsWithItsCauseAndThePortIsReleased() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        // Port 1 on loopback refuses at once: nothing listens there.
        ServerSettings settings = ServerSettings.defaults().withListen("127.0.0.1", port)
                .withDatabase(DatabaseSettings.of("jdbc:postgresql://127.0.0.1:1/none", "none", ""));

        assertThatThrownBy(() -> ScopekeeperServer.start(settings, null, false).close())
                .satisfies(e -> assertThat(e).hasStackTraceContaining("Connection to 127.0.0.1:1 refused"));
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private static int tables(Connection c) throws SQLException {
        try (ResultSet r = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            r.next();
            return r.getInt(1);
        }
    }
}
