package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.policy.CurrentCatalog;
import dev.scopekeeper.server.policy.ProtocolScopes;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.token.SigningKeys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * RFC 8414 authorization server metadata, served at {@code /.well-known/oauth-authorization-server}
 * and {@code /.well-known/openid-configuration}. Lists only what the server really supports.
 */
public final class MetadataEndpoint implements Endpoint {
    public static final String TOKEN = "/token";
    public static final String JWKS = "/jwks";
    public static final String REVOKE = "/revoke";
    public static final String INTROSPECT = "/introspect";
    public static final String AUTHORIZE = "/authorize";
    public static final String USERINFO = "/userinfo";

    private final String issuer;
    private final CurrentCatalog catalog;
    private final Supplier<List<GrantType>> grantTypes;
    private final SigningKeys keys;

    public MetadataEndpoint(String issuer, CurrentCatalog catalog, Supplier<List<GrantType>> grantTypes, SigningKeys keys) {
        this.issuer = issuer;
        this.catalog = catalog;
        this.grantTypes = grantTypes;
        this.keys = keys;
    }

    @Override
    public Response handle(Request request) {
        List<String> authMethods = List.of("client_secret_basic", "client_secret_post");
        List<String> scopes = new ArrayList<>(ProtocolScopes.ALL.values());
        scopes.addAll(catalog.catalog().allScopes().values());
        Map<String, Object> m = new LinkedHashMap<>();
        // RFC 8414 §2: issuer, endpoints, and what the server supports.
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + AUTHORIZE);
        m.put("token_endpoint", issuer + TOKEN);
        m.put("jwks_uri", issuer + JWKS);
        m.put("revocation_endpoint", issuer + REVOKE);
        m.put("introspection_endpoint", issuer + INTROSPECT);
        m.put("userinfo_endpoint", issuer + USERINFO);
        m.put("scopes_supported", scopes);
        // Only the code flow (RFC 9700 §2.1.2: no implicit), with PKCE S256 only (RFC 7636 §4.2).
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        // RFC 9207 §3: the authorization response carries iss.
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("prompt_values_supported", List.of("none", "login", "consent"));
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported", List.of(keys.algorithm().wire()));
        m.put("claims_supported", List.of("sub", "preferred_username", "iss", "aud", "exp", "iat", "auth_time", "nonce", "azp"));
        m.put("grant_types_supported", grantTypes.get().stream().map(GrantType::wire).toList());
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        m.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        m.put("introspection_endpoint_auth_methods_supported", authMethods);
        m.put("access_token_signing_alg_values_supported", List.of(keys.algorithm().wire()));
        return Response.json(200, m, Map.of("Cache-Control", "public, max-age=60"));
    }
}
