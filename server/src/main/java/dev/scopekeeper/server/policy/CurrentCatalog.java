package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.store.CatalogStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalog and roles as of the last {@link #reload()}. The server reloads on a schedule, which
 * bounds how stale a node's view can be after a configuration change made elsewhere. The built-in
 * APIs ({@link BuiltInApis}) are added to the stored, configured ones.
 */
public final class CurrentCatalog {
    private final CatalogStore store;
    private final List<ApiDefinition> builtIns;
    private volatile ScopeCatalog catalog = ScopeCatalog.empty();
    private volatile Map<String, ScopeSet> roles = Map.of();

    public CurrentCatalog(CatalogStore store) {
        this(store, List.of());
    }

    public CurrentCatalog(CatalogStore store, List<ApiDefinition> builtIns) {
        this.store = store;
        this.builtIns = List.copyOf(builtIns);
    }

    public CurrentCatalog reload() {
        ScopeCatalog stored = store.loadCatalog();
        if (builtIns.isEmpty()) {
            catalog = stored;
        } else {
            List<ApiDefinition> apis = new ArrayList<>(stored.apis());
            apis.addAll(builtIns);
            catalog = ScopeCatalog.of(apis);
        }
        roles = Map.copyOf(store.loadRoles());
        return this;
    }

    public ScopeCatalog catalog() {
        return catalog;
    }

    public Map<String, ScopeSet> roles() {
        return roles;
    }
}
