package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: an in-memory store that asks checks to read each object once, as the JDBC store
 * does, and counts the reads by kind, so the engine's one-read-per-object path runs without a
 * database. {@code readForCheck} is the interface's default, composed of the other reads, which
 * this class does not count.
 */
public final class ObjectReadingStore implements TupleStore {

    private final InMemoryTupleStore base = new InMemoryTupleStore();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private boolean composing;

    private void count(String kind) {
        if (!composing) {
            reads.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Reads made since the last reset, by method name. */
    public Map<String, Integer> reads() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        reads.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public void resetReads() {
        reads.clear();
    }

    @Override
    public boolean prefersObjectReads() {
        return true;
    }

    @Override
    public synchronized List<Tuple> readForCheck(ObjectRef object, Set<String> relations, Subject subject, Set<String> tuplesets) {
        count("readForCheck");
        composing = true;
        try {
            return TupleStore.super.readForCheck(object, relations, subject, tuplesets);
        } finally {
            composing = false;
        }
    }

    @Override
    public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
        base.write(writes, deletes);
    }

    @Override
    public boolean exists(Tuple tuple) {
        count("exists");
        return base.exists(tuple);
    }

    @Override
    public List<Tuple> read(ObjectRef object, String relation) {
        count("read");
        return base.read(object, relation);
    }

    @Override
    public List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation) {
        count("readUsersetsAndWildcards");
        return base.readUsersetsAndWildcards(object, relation);
    }

    @Override
    public List<Tuple> readBySubject(String objectType, String relation, Subject subject) {
        count("readBySubject");
        return base.readBySubject(objectType, relation, subject);
    }

    @Override
    public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
        count("page");
        return base.page(filter, after, limit);
    }
}
