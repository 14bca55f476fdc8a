package dev.scopekeeper.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scopekeeper} command. */
@Command(name = "scopekeeper", mixinStandardHelpOptions = true, version = "scopekeeper 0.1.0",
        description = "A standards-exact OAuth 2.0 authorization server centred on scopes.")
public final class Main implements Runnable {
    /**
     * The subcommands by name, in help order. Picocli reads every registered command's annotations when the
     * command line is built, which took ~0.4 s of a server's start for the seven commands and their
     * subcommands; so only the command that {@code args[0]} names is registered (all of them for help and
     * for anything else). MainTest checks the names against the commands' own.
     */
    static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("serve", ServeCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("clients", ClientsCommand::new);
        m.put("users", UsersCommand::new);
        m.put("roles", RolesCommand::new);
        m.put("keys", KeysCommand::new);
        m.put("fga", FgaCommand::new);
        return Collections.unmodifiableMap(m);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        if (args.length > 0 && args[0].equals(ClassArchiveTraining.COMMAND)) {
            return ClassArchiveTraining.run(System.out, System.err, args); // the launcher's, not in the help
        }
        Callable<Integer> quick = QuickStart.parse(args);
        if (quick != null) {
            try {
                return quick.call();
            } catch (Exception e) {
                CommandLine line = commandLine(args);
                return new ErrorHandler().handleExecutionException(e, line.getSubcommands().get(args[0]), null);
            }
        }
        return commandLine(args).setExecutionExceptionHandler(new ErrorHandler()).execute(args);
    }

    private static CommandLine commandLine(String... args) {
        CommandLine line = new CommandLine(new Main());
        Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            line.addSubcommand(named.get());
        } else {
            COMMANDS.values().forEach(c -> line.addSubcommand(c.get()));
        }
        return line;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Expected failures (bad configuration, bad arguments, a request the relationship engine refuses)
     * print one clear line, not a stack trace. The exit code is the command's (1 unless it says otherwise).
     */
    static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            boolean expected = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof dev.scopekeeper.server.config.ConfigException;
            if (e instanceof dev.scopekeeper.fga.FgaException f) {
                cmd.getErr().println("error: " + f.code().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.getMessage());
            } else {
                cmd.getErr().println("error: " + e.getMessage());
                if (!expected) {
                    e.printStackTrace(cmd.getErr());
                }
            }
            return cmd.getCommandSpec().exitCodeOnExecutionException();
        }
    }
}
