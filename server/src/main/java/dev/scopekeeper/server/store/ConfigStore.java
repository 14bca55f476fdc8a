package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.user.User;

import java.util.List;
import java.util.Map;

/** Applies a validated configuration file in one transaction: all of it, or (on any failure) none of it. */
public interface ConfigStore {
    /**
     * Replaces the catalog and the roles with the given ones, and inserts or replaces the given
     * clients and users (clients and users not named are kept).
     */
    void applyConfiguration(ScopeCatalog catalog, Map<String, ScopeSet> roles, List<Client> clients, List<User> users);
}
