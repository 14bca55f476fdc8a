package dev.scopekeeper.scopes;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scope in the catalog.
 *
 * @param name        the scope-token (RFC 6749 §3.3)
 * @param description human-readable, shown on consent screens; not blank
 * @param isDefault   granted when a client omits the scope parameter (RFC 6749 §3.3)
 * @param implies     scopes this one grants as well; an unmodifiable sorted copy, empty if null
 * @param deprecated  still accepted, but clients should move to {@code replacedBy}
 * @param replacedBy  the successor scope, or null
 */
public record ScopeDefinition(String name, String description, boolean isDefault, Set<String> implies,
        boolean deprecated, String replacedBy) {

    public ScopeDefinition {
        if (name == null) {
            throw new CatalogException("scope definition name must not be null");
        }
        requireToken(name, "name", name);
        if (description == null || description.isBlank()) {
            throw new CatalogException(label(name) + ": description must not be blank");
        }
        TreeSet<String> copy = new TreeSet<>();
        if (implies != null) {
            for (String implied : implies) {
                if (implied == null) {
                    throw new CatalogException(label(name) + ": implies contains null");
                }
                requireToken(name, "implied scope", implied);
                copy.add(implied);
            }
        }
        implies = Collections.unmodifiableSortedSet(copy);
        if (replacedBy != null) {
            requireToken(name, "replacedBy", replacedBy);
            if (replacedBy.equals(name)) {
                throw new CatalogException(label(name) + ": a scope cannot be replaced by itself");
            }
        }
    }

    /** A plain scope: not default, implies nothing, not deprecated. */
    public static ScopeDefinition of(String name, String description) {
        return new ScopeDefinition(name, description, false, Set.of(), false, null);
    }

    public ScopeDefinition withDefault(boolean isDefault) {
        return new ScopeDefinition(name, description, isDefault, implies, deprecated, replacedBy);
    }

    public ScopeDefinition withImplies(String... names) {
        return new ScopeDefinition(name, description, isDefault, Set.of(names), deprecated, replacedBy);
    }

    /** This scope marked deprecated, with an optional (nullable) successor. */
    public ScopeDefinition withDeprecated(String replacedBy) {
        return new ScopeDefinition(name, description, isDefault, implies, true, replacedBy);
    }

    public Scope scope() {
        return new Scope(name);
    }

    private static void requireToken(String owner, String what, String token) {
        try {
            ScopeSyntax.requireValidToken(token);
        } catch (InvalidScopeException e) {
            throw new CatalogException(label(owner) + ": " + what + " is invalid: " + e.getMessage(), e);
        }
    }

    private static String label(String name) {
        return "scope definition " + InvalidScopeException.quote(name);
    }
}
