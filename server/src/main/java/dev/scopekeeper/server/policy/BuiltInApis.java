package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;
import dev.scopekeeper.scopes.ScopeSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The APIs the server itself serves, known without being declared: the relationship engine's API
 * ({@code /fga/...}) with audience {@code <issuer>/fga}. Unlike protocol scopes, its scopes are
 * ordinary API scopes: a client must be allowed them, roles limit them for users, and they give a
 * token the API's audience. The audience depends on the issuer, so the stored catalog holds only
 * the configured APIs and {@link CurrentCatalog} adds this one.
 */
public final class BuiltInApis {
    public static final String FGA_PATH = "/fga";
    public static final String FGA_READ = "fga.read";
    public static final String FGA_WRITE = "fga.write";
    public static final String FGA_MODEL_WRITE = "fga.model.write";
    public static final ScopeSet FGA_SCOPES = ScopeSet.of(FGA_READ, FGA_WRITE, FGA_MODEL_WRITE);
    /** Where the issuer is not known yet (checking a configuration file), the audience only has to be unique. */
    private static final String UNRESOLVED_FGA_AUDIENCE = "urn:scopekeeper:built-in:fga";

    private BuiltInApis() {
    }

    public static String fgaAudience(String issuer) {
        return issuer + FGA_PATH;
    }

    public static boolean isBuiltInScope(String scope) {
        return FGA_SCOPES.contains(scope);
    }

    /** The FGA API as served by the server at {@code issuer}. */
    public static ApiDefinition fga(String issuer) {
        return fgaApi(fgaAudience(issuer));
    }

    private static ApiDefinition fgaApi(String audience) {
        return new ApiDefinition(audience, "Relationship-based authorization (FGA)", List.of(
                new ScopeDefinition(FGA_READ, "Query who may do what: check, list objects and users, read tuples and models",
                        false, Set.of(), false, null),
                new ScopeDefinition(FGA_WRITE, "Write and delete relationship tuples (and query them)",
                        false, Set.of(FGA_READ), false, null),
                new ScopeDefinition(FGA_MODEL_WRITE, "Write new versions of the authorization model (and query it)",
                        false, Set.of(FGA_READ), false, null)));
    }

    /** {@code configured} plus the built-in APIs for {@code issuer}. */
    public static ScopeCatalog withBuiltIns(ScopeCatalog configured, String issuer) {
        return with(configured, fga(issuer));
    }

    /**
     * {@code configured} plus the built-in APIs under a placeholder audience: for checking which scope
     * names exist and what they imply where the issuer is not known (a configuration file, the CLI).
     */
    public static ScopeCatalog forNames(ScopeCatalog configured) {
        return with(configured, fgaApi(UNRESOLVED_FGA_AUDIENCE));
    }

    private static ScopeCatalog with(ScopeCatalog configured, ApiDefinition builtIn) {
        List<ApiDefinition> apis = new ArrayList<>(configured.apis());
        apis.add(builtIn);
        return ScopeCatalog.of(apis);
    }
}
