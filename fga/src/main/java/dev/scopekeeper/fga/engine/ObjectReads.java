package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.CheckRead;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One check's view of a store with a round trip per read. Every object the check visits is read once,
 * with everything the check can ask of it (the exact subject on every directly assigned relation, the
 * usersets and wildcards, the tuplesets); later reads of that object are answered from memory.
 *
 * <p>Reads are also batched. The objects met in what was read (the usersets' objects, such as the
 * groups of {@code group:eng#member}, and the parents named by tuplesets) are where the check may go
 * next; when the check asks for an object not read yet, that object and every such pending object
 * of the same type, up to {@link #MAX_BATCH}, are read together in one {@link TupleStore#readForCheck}.
 * A check through nested groups then costs one round trip per level of nesting, not one per group.
 * A pending object the check never visits costs rows, not round trips; the answer is the same as
 * reading one object at a time, because each object's read is the same either way.
 *
 * <p>Lives for one check only, so it never serves a stale answer to a later request. Not thread-safe.
 */
public final class ObjectReads implements TupleStore {

    /** What a check reads of an object of one type. */
    public record Relations(Set<String> read, Set<String> tuplesets) { }

    /** The most objects one read fetches, so that a wide fan-out becomes a few bounded queries. */
    static final int MAX_BATCH = 100;

    private final TupleStore base;
    private final CompiledModel model;
    private final Subject subject;
    private final Map<ObjectRef, List<Tuple>> fetched = new HashMap<>();
    /** Objects met in fetched tuples and not read yet, in the order met. */
    private final Set<ObjectRef> pending = new LinkedHashSet<>();

    private ObjectReads(TupleStore base, CompiledModel model, Subject subject) {
        this.base = base;
        this.model = model;
        this.subject = subject;
    }

    /** The view for one check of {@code subject}, or the store itself when its reads are cheap. */
    public static TupleStore forCheck(TupleStore base, CompiledModel model, Subject subject) {
        return base.prefersObjectReads() ? new ObjectReads(base, model, subject) : base;
    }

    /** The object's fetched tuples, or null when this view does not cover {@code relation} of it. */
    private List<Tuple> covering(ObjectRef object, String relation, boolean needsAllSubjects) {
        Relations r = model.readRelations(object.type());
        if (r == null || !r.read().contains(relation) || (needsAllSubjects && !r.tuplesets().contains(relation))) {
            return null;
        }
        List<Tuple> tuples = fetched.get(object);
        if (tuples == null) {
            fetchWithPending(object, r);
            tuples = fetched.get(object);
        }
        return tuples;
    }

    /** Reads {@code object} and the pending objects of its type in one round trip. */
    private void fetchWithPending(ObjectRef object, Relations r) {
        pending.remove(object);
        List<String> ids = new ArrayList<>();
        ids.add(object.id());
        fetched.put(object, new ArrayList<>());
        for (Iterator<ObjectRef> it = pending.iterator(); it.hasNext() && ids.size() < MAX_BATCH; ) {
            ObjectRef next = it.next();
            if (next.type().equals(object.type())) {
                it.remove();
                ids.add(next.id());
                fetched.put(next, new ArrayList<>());
            }
        }
        List<Tuple> found = base.readForCheck(List.of(new CheckRead(object.type(), ids, r.read(), r.tuplesets())), subject);
        for (Tuple t : found) {
            fetched.get(t.object()).add(t); // sorted per object, as the read returned them
            Subject s = t.subject();
            if (!s.isWildcard() && (s.isUserset() || r.tuplesets().contains(t.relation()))) {
                ObjectRef next = s.object();
                Relations nextReads = model.readRelations(next.type());
                if (nextReads != null && !nextReads.read().isEmpty() && !fetched.containsKey(next)) {
                    pending.add(next);
                }
            }
        }
    }

    private static List<Tuple> of(List<Tuple> tuples, String relation) {
        List<Tuple> out = new ArrayList<>();
        for (Tuple t : tuples) {
            if (t.relation().equals(relation)) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public boolean exists(Tuple tuple) {
        List<Tuple> tuples = tuple.subject().equals(subject) ? covering(tuple.object(), tuple.relation(), false) : null;
        return tuples == null ? base.exists(tuple) : Collections.binarySearch(tuples, tuple) >= 0;
    }

    @Override
    public List<Tuple> read(ObjectRef object, String relation) {
        List<Tuple> tuples = covering(object, relation, true);
        return tuples == null ? base.read(object, relation) : of(tuples, relation);
    }

    @Override
    public List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation) {
        List<Tuple> tuples = covering(object, relation, false);
        if (tuples == null) {
            return base.readUsersetsAndWildcards(object, relation);
        }
        List<Tuple> out = new ArrayList<>();
        for (Tuple t : tuples) {
            if (t.relation().equals(relation) && (t.subject().isUserset() || t.subject().isWildcard())) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public List<Tuple> readBySubject(String objectType, String relation, Subject s) {
        return base.readBySubject(objectType, relation, s);
    }

    @Override
    public List<Tuple> readBySubjects(String objectType, String relation, Collection<Subject> subjects) {
        return base.readBySubjects(objectType, relation, subjects);
    }

    @Override
    public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
        return base.page(filter, after, limit);
    }

    @Override
    public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
        throw new UnsupportedOperationException("a check's view is read-only");
    }
}
