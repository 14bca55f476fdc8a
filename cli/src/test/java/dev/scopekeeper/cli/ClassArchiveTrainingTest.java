package dev.scopekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run for the class-data archive ({@code train-class-archive setup|restart DIR}): the
 * restart answers every request with the status expected, and it fails with a clear
 * message (and a non-zero exit code, so the launcher drops the archive) when it cannot.
 */
class ClassArchiveTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void whenSetUpThenTheRestartServesATokenTheJwksTheMetadataAndReadiness() {
        Path db = tmp.resolve("db");

        Cli.Result setup = Cli.run(ClassArchiveTraining.COMMAND, "setup", db.toString());
        assertThat(setup.exit()).as(setup.err()).isZero();
        assertThat(setup.out().lines()).containsExactly("configured " + db.resolve("training.yaml") + ", key RS256");
        assertThat(db.resolve("training.yaml")).content().containsPattern("secret: [A-Za-z0-9_-]{43}\\n");

        for (int restarts = 0; restarts < 2; restarts++) { // the training can be run again on the same database
            Cli.Result restart = Cli.run(ClassArchiveTraining.COMMAND, "restart", db.toString());

            assertThat(restart.exit()).as(restart.err()).isZero();
            assertThat(restart.out().lines()).containsExactly("POST /token 200", "GET /jwks 200",
                    "GET /.well-known/oauth-authorization-server 200", "GET /health/ready 200");
        }
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
