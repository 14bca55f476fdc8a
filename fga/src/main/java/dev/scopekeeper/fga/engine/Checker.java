package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.HashMap;
import java.util.List;

/**
 * One check: does {@code subject} have {@code relation} on {@code object}? A depth-first walk of the
 * rewrites (Zanzibar §2.4.1, OpenFGA's ResolveCheck) with three outcomes per branch — true, false,
 * or "needed more hops than the budget" — combined as OpenFGA does: true OR unknown is true,
 * false AND unknown is false, anything else unknown stays unknown and becomes DEPTH_EXCEEDED.
 *
 * <p>Every hop to another {@code object#relation} (userset, computed userset, tuple-to-userset)
 * costs one unit of depth. A node met again on the current path is a cycle in the data and
 * resolves to false there (the least fixpoint: a cycle adds no subject). Results that do not
 * depend on such a cut are remembered for the rest of this check, so diamonds in the graph are
 * walked once. Recursion depth is bounded by the depth budget, which {@link #MAX_DEPTH} caps.
 * Not thread-safe: one instance per check.
 */
public final class Checker {

    /** The largest depth budget accepted: deep enough for any sane model, far from the Java stack's limit. */
    public static final int MAX_DEPTH = 100;

    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int TOO_DEEP = 2;

    private static final int MEMO_TRUE = -1;
    private static final int MEMO_FALSE = -2;

    private record Key(ObjectRef object, String relation) { }

    private final CompiledModel model;
    private final TupleStore store;
    private final Subject subject;
    private final boolean concreteSubject;
    private final int maxDepth;
    /** Per node: its depth while on the current path (≥ 0), or a remembered result (< 0). */
    private final HashMap<Key, Integer> nodes = new HashMap<>();
    /** The shallowest path depth a cycle cut in the current subtree pointed to. */
    private int lowestCut = Integer.MAX_VALUE;
    private String tooDeepAt;

    private Checker(CompiledModel model, TupleStore store, Subject subject, int maxDepth) {
        this.model = model;
        this.store = store;
        this.subject = subject;
        this.concreteSubject = !subject.isUserset() && !subject.isWildcard();
        this.maxDepth = maxDepth;
    }

    /**
     * Resolves one check. The request must already be validated against the model.
     *
     * @throws FgaException {@code DEPTH_EXCEEDED} when the answer needs more hops than {@code maxDepth}
     */
    public static boolean check(CompiledModel model, TupleStore store, ObjectRef object, String relation,
                                Subject subject, int maxDepth) {
        Checker c = new Checker(model, store, subject, Math.min(maxDepth, MAX_DEPTH));
        int result = c.node(object, relation, 0);
        if (result == TOO_DEEP) {
            throw depthExceeded("checking " + object + "#" + relation + " for " + subject, c.maxDepth, c.tooDeepAt);
        }
        return result == TRUE;
    }

    /** @param task what was being resolved, e.g. "checking doc:1#viewer for user:anne" */
    static FgaException depthExceeded(String task, int maxDepth, String where) {
        return new FgaException(FgaException.Code.DEPTH_EXCEEDED, task + " needs more than " + maxDepth
                + " hops (the depth limit), reached at " + where + "; the relationship graph is too deep");
    }

    private int node(ObjectRef object, String relation, int depth) {
        // OpenFGA: a userset is a member of itself (group:eng#member has member on group:eng).
        if (subject.relation() != null && subject.relation().equals(relation)
                && subject.id().equals(object.id()) && subject.type().equals(object.type())) {
            return TRUE;
        }
        if (depth > maxDepth) {
            if (tooDeepAt == null) {
                tooDeepAt = object + "#" + relation;
            }
            return TOO_DEEP;
        }
        RelationInfo info = model.relation(object.type(), relation);
        if (info == null) {
            return FALSE;
        }
        Key key = new Key(object, relation);
        Integer state = nodes.get(key);
        if (state != null) {
            int s = state;
            if (s >= 0) { // on the current path: a cycle in the data
                lowestCut = Math.min(lowestCut, s);
                return FALSE;
            }
            return s == MEMO_TRUE ? TRUE : FALSE;
        }
        nodes.put(key, depth);
        int outerCut = lowestCut;
        lowestCut = Integer.MAX_VALUE;
        int result = eval(info.rewrite, object, info, depth);
        if (lowestCut >= depth && result != TOO_DEEP) {
            // No cut above this node: the result holds wherever else this node is met.
            nodes.put(key, result == TRUE ? MEMO_TRUE : MEMO_FALSE);
            lowestCut = outerCut;
        } else {
            nodes.remove(key);
            lowestCut = lowestCut >= depth ? outerCut : Math.min(outerCut, lowestCut);
        }
        return result;
    }

    // Java 17: no pattern matching for switch, so the sealed type is walked with instanceof.
    private int eval(Node n, ObjectRef object, RelationInfo info, int depth) {
        if (n instanceof Node.Direct d) {
            return direct(d.allowed(), object, info, depth);
        } else if (n instanceof Node.Computed c) {
            return node(object, c.relation(), depth + 1);
        } else if (n instanceof Node.FromTupleset f) {
            return fromTupleset(f, object, depth);
        } else if (n instanceof Node.AnyOf u) {
            int result = FALSE;
            List<Node> children = u.children();
            for (int i = 0; i < children.size(); i++) {
                int r = eval(children.get(i), object, info, depth);
                if (r == TRUE) {
                    return TRUE;
                }
                if (r == TOO_DEEP) {
                    result = TOO_DEEP;
                }
            }
            return result;
        } else if (n instanceof Node.AllOf a) {
            int result = TRUE;
            List<Node> children = a.children();
            for (int i = 0; i < children.size(); i++) {
                int r = eval(children.get(i), object, info, depth);
                if (r == FALSE) {
                    return FALSE;
                }
                if (r == TOO_DEEP) {
                    result = TOO_DEEP;
                }
            }
            return result;
        } else {
            Node.ButNot e = (Node.ButNot) n;
            int base = eval(e.base(), object, info, depth);
            if (base == FALSE) {
                return FALSE;
            }
            int subtract = eval(e.subtract(), object, info, depth);
            if (subtract == TRUE) {
                return FALSE;
            }
            return base == TRUE && subtract == FALSE ? TRUE : TOO_DEEP;
        }
    }

    private int direct(Allowed allowed, ObjectRef object, RelationInfo info, int depth) {
        // Tuples whose subject type the model no longer allows are ignored, as in OpenFGA.
        boolean exactAllowed = allowed.allows(subject);
        if (!allowed.hasIndirect() || (!concreteSubject && !allowed.hasUsersets())) {
            return exactAllowed && store.exists(new Tuple(object, info.name, subject)) ? TRUE : FALSE;
        }
        // The exact tuple and the indirect ones in one read: one round trip on a SQL store, not two.
        List<Tuple> found = exactAllowed ? store.readExactAndIndirect(object, info.name, subject)
                : store.readUsersetsAndWildcards(object, info.name);
        if (exactAllowed) {
            for (int i = 0; i < found.size(); i++) {
                if (found.get(i).subject().equals(subject)) {
                    return TRUE;
                }
            }
        }
        int result = FALSE;
        for (int i = 0; i < found.size(); i++) {
            Subject s = found.get(i).subject();
            if (!(s.isUserset() || s.isWildcard()) || !allowed.allows(s)) {
                continue; // the exact concrete tuple (answered above), or a type the model no longer allows
            }
            if (s.isWildcard()) {
                // user:* grants every concrete user; a userset or a wildcard subject only matches exactly.
                if (concreteSubject && s.type().equals(subject.type())) {
                    return TRUE;
                }
                continue;
            }
            int r = node(s.object(), s.relation(), depth + 1);
            if (r == TRUE) {
                return TRUE;
            }
            if (r == TOO_DEEP) {
                result = TOO_DEEP;
            }
        }
        return result;
    }

    private int fromTupleset(Node.FromTupleset f, ObjectRef object, int depth) {
        int result = FALSE;
        List<Tuple> parents = store.read(object, f.tupleset());
        for (int i = 0; i < parents.size(); i++) {
            Subject parent = parents.get(i).subject();
            // OpenFGA: a tuple-to-userset skips parents whose type lacks the relation.
            if (parent.relation() != null || parent.isWildcard() || !f.tuplesetAllowed().allows(parent)
                    || !model.defines(parent.type(), f.relation())) {
                continue;
            }
            int r = node(parent.object(), f.relation(), depth + 1);
            if (r == TRUE) {
                return TRUE;
            }
            if (r == TOO_DEEP) {
                result = TOO_DEEP;
            }
        }
        return result;
    }
}
