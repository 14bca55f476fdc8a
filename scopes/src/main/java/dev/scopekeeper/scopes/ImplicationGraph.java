package dev.scopekeeper.scopes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks that {@code implies} edges form no cycle and computes, for every scope, the sorted set
 * of scopes it implies transitively (itself excluded). Targets must already be known to exist.
 */
final class ImplicationGraph {

    private static final String[] NONE = new String[0];

    private final Map<String, ScopeDefinition> definitions;
    private final Function<String, ApiDefinition> apiOf;
    private final Map<String, String[]> closures = new HashMap<>();
    private final List<String> path = new ArrayList<>();
    private final Set<String> onPath = new HashSet<>();

    private ImplicationGraph(Map<String, ScopeDefinition> definitions, Function<String, ApiDefinition> apiOf) {
        this.definitions = definitions;
        this.apiOf = apiOf;
    }

    /** Closures keyed by scope name; visits scopes in sorted order so errors are reproducible. */
    static Map<String, String[]> closures(Map<String, ScopeDefinition> definitions,
            Function<String, ApiDefinition> apiOf) {
        ImplicationGraph graph = new ImplicationGraph(definitions, apiOf);
        for (String name : new TreeSet<>(definitions.keySet())) {
            graph.visit(name);
        }
        return graph.closures;
    }

    private String[] visit(String name) {
        String[] done = closures.get(name);
        if (done != null) {
            return done;
        }
        if (onPath.contains(name)) {
            throw cycle(name);
        }
        Set<String> implies = definitions.get(name).implies();
        String[] closure = NONE;
        if (!implies.isEmpty()) {
            path.add(name);
            onPath.add(name);
            TreeSet<String> all = new TreeSet<>(implies);
            for (String implied : implies) {
                Collections.addAll(all, visit(implied));
            }
            path.remove(path.size() - 1);
            onPath.remove(name);
            closure = all.toArray(NONE);
        }
        closures.put(name, closure);
        return closure;
    }

    private CatalogException cycle(String repeated) {
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(repeated), path.size()));
        loop.add(repeated);
        Set<String> apis = new LinkedHashSet<>();
        for (String scope : loop) {
            apis.add(apiOf.apply(scope).label());
        }
        return new CatalogException("scope implication cycle " + String.join(" -> ", loop)
                + " in " + String.join(", ", apis));
    }
}
