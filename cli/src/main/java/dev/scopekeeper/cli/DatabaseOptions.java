package dev.scopekeeper.cli;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Where the data lives: H2 under {@code --data-dir} by default, or any JDBC URL (PostgreSQL in production). */
final class DatabaseOptions {
    @Option(names = "--database-url", description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/scopekeeper (env SCOPEKEEPER_DATABASE_URL). Default: H2 file in --data-dir.")
    String url = System.getenv("SCOPEKEEPER_DATABASE_URL");

    @Option(names = "--database-user", description = "Database user (env SCOPEKEEPER_DATABASE_USER).")
    String user = System.getenv("SCOPEKEEPER_DATABASE_USER");

    /** Only from the environment, so it never shows in a process list. */
    String password = System.getenv("SCOPEKEEPER_DATABASE_PASSWORD");

    @Option(names = "--data-dir", description = "Directory of the embedded H2 database (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("data");

    /** Opens the database (migrating it if needed), runs {@code action} on its store, closes it. */
    <T> T withStore(Function<JdbcStore, T> action) {
        try (Database db = Database.open(settings())) {
            return action.apply(new JdbcStore(db));
        }
    }

    /** Like {@link #withStore}, with the relationship engine on that database, as the server builds it. */
    <T> T withFga(BiFunction<Fga, JdbcStore, T> action) {
        return withStore(store -> action.apply(new Fga(store.fgaTuples(), store.fgaModels(), FgaLimits.DEFAULTS), store));
    }

    DatabaseSettings settings() {
        if (url == null || url.isBlank()) {
            return DatabaseSettings.h2File(dataDir);
        }
        return DatabaseSettings.of(url, user == null ? "" : user, password == null ? "" : password);
    }
}
