package dev.scopekeeper.scopes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A protected API (resource server) and the scopes it owns.
 *
 * @param audience the API's identifier, an absolute URI without fragment; used as the access
 *                 token audience and as the RFC 8707 resource indicator
 * @param name     human-readable name; not blank
 * @param scopes   the API's scopes, names unique; an unmodifiable copy, empty if null
 */
public record ApiDefinition(String audience, String name, List<ScopeDefinition> scopes) {

    public ApiDefinition {
        if (name == null || name.isBlank()) {
            throw new CatalogException("API with audience " + InvalidScopeException.quote(audience)
                    + ": name must not be blank");
        }
        String label = "API " + InvalidScopeException.quote(name);
        if (audience == null || audience.isBlank()) {
            throw new CatalogException(label + ": audience must not be blank");
        }
        checkAudience(label, audience);
        label = label(name, audience);
        if (scopes == null) {
            scopes = List.of();
        }
        Set<String> seen = new HashSet<>();
        for (ScopeDefinition scope : scopes) {
            if (scope == null) {
                throw new CatalogException(label + ": scopes contains null");
            }
            if (!seen.add(scope.name())) {
                throw new CatalogException(label + ": scope " + InvalidScopeException.quote(scope.name())
                        + " is defined twice");
            }
        }
        scopes = List.copyOf(scopes);
    }

    /** The names of all of this API's scopes. */
    public ScopeSet scopeSet() {
        return ScopeSet.of(scopes.stream().map(ScopeDefinition::name).toList());
    }

    /** The names of this API's default scopes. */
    public ScopeSet defaultScopes() {
        return ScopeSet.of(scopes.stream().filter(ScopeDefinition::isDefault).map(ScopeDefinition::name).toList());
    }

    /** {@code API "name" (audience)}, as used in error messages. */
    String label() {
        return label(name, audience);
    }

    private static String label(String name, String audience) {
        return "API " + InvalidScopeException.quote(name) + " (" + audience + ")";
    }

    private static void checkAudience(String label, String audience) {
        URI uri;
        try {
            uri = new URI(audience);
        } catch (URISyntaxException e) {
            throw new CatalogException(label + ": audience " + InvalidScopeException.quote(audience)
                    + " is not a valid URI: " + e.getReason(), e);
        }
        // RFC 8707 §2: a resource indicator MUST be an absolute URI
        if (!uri.isAbsolute()) {
            throw new CatalogException(label + ": audience " + InvalidScopeException.quote(audience)
                    + " is not an absolute URI");
        }
        // RFC 8707 §2: ... and MUST NOT include a fragment component
        if (uri.getRawFragment() != null) {
            throw new CatalogException(label + ": audience " + InvalidScopeException.quote(audience)
                    + " must not contain a fragment");
        }
    }
}
