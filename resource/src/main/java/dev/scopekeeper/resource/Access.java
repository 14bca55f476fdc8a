package dev.scopekeeper.resource;

import java.util.Objects;

/**
 * Who may call a route: anyone ({@link #open()}), any valid access token ({@link #authenticated()}), a valid token
 * with the scopes of a {@link ScopeRequirement} ({@link #scoped}), or no one ({@link #denied()}, the default for
 * routes nobody declared). Immutable.
 */
public sealed interface Access {

    /** No token needed; a token sent anyway is not inspected. */
    static Access open() {
        return Open.INSTANCE;
    }

    /** A valid access token, whatever its scope. */
    static Access authenticated() {
        return Authenticated.INSTANCE;
    }

    /** A valid access token whose scope satisfies {@code requirement}. */
    static Access scoped(ScopeRequirement requirement) {
        return new Scoped(requirement);
    }

    /** Every request refused: 401 without a valid token, 403 with one. */
    static Access denied() {
        return Denied.INSTANCE;
    }

    /** The manifest's {@code match}: {@code public}, {@code authenticated}, {@code all}, {@code any} or {@code deny}. */
    String match();

    enum Open implements Access {
        INSTANCE;

        @Override
        public String match() {
            return "public";
        }
    }

    enum Authenticated implements Access {
        INSTANCE;

        @Override
        public String match() {
            return "authenticated";
        }
    }

    enum Denied implements Access {
        INSTANCE;

        @Override
        public String match() {
            return "deny";
        }
    }

    record Scoped(ScopeRequirement requirement) implements Access {
        public Scoped {
            Objects.requireNonNull(requirement, "requirement");
        }

        @Override
        public String match() {
            return requirement.isAnyOf() ? "any" : "all";
        }
    }
}
