package dev.scopekeeper.fga.model;

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
final class RelationGraph {

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
        return ModelValidator.invalid("relation '" + type + "#" + at + "': computed usersets form a cycle that"
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
                    throw ModelValidator.invalid("relation '" + type.name() + "#" + name + "' is impossible: no"
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
