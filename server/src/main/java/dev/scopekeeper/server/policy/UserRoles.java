package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;

import java.util.Map;
import java.util.Set;

/**
 * What a user's roles permit. A scope named by no role (after implications) is open to every user;
 * a scope that some role names is permitted only to holders of such a role. A broad scope is
 * permitted only when everything it implies is, so {@code implies} cannot widen a role.
 */
public final class UserRoles {
    private final ScopeCatalog catalog;
    private final ScopeSet limited;
    private final ScopeSet permitted;

    private UserRoles(ScopeCatalog catalog, ScopeSet limited, ScopeSet permitted) {
        this.catalog = catalog;
        this.limited = limited;
        this.permitted = permitted;
    }

    /** @param roles every role and its scopes; @param held the roles the user holds (unknown names permit nothing) */
    public static UserRoles of(ScopeCatalog catalog, Map<String, ScopeSet> roles, Set<String> held) {
        ScopeSet limited = ScopeSet.empty();
        ScopeSet permitted = ScopeSet.empty();
        for (Map.Entry<String, ScopeSet> role : roles.entrySet()) {
            limited = limited.union(role.getValue());
            if (held.contains(role.getKey())) {
                permitted = permitted.union(role.getValue());
            }
        }
        return new UserRoles(catalog, catalog.expand(limited), catalog.expand(permitted));
    }

    public boolean permits(String scope) {
        for (String s : catalog.expand(ScopeSet.of(scope)).values()) {
            if (limited.contains(s) && !permitted.contains(s)) {
                return false;
            }
        }
        return true;
    }

    /** The members of {@code scopes} these roles permit. */
    public ScopeSet filter(ScopeSet scopes) {
        return ScopeSet.of(scopes.values().stream().filter(this::permits).toList());
    }
}
