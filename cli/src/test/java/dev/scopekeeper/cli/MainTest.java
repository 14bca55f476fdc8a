package dev.scopekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level command: subcommands are registered lazily, help still lists them all. */
class MainTest {

    @Test
    void whenCommandsAreRegisteredByNameThenEachNameIsTheCommandsOwn() {
        for (Map.Entry<String, java.util.function.Supplier<Object>> e : Main.COMMANDS.entrySet()) {
            assertThat(new CommandLine(e.getValue().get()).getCommandName()).isEqualTo(e.getKey());
        }
        assertThat(Main.COMMANDS.keySet()).containsExactly("serve", "demo", "clients", "users", "roles", "keys", "fga");
    }

    @Test
    void whenHelpIsAskedThenEveryCommandIsListed() {
        for (String[] args : new String[][] {{"--help"}, {}}) {
            Cli.Result help = Cli.run(args);

            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Commands:");
            for (String name : Main.COMMANDS.keySet()) {
                assertThat(help.out()).containsPattern("(?m)^\\s+" + name + "\\s");
            }
        }
    }

    @Test
    void whenACommandIsNamedThenItRunsAndItsOwnHelpWorks() {
        Cli.Result serveHelp = Cli.run("serve", "--help");

        assertThat(serveHelp.exit()).isZero();
        assertThat(serveHelp.out()).contains("Usage: scopekeeper serve").contains("--port");
        assertThat(Cli.run("fga", "check", "--help").out()).contains("Usage: scopekeeper fga check");
    }

    @Test
    void whenTheCommandIsUnknownThenAnErrorNamesItAndListsTheCommands() {
        Cli.Result unknown = Cli.run("serv", "--port", "1");

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("serv").contains("serve");
    }
}
