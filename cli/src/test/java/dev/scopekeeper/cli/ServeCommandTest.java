package dev.scopekeeper.cli;

import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.config.ValidatedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve} that must fail before it listens, {@code --help}, and the bundled demo configuration. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void whenTheConfigFileIsBrokenThenServeExitsWithTheFileLineAndField() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), Cli.CONFIG.replace(
                "seeded-secret-0123456789abcdef-0123456", "too-short"));
        Path data = dir.resolve("data");

        Cli.Result r = Cli.run("serve", "--config", broken.toString(), "--port", "0", "--data-dir", data.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: " + broken + ":19: clients[0].secret: must be at least 32 characters"
                + " (or leave it out and the server generates one)" + System.lineSeparator());
        // The file is checked before the database is opened.
        assertThat(data).doesNotExist();
    }

    @Test
    void whenTheConfigFileIsMissingThenServeExitsNamingIt() {
        Path missing = dir.resolve("missing.yaml");

        Cli.Result r = Cli.run("serve", "--config", missing.toString(), "--port", "0", "--data-dir", dir.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().startsWith("error: " + missing + ": cannot read the file");
    }

    @Test
    void whenThePortIsInUseThenServeExitsWithALineNamingItAndNoStackTrace() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            Cli.Result r = Cli.run("serve", "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString());

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            // Javalin logs its own "Failed to start Javalin" line first; then ours, and no stack trace.
            assertThat(r.err().lines().toList()).last().isEqualTo("error: cannot listen on 127.0.0.1:" + port + ": the port is in use");
            assertThat(r.err().lines()).noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"));
        }
    }

    @Test
    void whenTheHostIsNotAnAddressOfThisMachineThenServeSaysSoAndNotThatThePortIsInUse() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737), never assigned to a local interface.
        Cli.Result r = Cli.run("serve", "--host", "192.0.2.1", "--port", "9", "--data-dir", dir.resolve("data").toString());

        assertThat(r.exit()).isEqualTo(1);
        String last = r.err().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("error: cannot listen on 192.0.2.1:9: ").doesNotContain("in use");
        // The operating system's reason, e.g. "Cannot assign requested address" on Linux.
        assertThat(last.substring("error: cannot listen on 192.0.2.1:9: ".length())).isNotBlank();
        assertThat(r.err().lines()).noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"));
    }

    @Test
    void whenHelpIsAskedThenUsageIsPrintedAndTheExitCodeIsZero() {
        Cli.Result r = Cli.run("--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: scopekeeper").contains("serve", "demo", "clients", "keys");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void whenHelpIsAskedOfASubcommandThenItsOptionsArePrinted() {
        Cli.Result r = Cli.run("clients", "create", "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--id", "--scopes", "--data-dir", "--database-url");
    }

    @Test
    void whenTheCommandIsUnknownThenTheExitCodeIsTwo() {
        Cli.Result r = Cli.run("frobnicate");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void whenTheBundledDemoConfigIsParsedThenItIsValid() throws IOException {
        ValidatedConfig demo = ConfigLoader.parse("demo.yaml", DemoCommand.demoYaml());

        assertThat(demo.clients()).isNotEmpty();
        assertThat(demo.catalog().apis()).isNotEmpty();
    }
}
