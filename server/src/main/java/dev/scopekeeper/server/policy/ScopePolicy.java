package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.InvalidScopeException;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.protocol.OAuthError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scope decision, as a pure function of the catalog, the client and the request:
 * resource indicators → requested (or default) scopes → syntax → unknown → allowed for the client →
 * within the requested resources → (for a user) permitted by the user's roles → implications
 * expanded. Consent is the caller's last step, on the granted set. A request that cannot be served is
 * refused with an {@link OAuthError} (thrown as its exception); see DESIGN.md for the rules.
 */
public final class ScopePolicy {
    private ScopePolicy() {
    }

    /** The decision for a client acting for itself (client_credentials): no user, no protocol scopes. */
    public static ScopeDecision decide(ScopeCatalog catalog, Client client, ScopeRequest request) {
        Checked checked = check(catalog, client, request);
        if (!checked.protocol().isEmpty()) {
            throw OAuthError.INVALID_SCOPE.describe("scope %s needs a user; use authorization_code", checked.protocol()).exception();
        }
        return decision(catalog, checked, checked.api(), Map.of());
    }

    /**
     * The decision for a client acting for a user: as {@link #decide}, then every requested API scope
     * the user's roles do not permit is dropped ({@link DropReason#NOT_PERMITTED_FOR_USER}), never
     * granted. Protocol scopes ({@code openid}, {@code offline_access}) are kept when the client is
     * allowed them. Consent is applied by the caller, on {@link ScopeDecision#granted()}.
     */
    public static ScopeDecision decideForUser(ScopeCatalog catalog, Client client, ScopeRequest request, UserRoles user) {
        Checked checked = check(catalog, client, request);
        Map<String, DropReason> dropped = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (String s : checked.api().values()) {
            if (user.permits(s)) {
                kept.add(s);
            } else {
                dropped.put(s, DropReason.NOT_PERMITTED_FOR_USER);
            }
        }
        ScopeSet keptApi = ScopeSet.of(kept);
        ScopeDecision api = decision(catalog, checked, keptApi, dropped);
        return new ScopeDecision(api.granted().union(checked.protocol()), api.audiences(), api.dropped(),
                keptApi.union(checked.protocol()));
    }

    private record Checked(List<ApiDefinition> targets, ScopeSet api, ScopeSet protocol) {
    }

    private static Checked check(ScopeCatalog catalog, Client client, ScopeRequest request) {
        List<ApiDefinition> targets = resolveResources(catalog, request.resources());
        ScopeSet allowed = catalog.expand(client.allowedScopes());
        ScopeSet requested = request.scope() == null
                ? defaults(catalog, client, targets, allowed)
                : parse(request.scope());
        ScopeSet protocol = requested.intersect(ProtocolScopes.ALL);
        ScopeSet api = requested.minus(protocol);

        ScopeSet unknown = catalog.unknown(api);
        if (!unknown.isEmpty()) {
            throw OAuthError.INVALID_SCOPE.describe("unknown scope: %s", unknown).exception();
        }
        ScopeSet notAllowed = requested.minus(allowed);
        if (!notAllowed.isEmpty()) {
            throw OAuthError.INVALID_SCOPE.describe("scope not allowed for this client: %s", notAllowed).exception();
        }
        if (!targets.isEmpty()) {
            checkWithinResources(catalog, api, targets);
        }
        return new Checked(targets, api, protocol);
    }

    private static ScopeDecision decision(ScopeCatalog catalog, Checked checked, ScopeSet api, Map<String, DropReason> dropped) {
        ScopeSet granted = catalog.expand(api);
        List<String> audiences = checked.targets().isEmpty()
                ? List.copyOf(catalog.audiencesOf(granted))
                : checked.targets().stream().map(ApiDefinition::audience).toList();
        return new ScopeDecision(granted, audiences, dropped, api);
    }

    // RFC 6749 §3.3: the scope value is a space-delimited list of scope-tokens.
    private static ScopeSet parse(String scope) {
        try {
            return ScopeSet.parse(scope);
        } catch (InvalidScopeException e) {
            throw OAuthError.INVALID_SCOPE.withDescription("malformed scope: " + unescape(e.getMessage())).exception();
        }
    }

    /** The message quotes the bad token Java-style; error_description cannot carry backslashes (RFC 6749 §5.2). */
    private static String unescape(String message) {
        return java.util.regex.Pattern.compile("\\\\u([0-9A-Fa-f]{4})").matcher(message)
                .replaceAll(m -> "U+" + m.group(1).toUpperCase(java.util.Locale.ROOT))
                .replace("\\\"", "\"").replace("\\\\", "\\");
    }

    // RFC 6749 §3.3: omitted scope → a pre-defined default, or fail with invalid_scope.
    private static ScopeSet defaults(ScopeCatalog catalog, Client client, List<ApiDefinition> targets, ScopeSet allowed) {
        ScopeSet clientDefaults = onlyFrom(catalog, client.defaultScopes(), targets);
        if (!clientDefaults.isEmpty()) {
            return clientDefaults;
        }
        ScopeSet apiDefaults = targets.isEmpty()
                ? catalog.defaultScopes()
                : targets.stream().map(ApiDefinition::defaultScopes).reduce(ScopeSet.empty(), ScopeSet::union);
        ScopeSet usable = apiDefaults.intersect(allowed);
        if (usable.isEmpty()) {
            throw OAuthError.INVALID_SCOPE.withDescription(
                    "no scope requested and no default scope is configured for this client or API").exception();
        }
        return usable;
    }

    private static ScopeSet onlyFrom(ScopeCatalog catalog, ScopeSet scopes, List<ApiDefinition> targets) {
        if (targets.isEmpty()) {
            return scopes;
        }
        Set<String> audiences = new LinkedHashSet<>();
        targets.forEach(a -> audiences.add(a.audience()));
        List<String> kept = new ArrayList<>();
        for (String s : scopes.values()) {
            catalog.apiOf(s).filter(api -> audiences.contains(api.audience())).ifPresent(api -> kept.add(s));
        }
        return ScopeSet.of(kept);
    }

    // RFC 8707 §2: each resource is an absolute URI without a fragment; an unknown one is invalid_target.
    private static List<ApiDefinition> resolveResources(ScopeCatalog catalog, List<String> resources) {
        List<ApiDefinition> apis = new ArrayList<>(resources.size());
        for (String resource : resources) {
            URI uri;
            try {
                uri = new URI(resource);
            } catch (URISyntaxException e) {
                throw OAuthError.INVALID_TARGET.describe("resource %s is not a valid URI", OAuthError.quote(resource)).exception();
            }
            if (!uri.isAbsolute() || uri.getRawFragment() != null) {
                throw OAuthError.INVALID_TARGET.describe(
                        "resource %s must be an absolute URI without a fragment", OAuthError.quote(resource)).exception();
            }
            ApiDefinition api = catalog.apiByAudience(resource).orElseThrow(() -> OAuthError.INVALID_TARGET
                    .describe("unknown resource %s", OAuthError.quote(resource)).exception());
            if (!apis.contains(api)) {
                apis.add(api);
            }
        }
        return apis;
    }

    // RFC 8707 §2.2: the scopes must be meaningful for the requested resources.
    private static void checkWithinResources(ScopeCatalog catalog, ScopeSet requested, List<ApiDefinition> targets) {
        for (String s : requested.values()) {
            ApiDefinition owner = catalog.apiOf(s).orElseThrow();
            if (!targets.contains(owner)) {
                throw OAuthError.INVALID_SCOPE.describe("scope %s belongs to %s, which is not a requested resource",
                        s, owner.audience()).exception();
            }
        }
    }
}
