package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.CheckRead;
import dev.scopekeeper.fga.store.TupleBatches;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.fga.store.TupleStore;
import dev.scopekeeper.server.store.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fga {@link TupleStore} in the server's database ({@code fga_tuples}, see {@code V4__fga.sql}),
 * for H2 and PostgreSQL with the same SQL. Stateless apart from the pool: any number of nodes may
 * share one database, and every read sees every batch committed before it (reads run in auto-commit
 * mode, one indexed statement each).
 *
 * <p>A batch is one transaction. Deletes run first, and one that removes no row is a conflict. The
 * primary key detects a write of a tuple that exists, also one that another node committed a moment
 * ago (PostgreSQL and H2 make a concurrent insert of the same key wait for the other transaction,
 * then fail); the store then names the first write that exists. Failures other than conflicts are
 * {@link StoreException}s naming the operation.
 */
public final class JdbcTupleStore implements TupleStore {
    /** A deadlock between two batches, or a tuple that was written and deleted again meanwhile, is retried this often. */
    private static final int ATTEMPTS = 3;
    /** Deadlock or serialization failure (both engines), H2's lock timeout and concurrent update: worth another try. */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "HYT00", "90131");

    private final Jdbc jdbc;

    /** A store over an already migrated data source, which the caller keeps and closes. */
    public JdbcTupleStore(DataSource dataSource) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
        List<Tuple> toWrite = List.copyOf(writes);
        List<Tuple> toDelete = List.copyOf(deletes);
        TupleBatches.requireNamedOnce(toWrite, toDelete);
        if (toWrite.isEmpty() && toDelete.isEmpty()) {
            return;
        }
        // Sorted, so that concurrent batches take their row locks in one order and rarely deadlock.
        List<Tuple> sortedWrites = toWrite.stream().sorted().toList();
        List<Tuple> sortedDeletes = toDelete.stream().sorted().toList();
        String operation = "write " + toWrite.size() + " and delete " + toDelete.size() + " tuple(s)";
        for (int attempt = 1; ; attempt++) {
            SQLException failure;
            try {
                jdbc.transactionOnce(c -> {
                    deleteAll(c, toDelete, sortedDeletes);
                    TupleSql.insert(c, sortedWrites);
                    return null;
                });
                return;
            } catch (SQLException e) {
                failure = e;
            }
            String state = Jdbc.sqlState(failure);
            if (Jdbc.UNIQUE_VIOLATION.equals(state)) {
                // Rolled back; what exists now decides which write to name.
                Optional<Tuple> existing = jdbc.read("find which tuples exist", c -> TupleSql.firstExisting(c, toWrite));
                if (existing.isPresent()) {
                    throw new FgaException(FgaException.Code.CONFLICT,
                            "cannot write tuple '" + existing.get() + "': it already exists");
                }
            } else if (!TRANSIENT.contains(state)) {
                throw Jdbc.failure(operation, failure);
            }
            if (attempt == ATTEMPTS) {
                throw Jdbc.failure(operation, failure);
            }
        }
    }

    /** Deletes in {@code sorted} order; a missing tuple is a conflict naming the first in the caller's order. */
    private static void deleteAll(Connection c, List<Tuple> inCallerOrder, List<Tuple> sorted) throws SQLException {
        if (sorted.isEmpty()) {
            return;
        }
        boolean[] deleted = TupleSql.delete(c, sorted);
        Set<Tuple> missing = new HashSet<>();
        for (int i = 0; i < deleted.length; i++) {
            if (!deleted[i]) {
                missing.add(sorted.get(i));
            }
        }
        for (Tuple t : inCallerOrder) {
            if (missing.contains(t)) {
                // Thrown inside the transaction, which rolls back every statement of the batch.
                throw new FgaException(FgaException.Code.CONFLICT, "cannot delete tuple '" + t + "': it does not exist");
            }
        }
    }

    @Override
    public boolean exists(Tuple tuple) {
        return jdbc.read("check tuple", c -> TupleSql.exists(c, tuple));
    }

    @Override
    public List<Tuple> read(ObjectRef object, String relation) {
        return jdbc.read("read tuples", c -> TupleSql.read(c, object, relation, false));
    }

    @Override
    public List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation) {
        return jdbc.read("read userset and wildcard tuples", c -> TupleSql.read(c, object, relation, true));
    }

    /** One statement for all the objects, where the default would take two round trips per relation and object. */
    @Override
    public List<Tuple> readForCheck(List<CheckRead> reads, Subject subject) {
        return jdbc.read("read objects' tuples for a check", c -> TupleSql.readForCheck(c, reads, subject));
    }

    /** Every read is a round trip: a check reads objects once each and in batches ({@link #readForCheck}). */
    @Override
    public boolean prefersObjectReads() {
        return true;
    }

    @Override
    public List<Tuple> readBySubjects(String objectType, String relation, Collection<Subject> subjects) {
        return jdbc.read("read tuples by subjects", c -> TupleSql.readBySubjects(c, objectType, relation, subjects));
    }

    @Override
    public List<Tuple> readBySubject(String objectType, String relation, Subject subject) {
        return jdbc.read("read tuples by subject", c -> TupleSql.readBySubject(c, objectType, relation, subject));
    }

    @Override
    public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
        if (limit < 1) {
            return List.of(); // as the in-memory store does; the engine bounds page sizes itself
        }
        return jdbc.read("page tuples", c -> TupleSql.page(c, filter, after, limit));
    }
}
