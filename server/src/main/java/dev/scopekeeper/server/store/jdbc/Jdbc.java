package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.store.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Connection handling shared by the SQL classes: one place that opens, commits, rolls back and wraps. */
final class Jdbc {
    /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
    static final String UNIQUE_VIOLATION = "23505";

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs a single statement (or several independent reads) in auto-commit mode. */
    <T> T read(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. A
     * unique violation is retried once, because two nodes racing on the same upsert collide there
     * and the second attempt then sees the winner's row.
     */
    <T> T transaction(String operation, Work<T> work) {
        try {
            return attempt(work);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw failure(operation, e);
            }
        }
        try {
            return attempt(work);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /**
     * Runs {@code work} in one transaction, once, with no retry: for callers to whom a unique
     * violation means something (a conflict to report) rather than a race to retry.
     */
    <T> T transactionOnce(Work<T> work) throws SQLException {
        return attempt(work);
    }

    /** The SQLSTATE of {@code e}, or of the first exception chained to it that has one (batch failures wrap theirs). */
    static String sqlState(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null) {
                return s.getSQLState();
            }
            if (s.getCause() instanceof SQLException cause && cause.getSQLState() != null) {
                return cause.getSQLState();
            }
        }
        return null;
    }

    private <T> T attempt(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** The message names the operation and the SQLSTATE; driver text may quote values, so it stays in the cause. */
    static StoreException failure(String operation, SQLException e) {
        return new StoreException(operation + " failed (SQLSTATE " + e.getSQLState() + ")", e);
    }

    /** Stored precision: PostgreSQL keeps microseconds, so both engines get exactly that. */
    static Instant truncate(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
