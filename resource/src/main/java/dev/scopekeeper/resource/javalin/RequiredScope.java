package dev.scopekeeper.resource.javalin;

import dev.scopekeeper.resource.Access;
import dev.scopekeeper.resource.ScopeRequirement;

import io.javalin.security.RouteRole;

import java.util.Objects;

/**
 * The access a Javalin route needs, declared with the route as a {@link RouteRole}:
 * <pre>
 * app.get("/photos", listPhotos, RequiredScope.allOf("photos.read"));
 * app.delete("/photos/{id}", deletePhoto, RequiredScope.anyOf("photos.delete", "photos.manage"));
 * app.get("/health", health, RequiredScope.PUBLIC);
 * </pre>
 * A route without one gets the guard's {@code otherRoutes} access (deny by default). At most one per route.
 */
public record RequiredScope(Access access) implements RouteRole {
    /** No token needed. */
    public static final RequiredScope PUBLIC = new RequiredScope(Access.open());
    /** Any valid access token. */
    public static final RequiredScope AUTHENTICATED = new RequiredScope(Access.authenticated());

    public RequiredScope {
        Objects.requireNonNull(access, "access");
    }

    /** Every one of {@code scopes} (after the catalog's implications). */
    public static RequiredScope allOf(String... scopes) {
        return of(ScopeRequirement.allOf(scopes));
    }

    /** Any one of {@code scopes} (after the catalog's implications). */
    public static RequiredScope anyOf(String... scopes) {
        return of(ScopeRequirement.anyOf(scopes));
    }

    public static RequiredScope of(ScopeRequirement requirement) {
        return new RequiredScope(Access.scoped(requirement));
    }
}
