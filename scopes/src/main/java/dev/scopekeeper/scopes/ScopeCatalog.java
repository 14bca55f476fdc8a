package dev.scopekeeper.scopes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * All APIs and their scopes, validated as a whole: audiences are unique, every scope belongs
 * to exactly one API, {@code implies} and {@code replacedBy} point at known scopes, and
 * implications form no cycle. Transitive implications are computed once, here, so that
 * {@link #expand} costs one lookup per requested scope.
 */
public final class ScopeCatalog {

    private static final ScopeCatalog EMPTY = new ScopeCatalog(List.of());

    private final List<ApiDefinition> apis;
    private final Map<String, ApiDefinition> byAudience = new HashMap<>();
    private final Map<String, Entry> byScope = new HashMap<>();
    private final ScopeSet allScopes;
    private final ScopeSet defaultScopes;

    /** A scope's definition, its owner and everything it implies transitively (sorted, self excluded). */
    private record Entry(ScopeDefinition definition, ApiDefinition api, String[] closure) {
    }

    private ScopeCatalog(List<ApiDefinition> apis) {
        this.apis = List.copyOf(apis);
        Map<String, ScopeDefinition> definitions = new HashMap<>();
        Map<String, ApiDefinition> owners = new HashMap<>();
        List<String> all = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        for (ApiDefinition api : this.apis) {
            ApiDefinition clash = byAudience.putIfAbsent(api.audience(), api);
            if (clash != null) {
                throw new CatalogException("audience " + api.audience() + " is used by both " + clash.label()
                        + " and " + api.label());
            }
            for (ScopeDefinition scope : api.scopes()) {
                ApiDefinition owner = owners.putIfAbsent(scope.name(), api);
                if (owner != null) {
                    throw new CatalogException("scope " + quote(scope.name()) + " is defined by both "
                            + owner.label() + " and " + api.label() + "; a scope belongs to exactly one API");
                }
                definitions.put(scope.name(), scope);
                all.add(scope.name());
                if (scope.isDefault()) {
                    defaults.add(scope.name());
                }
            }
        }
        for (ApiDefinition api : this.apis) {
            for (ScopeDefinition scope : api.scopes()) {
                checkReferences(scope, api, definitions);
            }
        }
        Map<String, String[]> closures = ImplicationGraph.closures(definitions, owners::get);
        definitions.forEach((name, definition) ->
                byScope.put(name, new Entry(definition, owners.get(name), closures.get(name))));
        this.allScopes = ScopeSet.of(all);
        this.defaultScopes = ScopeSet.of(defaults);
    }

    /** @throws CatalogException naming the API and scope at fault */
    public static ScopeCatalog of(List<ApiDefinition> apis) {
        if (apis == null) {
            throw new CatalogException("catalog APIs must not be null");
        }
        for (ApiDefinition api : apis) {
            if (api == null) {
                throw new CatalogException("catalog APIs must not contain null");
            }
        }
        return apis.isEmpty() ? EMPTY : new ScopeCatalog(apis);
    }

    public static ScopeCatalog empty() {
        return EMPTY;
    }

    public List<ApiDefinition> apis() {
        return apis;
    }

    public Optional<ScopeDefinition> scope(String name) {
        Entry entry = byScope.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.definition());
    }

    public boolean isKnown(String name) {
        return byScope.containsKey(name);
    }

    /** The API that owns the scope {@code scopeName}. */
    public Optional<ApiDefinition> apiOf(String scopeName) {
        Entry entry = byScope.get(scopeName);
        return entry == null ? Optional.empty() : Optional.of(entry.api());
    }

    /** The API whose audience is exactly {@code audience} (no normalisation). */
    public Optional<ApiDefinition> apiByAudience(String audience) {
        return Optional.ofNullable(byAudience.get(audience));
    }

    /** The members of {@code s} that the catalog does not define. */
    public ScopeSet unknown(ScopeSet s) {
        return s.minus(allScopes);
    }

    /** {@code s} plus every scope its members imply, transitively. Unknown members are kept. */
    public ScopeSet expand(ScopeSet s) {
        List<String> implied = null;
        for (String name : s.sortedValues()) {
            Entry entry = byScope.get(name);
            if (entry != null && entry.closure().length > 0) {
                if (implied == null) {
                    implied = new ArrayList<>();
                }
                Collections.addAll(implied, entry.closure());
            }
        }
        return implied == null ? s : s.union(ScopeSet.sortAndDedupe(implied.toArray(String[]::new)));
    }

    public ScopeSet allScopes() {
        return allScopes;
    }

    /** The default scopes of every API. */
    public ScopeSet defaultScopes() {
        return defaultScopes;
    }

    /** The audiences, sorted, of the APIs owning the known members of {@code s}. */
    public Set<String> audiencesOf(ScopeSet s) {
        TreeSet<String> audiences = new TreeSet<>();
        for (String name : s.sortedValues()) {
            Entry entry = byScope.get(name);
            if (entry != null) {
                audiences.add(entry.api().audience());
            }
        }
        return Collections.unmodifiableSet(audiences);
    }

    @Override
    public String toString() {
        return "ScopeCatalog[" + apis.size() + " APIs, " + allScopes.size() + " scopes]";
    }

    private static void checkReferences(ScopeDefinition scope, ApiDefinition api,
            Map<String, ScopeDefinition> definitions) {
        String where = "scope " + quote(scope.name()) + " in " + api.label();
        if (scope.implies().contains(scope.name())) {
            throw new CatalogException(where + " implies itself");
        }
        for (String implied : scope.implies()) {
            if (!definitions.containsKey(implied)) {
                throw new CatalogException(where + " implies unknown scope " + quote(implied));
            }
        }
        if (scope.replacedBy() != null && !definitions.containsKey(scope.replacedBy())) {
            throw new CatalogException(where + " is replaced by unknown scope " + quote(scope.replacedBy()));
        }
    }

    private static String quote(String value) {
        return InvalidScopeException.quote(value);
    }
}
