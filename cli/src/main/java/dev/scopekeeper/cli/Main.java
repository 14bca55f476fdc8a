package dev.scopekeeper.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scopekeeper} command. */
@Command(name = "scopekeeper", mixinStandardHelpOptions = true, version = "scopekeeper 0.1.0",
        description = "A standards-exact OAuth 2.0 authorization server centred on scopes.",
        subcommands = {ServeCommand.class, DemoCommand.class, ClientsCommand.class, UsersCommand.class, RolesCommand.class,
                KeysCommand.class, FgaCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
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
