package dev.scopekeeper.server.store;

import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static dev.scopekeeper.server.store.StoreFixtures.confidentialClient;
import static dev.scopekeeper.server.store.StoreFixtures.publicClient;
import static dev.scopekeeper.server.store.StoreFixtures.user;

/**
 * A fresh database per test holding users {@code alice} and {@code bob} and clients {@code app}
 * and {@code other}, which codes, tokens, consents and sessions refer to. A subclass per engine
 * supplies the database.
 */
abstract class SeededStoreContract {
    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final String APP = "app";
    static final String OTHER = "other";

    DatabaseSettings settings;
    Database database;
    JdbcStore store;

    /** Settings for a new, empty database (or schema) that only this test uses. */
    protected abstract DatabaseSettings newDatabase();

    protected abstract void dropDatabase(DatabaseSettings settings) throws Exception;

    @BeforeEach
    void open() {
        settings = newDatabase();
        database = Database.open(settings);
        store = new JdbcStore(database);
        store.saveUser(user(ALICE));
        store.saveUser(user(BOB));
        store.saveClient(publicClient(APP));
        store.saveClient(confidentialClient(OTHER));
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (settings != null) {
            dropDatabase(settings);
        }
    }

    /** Runs raw SQL on the store's own database, e.g. to make a later statement fail. */
    void execute(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs {@code task} on {@code threads} threads released together by a barrier; results in thread order. */
    static <T> List<T> runConcurrently(int threads, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.apply(n);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
