package dev.scopekeeper.resource;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;

import java.util.Collection;
import java.util.List;

/**
 * The scopes a route needs: all of them, or any one. Granted scopes are expanded through a {@link ScopeCatalog}
 * when one is given, so a token with {@code photos.manage} satisfies {@code photos.read} if the catalog says
 * manage implies read. Without a catalog, scopes match exactly (case-sensitive, RFC 6749 §3.3). Immutable.
 */
public final class ScopeRequirement {

    private enum Mode { ALL_OF, ANY_OF }

    private final Mode mode;
    private final ScopeSet scopes;
    private final ScopeCatalog catalog;

    private ScopeRequirement(Mode mode, ScopeSet scopes, ScopeCatalog catalog) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a scope requirement needs at least one scope");
        }
        this.mode = mode;
        this.scopes = scopes;
        this.catalog = catalog;
    }

    /** Every one of {@code scopes} is needed. */
    public static ScopeRequirement allOf(String... scopes) {
        return new ScopeRequirement(Mode.ALL_OF, ScopeSet.of(scopes), null);
    }

    public static ScopeRequirement allOf(Collection<String> scopes) {
        return new ScopeRequirement(Mode.ALL_OF, ScopeSet.of(scopes), null);
    }

    /** Any one of {@code scopes} suffices. */
    public static ScopeRequirement anyOf(String... scopes) {
        return new ScopeRequirement(Mode.ANY_OF, ScopeSet.of(scopes), null);
    }

    public static ScopeRequirement anyOf(Collection<String> scopes) {
        return new ScopeRequirement(Mode.ANY_OF, ScopeSet.of(scopes), null);
    }

    /** This requirement, with granted scopes expanded through {@code catalog}'s implications. */
    public ScopeRequirement withCatalog(ScopeCatalog catalog) {
        return new ScopeRequirement(mode, scopes, catalog);
    }

    /** Whether {@link #withCatalog} gave this requirement a catalog. */
    public boolean hasCatalog() {
        return catalog != null;
    }

    public boolean isSatisfiedBy(ScopeSet granted) {
        ScopeSet effective = catalog == null ? granted : catalog.expand(granted);
        if (mode == Mode.ALL_OF) {
            return effective.containsAll(scopes);
        }
        for (String scope : scopes.values()) {
            if (effective.contains(scope)) {
                return true;
            }
        }
        return false;
    }

    /** The required scopes. */
    public ScopeSet scopes() {
        return scopes;
    }

    public boolean isAnyOf() {
        return mode == Mode.ANY_OF;
    }

    /**
     * The scope string for the RFC 6750 §3 {@code scope} attribute of an {@code insufficient_scope} error: the
     * required scopes, space-separated. For an any-of requirement they are alternatives (one suffices).
     */
    public String describe() {
        return scopes.toString();
    }

    /** Equal when mode, scopes and catalog (the same instance, or none) are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ScopeRequirement r && r.mode == mode && r.scopes.equals(scopes) && r.catalog == catalog;
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + scopes.hashCode();
    }

    @Override
    public String toString() {
        return (mode == Mode.ALL_OF ? "allOf" : "anyOf") + List.copyOf(scopes.values());
    }
}
