package dev.scopekeeper.cli;

import dev.scopekeeper.server.config.ConfigApplier;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/** Runs {@link Main#run} with System.out and System.err captured (and System.in given), and seeds H2 file databases. */
final class Cli {
    /** Two APIs, a role, and one confidential client {@code seeded}. */
    static final String CONFIG = """
            apis:
              - audience: https://photos.example.com
                name: Photos API
                scopes:
                  - {name: photos.read, description: See your photos, default: true}
                  - {name: photos.upload, description: Upload photos}
                  - {name: photos.manage, description: All of the above, implies: [photos.read, photos.upload]}
              - audience: https://events.example.com
                name: Events API
                scopes:
                  - {name: "view:events", description: See events}
            roles:
              viewer: [photos.read]
            clients:
              - id: seeded
                name: Seeded service
                grantTypes: [client_credentials]
                allowedScopes: [photos.read]
                secret: seeded-secret-0123456789abcdef-0123456
            """;

    record Result(int exit, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        return runWithInput("", args);
    }

    /** Like {@link #run} with {@code input} as standard input. */
    static Result runWithInput(String input, String... args) {
        InputStream in = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
        return new Result(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }

    /** Applies {@link #CONFIG} to the H2 file database in {@code dataDir} and closes it, as the CLI needs the file lock. */
    static void seed(Path dataDir) {
        withStore(dataDir, store -> new ConfigApplier(store, Clock.systemUTC()).apply(ConfigLoader.parse("cli.yaml", CONFIG)));
    }

    /** Opens the H2 file database in {@code dataDir}, runs {@code action}, and closes the database again. */
    static void withStore(Path dataDir, Consumer<JdbcStore> action) {
        try (JdbcStore store = new JdbcStore(Database.open(DatabaseSettings.h2File(dataDir)))) {
            action.accept(store);
        }
    }
}
