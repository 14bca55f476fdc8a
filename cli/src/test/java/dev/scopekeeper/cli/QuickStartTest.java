package dev.scopekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** serve and demo parsed without picocli: the same options, the same values, and picocli for anything else. */
class QuickStartTest {

    private static Set<String> picocliOptions(Object command) {
        return new CommandLine(command).getCommandSpec().options().stream()
                .flatMap(o -> Arrays.stream(o.names()))
                .filter(n -> n.startsWith("--") && !n.equals("--help") && !n.equals("--version"))
                .collect(Collectors.toSet());
    }

    @Test
    void whenComparedWithTheAnnotationsThenTheOptionNamesAreTheCommandsOwn() {
        assertThat(QuickStart.optionNames("serve")).isEqualTo(picocliOptions(new ServeCommand()));
        assertThat(QuickStart.optionNames("demo")).isEqualTo(picocliOptions(new DemoCommand()));
    }

    @Test
    void whenPlainOptionsAreGivenThenTheValuesAreThoseThatPicocliWouldSet() {
        List<String[]> cases = List.of(
                new String[] {"serve"},
                new String[] {"serve", "--port", "9001", "--host", "0.0.0.0", "--config", "conf/x.yaml", "--data-dir", "/tmp/d"},
                new String[] {"serve", "--port=9002", "--alg=ES256", "--token-lifetime", "60", "--issuer", "https://as.example.com/a=b",
                    "--database-url", "jdbc:postgresql://127.0.0.1:5432/x", "--database-user", "sk"},
                new String[] {"demo"},
                new String[] {"demo", "--port", "19003", "--photos-port", "-1", "--data-dir", "/tmp/demo"});
        for (String[] args : cases) {
            Callable<Integer> quick = QuickStart.parse(args);
            Object viaPicocli = args[0].equals("serve") ? new ServeCommand() : new DemoCommand();
            new CommandLine(viaPicocli).parseArgs(Arrays.copyOfRange(args, 1, args.length));

            assertThat(quick).as(String.join(" ", args)).isInstanceOf(viaPicocli.getClass());
            if (quick instanceof ServeCommand s) {
                ServeCommand p = (ServeCommand) viaPicocli;
                assertThat(s.options.settings()).isEqualTo(p.options.settings());
                assertThat(s.config).isEqualTo(p.config);
            } else {
                DemoCommand d = (DemoCommand) quick;
                DemoCommand p = (DemoCommand) viaPicocli;
                assertThat(d.options.settings()).isEqualTo(p.options.settings());
                assertThat(d.photosPort).isEqualTo(p.photosPort);
            }
        }
    }

    @Test
    void whenArgumentsNeedPicocliThenTheyAreLeftToIt() {
        List<String[]> cases = List.of(
                new String[] {}, new String[] {"clients", "list"}, new String[] {"serve", "--help"}, new String[] {"demo", "-h"},
                new String[] {"serve", "--port", "x"}, new String[] {"serve", "--port", "1", "--port", "2"},
                new String[] {"serve", "--nope", "1"}, new String[] {"serve", "--port"}, new String[] {"serve", "--port", "--host"},
                new String[] {"serve", "--photos-port", "1"}, new String[] {"demo", "--config", "x.yaml"},
                new String[] {"demo", "--token-lifetime=soon"});
        for (String[] args : cases) {
            assertThat(QuickStart.parse(args)).as(String.join(" ", args)).isNull();
        }
    }

    @Test
    void whenPicocliTakesOverThenItsErrorsAreTheUsualOnes() {
        Cli.Result bad = Cli.run("serve", "--port", "x");

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--port").contains("'x'");
    }
}
