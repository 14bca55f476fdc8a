package dev.scopekeeper.benchmarks.fga;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.InMemoryTupleStore;
import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.StoredModel;
import dev.scopekeeper.fga.store.TupleStore;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcModelStore;
import dev.scopekeeper.server.store.jdbc.JdbcTupleStore;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dataset in a store, the way the server or an embedding application holds it: in memory
 * (loaded through {@link Fga#write}), in PostgreSQL or in an H2 file (the server's migrated schema and
 * its {@code JdbcTupleStore} behind the server's HikariCP pool). A database that already holds this
 * exact dataset is reused: the model's first line names seed, shape and tuple count.
 */
public final class FgaStores {

    /** Where the PostgreSQL benchmark database is; a dedicated database, emptied when it holds other data. */
    public static final String PG_URL = System.getProperty("fga.pg.url", "jdbc:postgresql://127.0.0.1:5432/fgabench");
    public static final String PG_USER = System.getProperty("fga.pg.user", "postgres");
    public static final String PG_PASSWORD = System.getenv().getOrDefault("FGA_PG_PASSWORD", "");

    /** An open store with its engine; {@code close} releases the pool. */
    public record Open(String kind, Fga fga, TupleStore tuples, ModelStore models, Database database) implements AutoCloseable {
        @Override
        public void close() {
            if (database != null) {
                database.close();
            }
        }
    }

    private FgaStores() {
    }

    /** The model text as stored: the DSL after a comment that identifies the dataset. */
    public static String modelText(FgaDataset data) {
        long tuples = data.counts().total();
        FgaDataset.Shape s = data.shape();
        return "# fga-bench dataset: seed " + data.seed() + ", users " + s.users() + ", groups "
                + java.util.Arrays.toString(s.groups()) + ", folders " + s.roots() + "x" + s.branching() + "^" + s.levels()
                + ", documents " + s.documents() + ", tuples " + tuples + "\n" + FgaDataset.MODEL;
    }

    /** Opens {@code kind} ("memory", "postgres" or "h2") holding {@code data}, loading it if needed. */
    public static Open open(String kind, FgaDataset data) {
        switch (kind) {
            case "memory":
                return memory(data);
            case "postgres":
                return postgres(data);
            case "h2":
                return h2(Path.of(System.getProperty("fga.h2.dir", "bench-results/fga-h2")), data);
            default:
                throw new IllegalArgumentException("store must be memory, postgres or h2: " + kind);
        }
    }

    public static Open memory(FgaDataset data) {
        InMemoryTupleStore store = new InMemoryTupleStore();
        InMemoryModelStore models = new InMemoryModelStore();
        // A loader with large batches; the engine the benchmarks query keeps the default limits.
        Fga loader = new Fga(store, models, new FgaLimits(25, 10_000, 100, 1000, 1000));
        loader.writeModel(modelText(data));
        List<Tuple> batch = new ArrayList<>(10_000);
        data.emit((ot, oid, rel, st, sid, srel) -> {
            batch.add(new Tuple(new ObjectRef(ot, oid), rel, new Subject(st, sid, srel)));
            if (batch.size() == 10_000) {
                loader.write(new Requests.Write(null, batch, List.of()));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            loader.write(new Requests.Write(null, batch, List.of()));
        }
        return new Open("memory", new Fga(store, models, FgaLimits.DEFAULTS), store, models, null);
    }

    public static Open postgres(FgaDataset data) {
        createDatabaseIfMissing(PG_URL, PG_USER, PG_PASSWORD);
        Database db = Database.open(DatabaseSettings.of(PG_URL, PG_USER, PG_PASSWORD));
        return jdbc("postgres", db, data, true);
    }

    public static Open h2(Path dir, FgaDataset data) {
        DatabaseSettings settings = DatabaseSettings.h2File(dir);
        Database db = Database.open(settings);
        try {
            if (!isLoaded(db, data)) {
                load(db, new JdbcModelStore(db.dataSource()), data, modelText(data), false);
                db.close();
                // H2 keeps the chunks the load replaced until it compacts: 2.9 GB instead of a few hundred MB.
                try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
                     Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN COMPACT");
                }
                db = Database.open(settings);
            }
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException("cannot load the dataset into " + settings.safeUrl() + ": " + e, e);
        }
        return jdbc("h2", db, data, false);
    }

    private static Open jdbc(String kind, Database db, FgaDataset data, boolean postgres) {
        try {
            JdbcTupleStore store = new JdbcTupleStore(db.dataSource());
            JdbcModelStore models = new JdbcModelStore(db.dataSource());
            if (!isLoaded(db, data)) {
                load(db, models, data, modelText(data), postgres);
            }
            return new Open(kind, new Fga(store, models, FgaLimits.DEFAULTS), store, models, db);
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException("cannot load the dataset into " + db.settings().safeUrl() + ": " + e, e);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Whether the database holds this dataset: the latest model names it, and the tuple count matches. */
    private static boolean isLoaded(Database db, FgaDataset data) throws SQLException {
        Optional<StoredModel> latest = new JdbcModelStore(db.dataSource()).latest();
        return latest.isPresent() && latest.get().dsl().equals(modelText(data)) && count(db) == data.counts().total();
    }

    private static long count(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM fga_tuples")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void load(Database db, ModelStore models, FgaDataset data, String text, boolean postgres) throws SQLException {
        long start = System.nanoTime();
        System.err.println("loading the dataset into " + db.settings().safeUrl() + " ...");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(postgres ? "TRUNCATE fga_tuples, fga_models" : "DELETE FROM fga_tuples");
            if (!postgres) {
                s.execute("DELETE FROM fga_models");
            }
        }
        long[] loaded = {0};
        try (Connection c = db.dataSource().getConnection()) {
            if (postgres) {
                copy(c, data, loaded);
            } else {
                insert(c, data, loaded);
            }
        }
        long loadedAt = System.nanoTime();
        if (postgres) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                // Statistics for the planner, and the visibility map that lets index-only scans skip the heap.
                s.execute("VACUUM ANALYZE fga_tuples");
            }
        }
        // The model last: a half-loaded database never looks complete.
        new Fga(new InMemoryTupleStore(), models, FgaLimits.DEFAULTS).writeModel(text);
        System.err.printf("loaded %,d tuples in %.1f s (+ %.1f s VACUUM ANALYZE)%n", loaded[0],
                (loadedAt - start) / 1e9, (System.nanoTime() - loadedAt) / 1e9);
    }

    /** PostgreSQL: COPY FROM STDIN through the driver's CopyManager, in 1 MiB chunks. */
    private static void copy(Connection c, FgaDataset data, long[] loaded) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY fga_tuples (object_type, object_id, relation,"
                + " subject_type, subject_id, subject_relation) FROM STDIN");
        StringBuilder chunk = new StringBuilder(1 << 20);
        SQLException[] failure = {null};
        data.emit((ot, oid, rel, st, sid, srel) -> {
            chunk.append(ot).append('\t').append(oid).append('\t').append(rel).append('\t').append(st).append('\t')
                    .append(sid).append('\t').append(srel == null ? "" : srel).append('\n');
            loaded[0]++;
            if (chunk.length() >= 1 << 20 && failure[0] == null) {
                failure[0] = flush(in, chunk);
            }
        });
        if (failure[0] == null) {
            failure[0] = flush(in, chunk);
        }
        if (failure[0] != null) {
            in.cancelCopy();
            throw failure[0];
        }
        in.endCopy();
    }

    private static SQLException flush(CopyIn in, StringBuilder chunk) {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        chunk.setLength(0);
        try {
            in.writeToCopy(bytes, 0, bytes.length);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** H2: batched INSERTs, committed every 10,000 rows. */
    private static void insert(Connection c, FgaDataset data, long[] loaded) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fga_tuples (object_type, object_id, relation,"
                + " subject_type, subject_id, subject_relation) VALUES (?, ?, ?, ?, ?, ?)")) {
            SQLException[] failure = {null};
            data.emit((ot, oid, rel, st, sid, srel) -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    ps.setString(1, ot);
                    ps.setString(2, oid);
                    ps.setString(3, rel);
                    ps.setString(4, st);
                    ps.setString(5, sid);
                    ps.setString(6, srel == null ? "" : srel);
                    ps.addBatch();
                    if (++loaded[0] % 10_000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                } catch (SQLException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            ps.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Creates the database named in {@code url} through the server's {@code postgres} database, if it is missing. */
    static void createDatabaseIfMissing(String url, String user, String password) {
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String name = url.substring(slash + 1, query < 0 ? url.length() : query);
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain lower-case identifier: " + name);
        }
        String admin = url.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
        try (Connection c = DriverManager.getConnection(admin, user, password);
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + admin + ": " + e.getMessage(), e);
        }
    }
}
