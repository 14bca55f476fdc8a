package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.ExpandNode;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Expand, one level deep as in OpenFGA: the rewrite of {@code object#relation} as a tree whose
 * leaves are the stored subjects, the relation it is computed from, and the usersets a tupleset
 * yields. A caller expands a leaf userset ({@code group:eng#member}) with another call.
 */
public final class Expansion {

    private Expansion() {
    }

    /** The request must already be validated against the model. */
    public static ExpandNode expand(CompiledModel model, TupleStore store, ObjectRef object, String relation) {
        RelationInfo info = model.relation(object.type(), relation);
        return node(model, store, object, info, info.rewrite, object + "#" + relation);
    }

    private static ExpandNode node(CompiledModel model, TupleStore store, ObjectRef object, RelationInfo info,
                                   Node n, String name) {
        if (n instanceof Node.Direct d) {
            List<Subject> subjects = new ArrayList<>();
            for (Tuple t : store.read(object, info.name)) {
                // Tuples the model no longer allows are not part of the answer, as in check.
                if (d.allowed().allows(t.subject())) {
                    subjects.add(t.subject());
                }
            }
            return new ExpandNode.Direct(name, List.copyOf(subjects));
        } else if (n instanceof Node.Computed c) {
            return new ExpandNode.Computed(name, object + "#" + c.relation());
        } else if (n instanceof Node.FromTupleset f) {
            List<String> usersets = new ArrayList<>();
            for (Tuple t : store.read(object, f.tupleset())) {
                Subject parent = t.subject();
                // OpenFGA: a tuple-to-userset skips parents whose type lacks the relation.
                if (!parent.isUserset() && !parent.isWildcard() && f.tuplesetAllowed().allows(parent)
                        && model.defines(parent.type(), f.relation())) {
                    usersets.add(parent + "#" + f.relation());
                }
            }
            return new ExpandNode.FromTupleset(name, object + "#" + f.tupleset(), List.copyOf(usersets));
        } else if (n instanceof Node.AnyOf u) {
            return new ExpandNode.Union(name, children(model, store, object, info, u.children(), name));
        } else if (n instanceof Node.AllOf a) {
            return new ExpandNode.Intersection(name, children(model, store, object, info, a.children(), name));
        } else {
            Node.ButNot e = (Node.ButNot) n;
            return new ExpandNode.Exclusion(name, node(model, store, object, info, e.base(), name),
                    node(model, store, object, info, e.subtract(), name));
        }
    }

    private static List<ExpandNode> children(CompiledModel model, TupleStore store, ObjectRef object,
                                             RelationInfo info, List<Node> nodes, String name) {
        List<ExpandNode> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            out.add(node(model, store, object, info, n, name));
        }
        return List.copyOf(out);
    }
}
