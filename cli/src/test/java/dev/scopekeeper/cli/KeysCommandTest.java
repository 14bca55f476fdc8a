package dev.scopekeeper.cli;

import dev.scopekeeper.server.token.SigningAlgorithm;
import dev.scopekeeper.server.token.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code scopekeeper keys ...} on an H2 file database. */
class KeysCommandTest {
    @TempDir
    Path dataDir;

    /** The first key, as a server start creates it. */
    private void startedOnce() {
        Cli.withStore(dataDir, store -> new SigningKeys(store, SigningAlgorithm.RS256, Duration.ofMinutes(6), Clock.systemUTC()).start());
    }

    @Test
    void whenTheKeysAreRotatedThenOneIsActiveAndTheOtherRetired() {
        startedOnce();

        Cli.Result rotate = Cli.run("keys", "rotate", "--data-dir", dataDir.toString());

        assertThat(rotate.exit()).isZero();
        assertThat(rotate.out()).startsWith("new active key: ");
        String kid = rotate.out().lines().findFirst().orElseThrow().split(" ")[3];

        Cli.Result list = Cli.run("keys", "list", "--data-dir", dataDir.toString());

        assertThat(list.exit()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines).filteredOn(l -> l.endsWith("ACTIVE")).singleElement().asString().startsWith(kid + " ");
        assertThat(lines).filteredOn(l -> l.contains(" retired ")).singleElement().asString().doesNotStartWith(kid + " ");
        assertThat(list.out()).doesNotContain("\"d\"");
    }

    @Test
    void whenRotatedTwiceThenOnlyTheNewestIsActive() {
        startedOnce();
        Cli.run("keys", "rotate", "--data-dir", dataDir.toString());
        Cli.Result second = Cli.run("keys", "rotate", "--data-dir", dataDir.toString(), "--alg", "ES256");

        Cli.Result list = Cli.run("keys", "list", "--data-dir", dataDir.toString());

        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("(ES256)");
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines).filteredOn(l -> l.endsWith("ACTIVE")).singleElement().asString().contains(" ES256 ");
        assertThat(lines).filteredOn(l -> l.contains(" retired ")).hasSize(2);
    }

    @Test
    void whenThereIsNoKeyYetThenRotateCreatesOnlyTheFirst() {
        Cli.Result rotate = Cli.run("keys", "rotate", "--data-dir", dataDir.toString());

        Cli.Result list = Cli.run("keys", "list", "--data-dir", dataDir.toString());

        assertThat(rotate.exit()).isZero();
        assertThat(list.out().lines()).singleElement().asString().endsWith("ACTIVE");
    }

    @Test
    void whenTheAlgorithmIsUnknownThenRotateFailsWithOneErrorLine() {
        Cli.Result r = Cli.run("keys", "rotate", "--data-dir", dataDir.toString(), "--alg", "HS256");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().startsWith("error: ").contains("HS256");
    }
}
