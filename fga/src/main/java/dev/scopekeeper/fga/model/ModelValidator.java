package dev.scopekeeper.fga.model;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Identifiers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a parsed model may be used: every referenced type and relation exists, every
 * tuple-to-userset's tupleset is a directly assignable relation, and no relation depends on itself
 * through computed usersets alone in a way that can never resolve.
 *
 * <p>The checks run in this order and the first failure is reported, in declaration order:
 * names and references ({@link #validate}), then cycles of computed usersets and relations without
 * an entrypoint ({@link RelationGraph}). Recursion through tuples ({@code viewer from parent},
 * {@code [group#member]} on {@code group#member}) is valid: it ends where the data ends.
 */
public final class ModelValidator {

    private ModelValidator() {
    }

    /** @throws FgaException {@code INVALID_MODEL} naming the type, relation and problem */
    public static void validate(AuthorizationModel model) {
        if (model.types().isEmpty()) {
            throw invalid("the model defines no types");
        }
        for (TypeDefinition type : model.types().values()) {
            requireName("type", type.name());
            for (Map.Entry<String, Rewrite> relation : type.relations().entrySet()) {
                requireName("relation '" + type.name() + "#" + relation.getKey() + "': relation", relation.getKey());
                new References(model, type.name(), relation.getKey()).check(relation.getValue());
            }
        }
        new RelationGraph(model).requireResolvable();
    }

    static FgaException invalid(String message) {
        return new FgaException(FgaException.Code.INVALID_MODEL, message);
    }

    private static void requireName(String what, String name) {
        if (!Identifiers.isName(name)) {
            throw invalid(what + " '" + Identifiers.printable(name) + "' is not a valid name");
        }
        // OpenFGA: "a type cannot be named 'self' or 'this'", and likewise a relation.
        if (name.equals("self") || name.equals("this")) {
            throw invalid(what + " '" + name + "' uses a reserved name ('self' and 'this' are reserved)");
        }
    }

    /** The reference checks for one relation's rewrite. */
    private static final class References {

        private final AuthorizationModel model;
        private final String type;
        private final String prefix;
        private int directAssignments;

        References(AuthorizationModel model, String type, String relation) {
            this.model = model;
            this.type = type;
            this.prefix = "relation '" + type + "#" + relation + "': ";
        }

        // Java 17: no pattern matching for switch, so the sealed type is walked with instanceof.
        void check(Rewrite r) {
            if (r instanceof Rewrite.This t) {
                direct(t.allowed());
            } else if (r instanceof Rewrite.ComputedUserset c) {
                if (model.relation(type, c.relation()).isEmpty()) {
                    throw invalid(prefix + "'" + c.relation() + "' is not a relation of type '" + type + "'");
                }
            } else if (r instanceof Rewrite.TupleToUserset t) {
                tupleToUserset(t);
            } else if (r instanceof Rewrite.Union u) {
                children(u.children(), "union");
            } else if (r instanceof Rewrite.Intersection i) {
                children(i.children(), "intersection");
            } else if (r instanceof Rewrite.Exclusion e) {
                children(List.of(e.base(), e.subtract()), "exclusion");
            }
        }

        private void children(List<Rewrite> children, String operation) {
            Set<Rewrite> seen = new HashSet<>();
            for (Rewrite child : children) {
                // OpenFGA: a partial definition may not repeat within one operation.
                if (!seen.add(child)) {
                    throw invalid(prefix + "operand " + written(child) + " appears twice in one " + operation);
                }
                check(child);
            }
        }

        private void direct(List<SubjectType> allowed) {
            // OpenFGA keeps one list of directly related types per relation.
            if (++directAssignments > 1) {
                throw invalid(prefix + "more than one direct assignment; list every subject type in one [...]");
            }
            Set<SubjectType> seen = new HashSet<>();
            for (SubjectType st : allowed) {
                if (!seen.add(st)) {
                    throw invalid(prefix + "subject type '" + st + "' is listed twice");
                }
                if (model.type(st.type()).isEmpty()) {
                    throw invalid(prefix + "subject type '" + st + "' names type '" + st.type()
                            + "', which is not defined");
                }
                if (st.relation() != null && model.relation(st.type(), st.relation()).isEmpty()) {
                    throw invalid(prefix + "subject type '" + st + "' names relation '" + st.relation()
                            + "', which is not a relation of type '" + st.type() + "'");
                }
            }
        }

        private void tupleToUserset(Rewrite.TupleToUserset t) {
            String written = "'" + t.computedRelation() + " from " + t.tupleset() + "'";
            Rewrite tupleset = model.relation(type, t.tupleset()).orElseThrow(() -> invalid(prefix + "in " + written
                    + ", '" + t.tupleset() + "' is not a relation of type '" + type + "'"));
            // OpenFGA: the tupleset must be a direct assignment only, of concrete types.
            if (!(tupleset instanceof Rewrite.This direct)) {
                throw invalid(prefix + "in " + written + ", the tupleset '" + type + "#" + t.tupleset()
                        + "' must be a direct assignment only (like [folder]), not " + describe(tupleset));
            }
            boolean defined = false;
            for (SubjectType st : direct.allowed()) {
                if (st.relation() != null || st.wildcard()) {
                    throw invalid(prefix + "in " + written + ", the tupleset '" + type + "#" + t.tupleset()
                            + "' may only allow concrete types, but it allows '" + st + "'");
                }
                defined |= model.relation(st.type(), t.computedRelation()).isPresent();
            }
            // OpenFGA: at least one of the tupleset's types must define the computed relation.
            if (!defined) {
                throw invalid(prefix + "in " + written + ", no type allowed on '" + type + "#" + t.tupleset()
                        + "' " + direct.allowed() + " has a relation '" + t.computedRelation() + "'");
            }
        }

        private static String written(Rewrite r) {
            if (r instanceof Rewrite.ComputedUserset c) {
                return "'" + c.relation() + "'";
            } else if (r instanceof Rewrite.TupleToUserset t) {
                return "'" + t.computedRelation() + " from " + t.tupleset() + "'";
            } else if (r instanceof Rewrite.This t) {
                return "'" + t.allowed() + "'";
            }
            return "(" + describe(r) + ")";
        }

        private static String describe(Rewrite r) {
            if (r instanceof Rewrite.ComputedUserset) {
                return "a computed userset";
            } else if (r instanceof Rewrite.TupleToUserset) {
                return "a tuple-to-userset";
            } else if (r instanceof Rewrite.Union) {
                return "a union";
            } else if (r instanceof Rewrite.Intersection) {
                return "an intersection";
            }
            return "an exclusion";
        }
    }

    /**
     * The two checks that need the whole model, for a model whose references are already known to
     * exist. Both run in time linear in the model's size without recursion over relations, so a
     * model of thousands of chained relations neither hangs nor overflows the stack.
     *
     * <ol>
     *   <li>Cycles of computed usersets: {@code a: b} and {@code b: a}, or {@code viewer: viewer}, also
     *       through a union, intersection or exclusion ({@code a: [user] and a}). Such a relation asks
     *       itself without reading a tuple, so resolving it never ends. Recursion through tuples
     *       ({@code viewer from parent}, {@code [group#member]}) ends with the data and is valid.</li>
     *   <li>Entrypoints (OpenFGA's "impossible relation"): a relation is possible if some finite
     *       derivation reaches a direct assignment of a concrete type or wildcard — a union through any
     *       operand, an intersection and an exclusion through all of theirs (as OpenFGA requires), a
     *       userset restriction or tuple-to-userset through the relation it names. This is the least
     *       fixed point, computed with a work list.</li>
     * </ol>
     */
    private static final class RelationGraph {

        private record Node(String type, String relation) {
            @Override
            public String toString() {
                return type + "#" + relation;
            }
        }

        private final AuthorizationModel model;

        RelationGraph(AuthorizationModel model) {
            this.model = model;
        }

        void requireResolvable() {
            for (TypeDefinition type : model.types().values()) {
                requireNoComputedCycle(type);
            }
            requireEntrypoints();
        }

        private void requireNoComputedCycle(TypeDefinition type) {
            // Edges: relation -> the relations it names as computed usersets, in order of appearance.
            Map<String, List<String>> edges = new LinkedHashMap<>();
            type.relations().forEach((name, rewrite) -> {
                List<String> targets = new ArrayList<>();
                computedTargets(rewrite, targets);
                edges.put(name, targets);
            });
            // Peel off relations whose every target is already known to end; what stays reaches a cycle.
            Map<String, Integer> pending = new HashMap<>();
            Map<String, List<String>> namedBy = new HashMap<>();
            Deque<String> done = new ArrayDeque<>();
            edges.forEach((from, targets) -> {
                pending.put(from, targets.size());
                for (String to : targets) {
                    namedBy.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
                }
                if (targets.isEmpty()) {
                    done.add(from);
                }
            });
            while (!done.isEmpty()) {
                for (String from : namedBy.getOrDefault(done.poll(), List.of())) {
                    if (pending.merge(from, -1, Integer::sum) == 0) {
                        done.add(from);
                    }
                }
            }
            for (String start : edges.keySet()) {
                if (pending.get(start) > 0) {
                    throw cycleFrom(type.name(), start, edges, pending);
                }
            }
        }

        /** Follows unresolved edges from {@code start} until a relation repeats: that loop is a cycle. */
        private static RuntimeException cycleFrom(String type, String start, Map<String, List<String>> edges,
                Map<String, Integer> pending) {
            List<String> path = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            String at = start;
            while (!index.containsKey(at)) {
                index.put(at, path.size());
                path.add(at);
                for (String to : edges.get(at)) {
                    if (pending.get(to) > 0) {
                        at = to;
                        break;
                    }
                }
            }
            List<String> cycle = new ArrayList<>(path.subList(index.get(at), path.size()));
            cycle.add(at);
            return invalid("relation '" + type + "#" + at + "': computed usersets form a cycle that"
                    + " never resolves: " + String.join(" -> ", cycle));
        }

        private static void computedTargets(Rewrite r, List<String> out) {
            if (r instanceof Rewrite.ComputedUserset c) {
                out.add(c.relation());
            } else if (r instanceof Rewrite.Union u) {
                u.children().forEach(child -> computedTargets(child, out));
            } else if (r instanceof Rewrite.Intersection i) {
                i.children().forEach(child -> computedTargets(child, out));
            } else if (r instanceof Rewrite.Exclusion e) {
                computedTargets(e.base(), out);
                computedTargets(e.subtract(), out);
            }
        }

        private void requireEntrypoints() {
            Set<Node> possible = new HashSet<>();
            Map<Node, Set<Node>> dependents = new HashMap<>();
            Deque<Node> work = new ArrayDeque<>();
            for (TypeDefinition type : model.types().values()) {
                type.relations().forEach((name, rewrite) -> {
                    Node node = new Node(type.name(), name);
                    Set<Node> uses = new LinkedHashSet<>();
                    dependencies(type.name(), rewrite, uses);
                    for (Node used : uses) {
                        dependents.computeIfAbsent(used, k -> new LinkedHashSet<>()).add(node);
                    }
                    work.add(node);
                });
            }
            while (!work.isEmpty()) {
                Node node = work.poll();
                if (!possible.contains(node) && reaches(node.type(), rewriteOf(node), possible)) {
                    possible.add(node);
                    work.addAll(dependents.getOrDefault(node, Set.of()));
                }
            }
            for (TypeDefinition type : model.types().values()) {
                for (String name : type.relations().keySet()) {
                    if (!possible.contains(new Node(type.name(), name))) {
                        throw invalid("relation '" + type.name() + "#" + name + "' is impossible: no"
                                + " path reaches a directly assigned type or wildcard (no entrypoint)");
                    }
                }
            }
        }

        private Rewrite rewriteOf(Node node) {
            return model.relation(node.type(), node.relation()).orElseThrow();
        }

        /** The relations whose possibility decides that of a rewrite on {@code type}. */
        private void dependencies(String type, Rewrite r, Set<Node> out) {
            if (r instanceof Rewrite.This t) {
                for (SubjectType st : t.allowed()) {
                    if (st.relation() != null) {
                        out.add(new Node(st.type(), st.relation()));
                    }
                }
            } else if (r instanceof Rewrite.ComputedUserset c) {
                out.add(new Node(type, c.relation()));
            } else if (r instanceof Rewrite.TupleToUserset t) {
                for (String parentType : tuplesetTypes(type, t)) {
                    out.add(new Node(parentType, t.computedRelation()));
                }
            } else if (r instanceof Rewrite.Union u) {
                u.children().forEach(child -> dependencies(type, child, out));
            } else if (r instanceof Rewrite.Intersection i) {
                i.children().forEach(child -> dependencies(type, child, out));
            } else if (r instanceof Rewrite.Exclusion e) {
                dependencies(type, e.base(), out);
                dependencies(type, e.subtract(), out);
            }
        }

        /** Whether the rewrite can yield a subject, given the relations already known to be possible. */
        private boolean reaches(String type, Rewrite r, Set<Node> possible) {
            if (r instanceof Rewrite.This t) {
                for (SubjectType st : t.allowed()) {
                    if (st.relation() == null || possible.contains(new Node(st.type(), st.relation()))) {
                        return true;
                    }
                }
                return false;
            } else if (r instanceof Rewrite.ComputedUserset c) {
                return possible.contains(new Node(type, c.relation()));
            } else if (r instanceof Rewrite.TupleToUserset t) {
                for (String parentType : tuplesetTypes(type, t)) {
                    if (possible.contains(new Node(parentType, t.computedRelation()))) {
                        return true;
                    }
                }
                return false;
            } else if (r instanceof Rewrite.Union u) {
                return u.children().stream().anyMatch(child -> reaches(type, child, possible));
            } else if (r instanceof Rewrite.Intersection i) {
                return i.children().stream().allMatch(child -> reaches(type, child, possible));
            }
            Rewrite.Exclusion e = (Rewrite.Exclusion) r;
            return reaches(type, e.base(), possible) && reaches(type, e.subtract(), possible);
        }

        /** The types on a tuple-to-userset's tupleset that define its computed relation. */
        private List<String> tuplesetTypes(String type, Rewrite.TupleToUserset t) {
            List<String> out = new ArrayList<>();
            for (SubjectType st : model.directlyAssignable(type, t.tupleset())) {
                if (model.relation(st.type(), t.computedRelation()).isPresent()) {
                    out.add(st.type());
                }
            }
            return out;
        }
    }
}
