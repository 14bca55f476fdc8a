package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The candidates of list-users: from {@code object#relation} down through the rewrites and the
 * stored usersets, breadth first until nothing new is found, collecting the subjects whose type the
 * caller asked for. Every {@code x#rel} met on the way is itself a candidate userset (a userset is
 * a member of itself). Exact for relations without intersection or exclusion; otherwise a superset
 * to confirm with check, and then every operand is walked, subtracted ones included: a user may
 * hold an intersection through {@code user:*} on one side and by name on the other, or an
 * exclusion because a nested subtract names them, so every named subject is a candidate. A user
 * named nowhere behaves exactly like {@code user:*}, which is a candidate whenever a wildcard tuple
 * is met, so the confirmed list misses no one.
 */
final class ForwardExpansion {

    /** The subject types asked for: {@code user} (with {@code user:*}) and {@code group#member}. */
    record Filter(Set<String> types, Set<String> usersets) {
        boolean wantsUserset(String type, String relation) {
            return usersets.contains(type + "#" + relation);
        }
    }

    private record Key(ObjectRef object, RelationInfo relation) { }

    private final CompiledModel model;
    private final TupleStore store;
    private final Filter filter;
    private final int maxDepth;
    private final Map<Key, Integer> seen = new HashMap<>();
    private final ArrayDeque<Key> queue = new ArrayDeque<>();
    private final TreeSet<Subject> found = new TreeSet<>();
    private String tooDeepAt;

    private ForwardExpansion(CompiledModel model, TupleStore store, Filter filter, int maxDepth) {
        this.model = model;
        this.store = store;
        this.filter = filter;
        this.maxDepth = maxDepth;
    }

    /**
     * @return the candidates, sorted
     * @throws dev.scopekeeper.fga.FgaException {@code DEPTH_EXCEEDED} when a userset is only reached
     *         beyond the depth budget
     */
    static TreeSet<Subject> candidates(CompiledModel model, TupleStore store, ObjectRef object,
                                       RelationInfo relation, Filter filter, int maxDepth) {
        ForwardExpansion f = new ForwardExpansion(model, store, filter, maxDepth);
        f.visit(new Key(object, relation), 0);
        while (!f.queue.isEmpty()) {
            Key k = f.queue.poll();
            f.expand(k.object(), k.relation(), k.relation().rewrite, f.seen.get(k));
            if (f.tooDeepAt != null) {
                throw Checker.depthExceeded("listing the subjects of " + object + "#" + relation.name,
                        maxDepth, f.tooDeepAt);
            }
        }
        return f.found;
    }

    private void visit(Key k, int level) {
        if (seen.containsKey(k)) {
            return; // breadth first: met before means met at no more hops
        }
        if (level > maxDepth) {
            if (tooDeepAt == null) {
                tooDeepAt = k.object() + "#" + k.relation().name;
            }
            return;
        }
        seen.put(k, level);
        if (filter.wantsUserset(k.object().type(), k.relation().name)) {
            found.add(Subject.userset(k.object().type(), k.object().id(), k.relation().name));
        }
        queue.add(k);
    }

    private void expand(ObjectRef object, RelationInfo rel, Node n, int level) {
        if (n instanceof Node.Direct d) {
            for (Tuple t : store.read(object, rel.name)) {
                Subject s = t.subject();
                if (!d.allowed().allows(s)) {
                    continue;
                }
                if (s.isUserset()) {
                    RelationInfo target = model.relation(s.type(), s.relation());
                    if (target != null) {
                        visit(new Key(s.object(), target), level + 1);
                    }
                } else if (filter.types().contains(s.type())) {
                    found.add(s);
                }
            }
        } else if (n instanceof Node.Computed c) {
            RelationInfo target = model.relation(object.type(), c.relation());
            if (target != null) {
                visit(new Key(object, target), level + 1);
            }
        } else if (n instanceof Node.FromTupleset f) {
            for (Tuple t : store.read(object, f.tupleset())) {
                Subject parent = t.subject();
                if (parent.isUserset() || parent.isWildcard() || !f.tuplesetAllowed().allows(parent)) {
                    continue;
                }
                // OpenFGA: a tuple-to-userset skips parents whose type lacks the relation.
                RelationInfo target = model.relation(parent.type(), f.relation());
                if (target != null) {
                    visit(new Key(parent.object(), target), level + 1);
                }
            }
        } else if (n instanceof Node.AnyOf u) {
            for (Node child : u.children()) {
                expand(object, rel, child, level);
            }
        } else if (n instanceof Node.AllOf a) {
            for (Node child : a.children()) {
                expand(object, rel, child, level);
            }
        } else {
            Node.ButNot e = (Node.ButNot) n;
            expand(object, rel, e.base(), level);
            expand(object, rel, e.subtract(), level);
        }
    }
}
