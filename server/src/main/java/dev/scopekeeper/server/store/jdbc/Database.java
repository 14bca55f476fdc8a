package dev.scopekeeper.server.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.scopekeeper.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * A migrated database behind a small connection pool. {@link #open} either returns a database whose
 * schema is at the latest migration or throws; it never starts on a half-migrated schema.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final DatabaseSettings settings;
    private final int migrationsApplied;

    private Database(HikariDataSource pool, DatabaseSettings settings, int migrationsApplied) {
        this.pool = pool;
        this.settings = settings;
        this.migrationsApplied = migrationsApplied;
    }

    /**
     * Opens the pool and applies pending migrations.
     *
     * @throws StoreException if the database cannot be reached or a migration fails (the pool is closed)
     */
    public static Database open(DatabaseSettings settings) {
        long start = System.nanoTime();
        HikariDataSource pool = openPool(settings);
        try {
            int applied = Migrations.migrate(pool, settings);
            long ms = (System.nanoTime() - start) / 1_000_000;
            // Worth a line only when the schema changed; the server's start-up line has the time.
            if (applied > 0) {
                LOG.info("Database {} ready in {} ms ({} migration(s) applied)", settings.safeUrl(), ms, applied);
            } else {
                LOG.debug("Database {} ready in {} ms", settings.safeUrl(), ms);
            }
            return new Database(pool, settings, applied);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource openPool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("scopekeeper-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        // A readiness probe or a request must not hang for Hikari's default 30 s.
        config.setConnectionTimeout(5_000);
        if (settings.schema() != null) {
            // PostgreSQL accepts a search_path naming a schema that Flyway has yet to create.
            config.setSchema(settings.schema());
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to database " + settings.safeUrl() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    public DataSource dataSource() {
        return pool;
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /** How many migrations {@link #open} applied; 0 when the schema was already current. */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    @Override
    public void close() {
        pool.close();
    }
}
