package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Tuples in memory, indexed for the engine's reads: by object and relation (check, expand,
 * list-users) and by subject, object type and relation (list-objects). A read-write lock makes
 * each batch atomic: readers see all of a batch or none of it.
 */
public final class InMemoryTupleStore implements TupleStore {

    private record ObjectKey(ObjectRef object, String relation) { }

    private record SubjectKey(String objectType, String relation, Subject subject) { }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final NavigableSet<Tuple> all = new TreeSet<>();
    private final Map<ObjectKey, NavigableSet<Tuple>> byObject = new HashMap<>();
    private final Map<SubjectKey, NavigableSet<Tuple>> bySubject = new HashMap<>();

    @Override
    public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
        lock.writeLock().lock();
        try {
            TupleBatches.requireNamedOnce(writes, deletes);
            for (Tuple t : deletes) {
                if (!all.contains(t)) {
                    throw new FgaException(FgaException.Code.CONFLICT, "cannot delete tuple '" + t + "': it does not exist");
                }
            }
            for (Tuple t : writes) {
                if (all.contains(t)) {
                    throw new FgaException(FgaException.Code.CONFLICT, "cannot write tuple '" + t + "': it already exists");
                }
            }
            for (Tuple t : deletes) {
                all.remove(t);
                removeFrom(byObject, new ObjectKey(t.object(), t.relation()), t);
                removeFrom(bySubject, new SubjectKey(t.object().type(), t.relation(), t.subject()), t);
            }
            for (Tuple t : writes) {
                all.add(t);
                byObject.computeIfAbsent(new ObjectKey(t.object(), t.relation()), k -> new TreeSet<>()).add(t);
                bySubject.computeIfAbsent(new SubjectKey(t.object().type(), t.relation(), t.subject()), k -> new TreeSet<>()).add(t);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static <K> void removeFrom(Map<K, NavigableSet<Tuple>> index, K key, Tuple t) {
        NavigableSet<Tuple> set = index.get(key);
        if (set != null && set.remove(t) && set.isEmpty()) {
            index.remove(key);
        }
    }

    @Override
    public boolean exists(Tuple tuple) {
        lock.readLock().lock();
        try {
            return all.contains(tuple);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Tuple> read(ObjectRef object, String relation) {
        lock.readLock().lock();
        try {
            NavigableSet<Tuple> set = byObject.get(new ObjectKey(object, relation));
            return set == null ? List.of() : List.copyOf(set);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation) {
        lock.readLock().lock();
        try {
            NavigableSet<Tuple> set = byObject.get(new ObjectKey(object, relation));
            if (set == null) {
                return List.of();
            }
            List<Tuple> out = new ArrayList<>();
            for (Tuple t : set) {
                if (t.subject().isUserset() || t.subject().isWildcard()) {
                    out.add(t);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One pass over the object's tuples: cheaper than a lookup in {@code all}, the default's exists. */
    @Override
    public List<Tuple> readExactAndIndirect(ObjectRef object, String relation, Subject subject) {
        lock.readLock().lock();
        try {
            NavigableSet<Tuple> set = byObject.get(new ObjectKey(object, relation));
            if (set == null) {
                return List.of();
            }
            List<Tuple> out = new ArrayList<>();
            for (Tuple t : set) {
                if (t.subject().isUserset() || t.subject().isWildcard() || t.subject().equals(subject)) {
                    out.add(t);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Tuple> readBySubject(String objectType, String relation, Subject subject) {
        lock.readLock().lock();
        try {
            NavigableSet<Tuple> set = bySubject.get(new SubjectKey(objectType, relation, subject));
            return set == null ? List.of() : List.copyOf(set);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
        lock.readLock().lock();
        try {
            List<Tuple> out = new ArrayList<>(Math.min(limit, 1024));
            for (Tuple t : after == null ? all : all.tailSet(after, false)) {
                if (out.size() >= limit) {
                    break;
                }
                if (filter.matches(t)) {
                    out.add(t);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many tuples are stored. */
    public int size() {
        lock.readLock().lock();
        try {
            return all.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
