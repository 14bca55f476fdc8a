package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Identifiers;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.model.AuthorizationModel;
import dev.scopekeeper.fga.model.Rewrite;
import dev.scopekeeper.fga.model.TypeDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model prepared for resolution, once per model version: compiled rewrites, allowed subject
 * types as sets, which types define which relation, whether a relation needs check to confirm
 * list results, and the reverse edges of list-objects. Immutable after construction.
 */
public final class CompiledModel {

    private final String id;
    private final AuthorizationModel model;
    private final Map<String, Map<String, RelationInfo>> relations = new HashMap<>();
    /** Subject type → relations whose direct assignment allows it concretely ({@code [user]}). */
    private final Map<String, List<RelationInfo>> directParents = new HashMap<>();
    /** Subject type → relations whose direct assignment allows its wildcard ({@code [user:*]}). */
    private final Map<String, List<RelationInfo>> wildcardParents = new HashMap<>();
    /** Target relation → the relations whose facts can lead to it; filled on first use. */
    private final Map<RelationInfo, Set<RelationInfo>> reaching = new ConcurrentHashMap<>();

    public CompiledModel(String id, AuthorizationModel model) {
        this.id = id;
        this.model = model;
        for (TypeDefinition t : model.types().values()) {
            Map<String, RelationInfo> byName = new HashMap<>();
            for (String r : t.relations().keySet()) {
                byName.put(r, new RelationInfo(t.name(), r, new Allowed(model.directlyAssignable(t.name(), r))));
            }
            relations.put(t.name(), byName);
        }
        for (Map<String, RelationInfo> byName : relations.values()) {
            for (RelationInfo info : byName.values()) {
                Rewrite rewrite = model.relation(info.type, info.name).orElseThrow();
                info.rewrite = compile(info, rewrite);
                addReverseEdges(info, info.rewrite);
            }
        }
        markInexact();
    }

    public String id() {
        return id;
    }

    public AuthorizationModel model() {
        return model;
    }

    public boolean hasType(String type) {
        return relations.containsKey(type);
    }

    /** The relation, or null if the type or the relation is not defined. */
    RelationInfo relation(String type, String relation) {
        Map<String, RelationInfo> byName = relations.get(type);
        return byName == null ? null : byName.get(relation);
    }

    public boolean defines(String type, String relation) {
        return relation(type, relation) != null;
    }

    /** @throws FgaException {@code INVALID_INPUT} unless {@code type#relation} is defined */
    public void requireRelation(String type, String relation) {
        requireType(type, "type");
        if (relation == null || relation.isEmpty()) {
            throw FgaException.invalidInput("a relation is required");
        }
        if (relation(type, relation) == null) {
            throw FgaException.invalidInput("relation '" + Identifiers.printable(relation)
                    + "' is not defined on type '" + type + "' in model " + id);
        }
    }

    /** @throws FgaException {@code INVALID_INPUT} unless the subject's type (and userset relation) is defined */
    public void requireSubject(Subject s) {
        if (s == null) {
            throw FgaException.invalidInput("a subject is required");
        }
        requireType(s.type(), "subject type");
        if (s.relation() != null && relation(s.type(), s.relation()) == null) {
            throw FgaException.invalidInput("relation '" + s.relation() + "' of subject '" + s
                    + "' is not defined on type '" + s.type() + "' in model " + id);
        }
    }

    private void requireType(String type, String what) {
        if (type == null || type.isEmpty()) {
            throw FgaException.invalidInput("an object type is required");
        }
        if (!hasType(type)) {
            throw FgaException.invalidInput(what + " '" + Identifiers.printable(type)
                    + "' is not defined in model " + id);
        }
    }

    List<RelationInfo> directParents(String subjectType) {
        return directParents.getOrDefault(subjectType, List.of());
    }

    List<RelationInfo> wildcardParents(String subjectType) {
        return wildcardParents.getOrDefault(subjectType, List.of());
    }

    /**
     * The relations from which list-objects' reverse edges lead to {@code target} (itself
     * included), so that facts irrelevant to the query are never read.
     */
    Set<RelationInfo> relationsReaching(RelationInfo target) {
        return reaching.computeIfAbsent(target, this::computeReaching);
    }

    private Set<RelationInfo> computeReaching(RelationInfo target) {
        Set<RelationInfo> out = new HashSet<>();
        out.add(target);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map<String, RelationInfo> byName : relations.values()) {
                for (RelationInfo q : byName.values()) {
                    if (!out.contains(q) && leadsInto(q, out)) {
                        out.add(q);
                        changed = true;
                    }
                }
            }
        }
        return Set.copyOf(out);
    }

    private static boolean leadsInto(RelationInfo q, Set<RelationInfo> set) {
        for (RelationInfo p : q.usersetParents) {
            if (set.contains(p)) {
                return true;
            }
        }
        for (RelationInfo p : q.computedParents) {
            if (set.contains(p)) {
                return true;
            }
        }
        for (RelationInfo.TuplesetEdge e : q.tuplesetParents) {
            if (set.contains(e.target())) {
                return true;
            }
        }
        return false;
    }

    private Node compile(RelationInfo owner, Rewrite r) {
        if (r instanceof Rewrite.This t) {
            return new Node.Direct(new Allowed(t.allowed()));
        } else if (r instanceof Rewrite.ComputedUserset c) {
            return new Node.Computed(c.relation());
        } else if (r instanceof Rewrite.TupleToUserset ttu) {
            RelationInfo tupleset = relation(owner.type, ttu.tupleset());
            Allowed allowed = tupleset == null ? new Allowed(List.of()) : tupleset.direct;
            return new Node.FromTupleset(ttu.tupleset(), ttu.computedRelation(), allowed);
        } else if (r instanceof Rewrite.Union u) {
            return new Node.AnyOf(compileAll(owner, u.children()));
        } else if (r instanceof Rewrite.Intersection i) {
            List<Node> children = compileAll(owner, i.children());
            return new Node.AllOf(children, pickCandidates(children));
        } else {
            Rewrite.Exclusion e = (Rewrite.Exclusion) r;
            return new Node.ButNot(compile(owner, e.base()), compile(owner, e.subtract()));
        }
    }

    private List<Node> compileAll(RelationInfo owner, List<Rewrite> rewrites) {
        List<Node> out = new ArrayList<>(rewrites.size());
        for (Rewrite r : rewrites) {
            out.add(compile(owner, r));
        }
        return List.copyOf(out);
    }

    private static Node pickCandidates(List<Node> children) {
        for (Node n : children) {
            if (n instanceof Node.Direct) {
                return n;
            }
        }
        for (Node n : children) {
            if (n instanceof Node.Computed) {
                return n;
            }
        }
        return children.get(0);
    }

    /**
     * Registers the edges list-objects follows backwards, for the operands that can contribute
     * candidates: every operand of a union, the chosen operand of an intersection, the base of an
     * exclusion (a subtracted relation never makes an object a candidate).
     */
    private void addReverseEdges(RelationInfo owner, Node n) {
        if (n instanceof Node.Direct d) {
            for (String type : d.allowed().concreteTypes()) {
                addOnce(directParents.computeIfAbsent(type, k -> new ArrayList<>()), owner);
            }
            for (Map<String, RelationInfo> byName : relations.values()) {
                for (RelationInfo candidate : byName.values()) {
                    if (d.allowed().allowsUserset(candidate.type, candidate.name)) {
                        addOnce(candidate.usersetParents, owner);
                    }
                }
            }
            for (String type : relations.keySet()) {
                if (d.allowed().allowsWildcard(type)) {
                    addOnce(wildcardParents.computeIfAbsent(type, k -> new ArrayList<>()), owner);
                }
            }
        } else if (n instanceof Node.Computed c) {
            RelationInfo source = relation(owner.type, c.relation());
            if (source != null) {
                addOnce(source.computedParents, owner);
            }
        } else if (n instanceof Node.FromTupleset f) {
            for (String parentType : f.tuplesetAllowed().concreteTypes()) {
                RelationInfo source = relation(parentType, f.relation());
                // OpenFGA: a tuple-to-userset skips parents whose type lacks the relation.
                if (source != null) {
                    RelationInfo.TuplesetEdge edge = new RelationInfo.TuplesetEdge(owner, f.tupleset());
                    if (!source.tuplesetParents.contains(edge)) {
                        source.tuplesetParents.add(edge);
                    }
                }
            }
        } else if (n instanceof Node.AnyOf u) {
            for (Node child : u.children()) {
                addReverseEdges(owner, child);
            }
        } else if (n instanceof Node.AllOf i) {
            addReverseEdges(owner, i.candidates());
        } else {
            addReverseEdges(owner, ((Node.ButNot) n).base());
        }
    }

    private static void addOnce(List<RelationInfo> list, RelationInfo info) {
        if (!list.contains(info)) {
            list.add(info);
        }
    }

    /**
     * A relation is inexact when an intersection or exclusion is reachable from it: its reverse
     * expansion is then only a superset and each candidate is confirmed with check. Fixpoint over
     * the relation graph (models are small; cycles are fine).
     */
    private void markInexact() {
        for (Map<String, RelationInfo> byName : relations.values()) {
            for (RelationInfo info : byName.values()) {
                info.exact = !hasSetOperation(info.rewrite);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map<String, RelationInfo> byName : relations.values()) {
                for (RelationInfo info : byName.values()) {
                    if (info.exact && dependsOnInexact(info, info.rewrite)) {
                        info.exact = false;
                        changed = true;
                    }
                }
            }
        }
    }

    private static boolean hasSetOperation(Node n) {
        if (n instanceof Node.AllOf || n instanceof Node.ButNot) {
            return true;
        }
        if (n instanceof Node.AnyOf u) {
            for (Node child : u.children()) {
                if (hasSetOperation(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean dependsOnInexact(RelationInfo owner, Node n) {
        if (n instanceof Node.Direct d) {
            for (Map.Entry<String, Set<String>> e : d.allowed().usersets().entrySet()) {
                for (String r : e.getValue()) {
                    RelationInfo dep = relation(e.getKey(), r);
                    if (dep != null && !dep.exact) {
                        return true;
                    }
                }
            }
            return false;
        } else if (n instanceof Node.Computed c) {
            RelationInfo dep = relation(owner.type, c.relation());
            return dep != null && !dep.exact;
        } else if (n instanceof Node.FromTupleset f) {
            for (String parentType : f.tuplesetAllowed().concreteTypes()) {
                RelationInfo dep = relation(parentType, f.relation());
                if (dep != null && !dep.exact) {
                    return true;
                }
            }
            return false;
        } else if (n instanceof Node.AnyOf u) {
            for (Node child : u.children()) {
                if (dependsOnInexact(owner, child)) {
                    return true;
                }
            }
            return false;
        }
        return false; // intersections and exclusions are inexact already
    }
}
