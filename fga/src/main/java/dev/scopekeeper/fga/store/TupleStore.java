package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where tuples live: the reads the engine needs for check, list-objects, list-users and expand,
 * and atomic batch writes. Implementations: {@link InMemoryTupleStore}, and the server's JDBC store.
 *
 * <p>Every read sees every write that returned before it (read-your-writes). Lists are sorted by
 * {@link Tuple#compareTo} (Java {@code String} order, i.e. UTF-16 code units; a SQL store must
 * sort in the same binary order, e.g. {@code COLLATE "C"} on PostgreSQL).
 */
public interface TupleStore {

    /**
     * Deletes {@code deletes} and writes {@code writes} as one atomic change. Nothing changes if
     * any write already exists, any delete does not exist, or a tuple is named twice in the batch.
     * Validation against the model is the engine's job, not the store's.
     *
     * @throws dev.scopekeeper.fga.FgaException {@code CONFLICT} naming the first offending tuple
     */
    void write(Collection<Tuple> writes, Collection<Tuple> deletes);

    /** Whether exactly this tuple exists. */
    boolean exists(Tuple tuple);

    /** All tuples {@code object#relation@*}, sorted. */
    List<Tuple> read(ObjectRef object, String relation);

    /**
     * The tuples {@code object#relation@*} whose subject is a userset ({@code group:eng#member}) or
     * a wildcard ({@code user:*}), sorted; concrete subjects are left out, which is what check
     * needs after its exact-match lookup.
     */
    List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation);

    /**
     * What check needs at one node in one read: the tuple {@code object#relation@subject} if it
     * exists, and every tuple {@code object#relation@*} whose subject is a userset or a wildcard,
     * sorted. A SQL store answers this in one round trip instead of {@link #exists} followed by
     * {@link #readUsersetsAndWildcards}, which is what this default does.
     */
    default List<Tuple> readExactAndIndirect(ObjectRef object, String relation, Subject subject) {
        List<Tuple> indirect = readUsersetsAndWildcards(object, relation);
        Tuple exact = new Tuple(object, relation, subject);
        if (subject.isUserset() || subject.isWildcard() || !exists(exact)) {
            return indirect; // a userset or wildcard tuple is among the indirect ones already
        }
        List<Tuple> out = new ArrayList<>(indirect.size() + 1);
        int at = 0;
        while (at < indirect.size() && indirect.get(at).compareTo(exact) < 0) {
            at++;
        }
        out.addAll(indirect.subList(0, at));
        out.add(exact);
        out.addAll(indirect.subList(at, indirect.size()));
        return out;
    }

    /**
     * The reverse lookup for list-objects: all tuples {@code objectType:*#relation@subject} with
     * exactly this subject (a wildcard subject matches only wildcard tuples), sorted.
     */
    List<Tuple> readBySubject(String objectType, String relation, Subject subject);

    /**
     * {@link #readBySubject} for several subjects in one read: every tuple {@code objectType:*#relation@s}
     * with {@code s} exactly one of {@code subjects}, sorted. List-objects asks it once per relation and
     * level of its walk, so a SQL store answers a level in one query instead of one per subject. The
     * default reads subject by subject.
     */
    default List<Tuple> readBySubjects(String objectType, String relation, Collection<Subject> subjects) {
        List<Tuple> out = new ArrayList<>();
        for (Subject s : new LinkedHashSet<>(subjects)) {
            out.addAll(readBySubject(objectType, relation, s));
        }
        out.sort(null);
        return out;
    }

    /**
     * One page of all tuples matching {@code filter}, sorted, strictly after {@code after} (null: from
     * the start), at most {@code limit} of them.
     */
    List<Tuple> page(TupleFilter filter, Tuple after, int limit);

    /**
     * The tuples a check needs of several objects, in one read: for each {@link CheckRead}, every tuple of
     * its objects with a relation in its {@code relations} whose subject is exactly {@code subject}, or a
     * userset, or a wildcard, plus every tuple of the relations in its {@code tuplesets} whatever the
     * subject; all sorted. A SQL store answers it in one query, so a check costs one round trip per
     * batch of objects it visits instead of one per relation (see {@link #prefersObjectReads}). The
     * default composes the other reads.
     */
    default List<Tuple> readForCheck(List<CheckRead> reads, Subject subject) {
        List<Tuple> out = new ArrayList<>();
        for (CheckRead read : reads) {
            for (String id : read.objectIds()) {
                ObjectRef object = new ObjectRef(read.objectType(), id);
                for (String relation : read.relations()) {
                    out.addAll(read.tuplesets().contains(relation) ? read(object, relation)
                            : readExactAndIndirect(object, relation, subject));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Whether a check should read objects with {@link #readForCheck}, each once and many in one read (true
     * for stores with a round trip per read), rather than each relation as it goes (in memory, where
     * reads are cheap).
     */
    default boolean prefersObjectReads() {
        return false;
    }
}
