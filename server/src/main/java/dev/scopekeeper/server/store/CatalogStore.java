package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;

import java.util.Map;

/** The scope catalog (APIs and their scopes) and the role → scopes map. Written by {@link ConfigStore}. */
public interface CatalogStore {
    ScopeCatalog loadCatalog();

    /** Role name → the scopes it permits. */
    Map<String, ScopeSet> loadRoles();
}
