package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The candidates of list-objects: starting from the subject, follow the model's edges backwards
 * (direct tuples, usersets that contain it, computed relations, tuple-to-userset parents) until
 * nothing new is found. A breadth-first fixpoint over facts "the subject is in {@code x#rel}", so
 * recursive relations (nested groups, folders within folders) are followed to the end and cycles
 * stop by themselves; no recursion, so no stack limit. Only relations from which the target can
 * be reached are followed. Each level's reads go to the store together, one
 * {@link TupleStore#readBySubjects} per relation read.
 *
 * <p>For a relation without intersection or exclusion the result is exact; otherwise it is a
 * superset (an intersection contributes one operand, an exclusion its base) to confirm with check.
 */
final class ReverseExpansion {

    private record Fact(ObjectRef object, RelationInfo relation) { }

    /** A read of the walk: tuples {@code target.type:*#relation@subject}, each making a fact of {@code target}. */
    private record Read(RelationInfo target, String relation) { }

    private ReverseExpansion() {
    }

    /**
     * @return candidate id → the fewest hops check needs to reach the subject from that object
     */
    static TreeMap<String, Integer> candidates(CompiledModel model, TupleStore store, Subject subject,
                                               RelationInfo target) {
        Set<RelationInfo> relevant = model.relationsReaching(target);
        Map<Fact, Integer> seen = new HashMap<>();
        ArrayDeque<Fact> queue = new ArrayDeque<>();
        if (subject.isUserset()) {
            RelationInfo self = model.relation(subject.type(), subject.relation());
            if (relevant.contains(self)) {
                add(new Fact(subject.object(), self), 0, seen, queue);
                // Tuples naming exactly this userset hold without a hop, as for a concrete subject.
                addTuples(store, self.usersetParents, subject, relevant, 0, seen, queue);
            }
        } else {
            if (!subject.isWildcard()) {
                addTuples(store, model.directParents(subject.type()), subject, relevant, 0, seen, queue);
            }
            // A public tuple (user:*) holds for every user, and for the wildcard subject itself.
            addTuples(store, model.wildcardParents(subject.type()), Subject.wildcard(subject.type()),
                    relevant, 0, seen, queue);
        }
        while (!queue.isEmpty()) {
            // One level of the walk at a time, its reads grouped by the relation they read: on a SQL store
            // a level then costs a query per relation, not one per fact.
            List<Fact> level = new ArrayList<>(queue);
            queue.clear();
            int next = seen.get(level.get(0)) + 1;
            Map<Read, Set<Subject>> reads = new LinkedHashMap<>();
            for (Fact f : level) {
                RelationInfo rel = f.relation();
                for (RelationInfo r : rel.usersetParents) {
                    if (relevant.contains(r)) {
                        reads.computeIfAbsent(new Read(r, r.name), k -> new LinkedHashSet<>())
                                .add(Subject.userset(f.object().type(), f.object().id(), rel.name));
                    }
                }
                for (RelationInfo computed : rel.computedParents) {
                    if (relevant.contains(computed)) {
                        add(new Fact(f.object(), computed), next, seen, queue);
                    }
                }
                for (RelationInfo.TuplesetEdge e : rel.tuplesetParents) {
                    if (relevant.contains(e.target())) {
                        reads.computeIfAbsent(new Read(e.target(), e.tupleset()), k -> new LinkedHashSet<>())
                                .add(Subject.of(f.object().type(), f.object().id()));
                    }
                }
            }
            for (Map.Entry<Read, Set<Subject>> read : reads.entrySet()) {
                RelationInfo found = read.getKey().target();
                for (Tuple t : store.readBySubjects(found.type, read.getKey().relation(), read.getValue())) {
                    add(new Fact(t.object(), found), next, seen, queue);
                }
            }
        }
        TreeMap<String, Integer> out = new TreeMap<>();
        for (Map.Entry<Fact, Integer> e : seen.entrySet()) {
            if (e.getKey().relation() == target) {
                out.put(e.getKey().object().id(), e.getValue());
            }
        }
        return out;
    }

    private static void addTuples(TupleStore store, List<RelationInfo> relations, Subject subject,
                                  Set<RelationInfo> relevant, int level, Map<Fact, Integer> seen,
                                  ArrayDeque<Fact> queue) {
        for (RelationInfo r : relations) {
            if (relevant.contains(r)) {
                for (Tuple t : store.readBySubject(r.type, r.name, subject)) {
                    add(new Fact(t.object(), r), level, seen, queue);
                }
            }
        }
    }

    private static void add(Fact f, int level, Map<Fact, Integer> seen, ArrayDeque<Fact> queue) {
        if (seen.putIfAbsent(f, level) == null) {
            queue.add(f);
        }
    }

    /** The ids in {@code candidates} whose level exceeds the budget, for the depth error. */
    static List<String> beyond(TreeMap<String, Integer> candidates, int maxDepth) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : candidates.entrySet()) {
            if (e.getValue() > maxDepth) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
