package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ScopeSet;

/** Roles one at a time (the CLI); the configuration file replaces them all ({@link ConfigStore}). */
public interface RoleStore {
    /** Creates the role or replaces its scopes. */
    void saveRole(String name, ScopeSet scopes);

    /** Deletes the role (users keep the name, which then permits nothing); false if there was none. */
    boolean deleteRole(String name);
}
