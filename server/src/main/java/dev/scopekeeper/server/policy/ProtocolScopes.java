package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;
import dev.scopekeeper.scopes.ScopeSet;

/**
 * Scopes defined by the protocols rather than by an API of the catalog. They are known without
 * being declared, must still be allowed for the client, are never limited by roles, and give a
 * token no API audience.
 */
public final class ProtocolScopes {
    /** OpenID Connect Core §3.1.2.1: the request is an OpenID Connect request; an ID token is issued. */
    public static final String OPENID = "openid";
    /** OpenID Connect Core §11: a refresh token is issued (our only way to get one). */
    public static final String OFFLINE_ACCESS = "offline_access";
    public static final ScopeSet ALL = ScopeSet.of(OPENID, OFFLINE_ACCESS);

    private ProtocolScopes() {
    }

    public static boolean isProtocolScope(String scope) {
        return OPENID.equals(scope) || OFFLINE_ACCESS.equals(scope);
    }

    /** The description the pages show for any scope: a protocol scope's own, else the catalog's, else its name. */
    public static String description(ScopeCatalog catalog, String scope) {
        return isProtocolScope(scope) ? describe(scope)
                : catalog.scope(scope).map(ScopeDefinition::description).orElse(scope);
    }

    /** A description for the consent and connected-apps pages. */
    public static String describe(String scope) {
        return switch (scope) {
            case OPENID -> "Know who you are (your user name)";
            case OFFLINE_ACCESS -> "Keep access while you are not using the app";
            default -> throw new IllegalArgumentException(scope);
        };
    }
}
