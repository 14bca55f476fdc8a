package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.store.CatalogStore;

import java.util.Map;

/**
 * The catalog and roles as of the last {@link #reload()}. The server reloads on a schedule, which
 * bounds how stale a node's view can be after a configuration change made elsewhere.
 */
public final class CurrentCatalog {
    private final CatalogStore store;
    private volatile ScopeCatalog catalog = ScopeCatalog.empty();
    private volatile Map<String, ScopeSet> roles = Map.of();

    public CurrentCatalog(CatalogStore store) {
        this.store = store;
    }

    public CurrentCatalog reload() {
        catalog = store.loadCatalog();
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
