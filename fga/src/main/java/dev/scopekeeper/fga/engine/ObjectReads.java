package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One check's view of a store with a round trip per read: the first read about an object fetches
 * everything the check can ask of it in one {@link TupleStore#readForCheck} (the exact subject on
 * every directly assigned relation, the usersets and wildcards, the tuplesets), and later reads of
 * that object are answered from it. A check then costs one round trip per object it visits, not one
 * per relation. Lives for one check only, so it never serves a stale answer to a later request.
 * Not thread-safe.
 */
public final class ObjectReads implements TupleStore {

    /** What a check reads of an object of one type. */
    public record Relations(Set<String> read, Set<String> tuplesets) { }

    private final TupleStore base;
    private final CompiledModel model;
    private final Subject subject;
    private final Map<ObjectRef, List<Tuple>> fetched = new HashMap<>();

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
        return fetched.computeIfAbsent(object, o -> base.readForCheck(o, r.read(), subject, r.tuplesets()));
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
    public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
        return base.page(filter, after, limit);
    }

    @Override
    public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
        throw new UnsupportedOperationException("a check's view is read-only");
    }
}
