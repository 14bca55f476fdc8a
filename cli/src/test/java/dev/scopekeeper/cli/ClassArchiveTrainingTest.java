package dev.scopekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scopekeeper.server.token.SigningAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run for the class-data archive ({@code train-class-archive setup|restart DIR}): the
 * restarts answer every request with the status expected, for every signing algorithm, and it fails with a clear
 * message (and a non-zero exit code, so the launcher drops the archive) when it cannot.
 */
class ClassArchiveTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void whenSetUpThenTheRestartAnswersTheMachineToMachineEndpointsAndSignsWithEveryAlgorithm() {
        Path db = tmp.resolve("db");

        Cli.Result setup = Cli.run(ClassArchiveTraining.COMMAND, "setup", db.toString());
        assertThat(setup.exit()).as(setup.err()).isZero();
        assertThat(setup.out().lines()).containsExactly("configured " + db.resolve("training.yaml") + ", key EdDSA",
                "key ES256", "key PS256", "key RS256");

        Cli.Result restart = Cli.run(ClassArchiveTraining.COMMAND, "restart", db.toString());
        assertThat(restart.exit()).as(restart.err()).isZero();
        List<String> lines = restart.out().lines().toList();
        assertThat(lines).contains("RS256 POST /token 200", "RS256 POST /introspect 200", "RS256 POST /revoke 200",
                "RS256 POST /token 400", "RS256 POST /token 401", "RS256 GET /jwks 200",
                "RS256 GET /.well-known/oauth-authorization-server 200", "RS256 GET /health/ready 200",
                "RS256 GET /metrics 200");
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            assertThat(lines).containsOnlyOnce(alg.wire() + " signed and verified");
        }
        assertThat(lines).hasSize(13 + SigningAlgorithm.values().length);
        // A restart, not a first start: no key was made (still one line per algorithm).
        assertThat(Cli.run(ClassArchiveTraining.COMMAND, "restart", db.toString()).out()).isEqualTo(restart.out());
    }

    @Test
    void whenRestartedWithoutSetupThenItFailsNamingTheMissingStep() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        Cli.Result restart = Cli.run(ClassArchiveTraining.COMMAND, "restart", empty.toString());

        assertThat(restart.exit()).isEqualTo(1);
        assertThat(restart.err()).contains("class archive training (restart) failed").contains("run the setup phase first");
        assertThat(restart.out()).isEmpty();
    }

    @Test
    void whenThePhaseOrDirectoryIsMissingThenItPrintsItsUsage() {
        for (String[] args : new String[][] {{ClassArchiveTraining.COMMAND}, {ClassArchiveTraining.COMMAND, "setup"},
                {ClassArchiveTraining.COMMAND, "record", tmp.toString()}}) {
            Cli.Result bad = Cli.run(args);

            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("usage: scopekeeper train-class-archive setup|restart DIR");
        }
    }

    @Test
    void whenHelpIsAskedThenTheTrainingIsNotListed() {
        assertThat(Cli.run("--help").out()).doesNotContain(ClassArchiveTraining.COMMAND);
    }
}
