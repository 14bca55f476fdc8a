package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: an in-memory store that asks checks to read each object once, as the JDBC store
 * does, and counts the reads by kind, so the engine's one-read-per-object path runs without a
 * database. {@code readForCheck} is the interface's default, composed of the other reads, which
 * this class does not count; it records what each {@code readForCheck} asked for.
 */
public final class ObjectReadingStore implements TupleStore {

    private final InMemoryTupleStore base = new InMemoryTupleStore();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final List<List<CheckRead>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
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
        batches.clear();
    }

    /** What each {@code readForCheck} since the last reset asked for, in order. */
    public List<List<CheckRead>> checkReads() {
        return List.copyOf(batches);
    }

    @Override
    public boolean prefersObjectReads() {
        return true;
    }

    @Override
    public synchronized List<Tuple> readForCheck(List<CheckRead> reads, Subject subject) {
        count("readForCheck");
        batches.add(reads);
        composing = true;
        try {
            return TupleStore.super.readForCheck(reads, subject);
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
