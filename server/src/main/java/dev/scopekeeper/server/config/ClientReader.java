package dev.scopekeeper.server.config;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.scopes.ScopeSyntax;
import dev.scopekeeper.server.client.ClientSecrets;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.config.ConfigFile.ClientEntry;
import dev.scopekeeper.server.policy.ProtocolScopes;
import dev.scopekeeper.server.protocol.GrantType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Validates the {@code clients} section, entry by entry, naming the line and the field at fault.
 * The checks run in the order a reader fixes them: identity, grant types, scopes, redirect URIs, secret.
 */
final class ClientReader {
    private final ScopeCatalog catalog;
    private final BiFunction<String, String, ConfigException> error;
    private final Set<String> ids = new HashSet<>();

    private ClientReader(ScopeCatalog catalog, BiFunction<String, String, ConfigException> error) {
        this.catalog = catalog;
        this.error = error;
    }

    /** @param error makes the exception for a JSON pointer into the file and a message */
    static List<ValidatedConfig.ClientSpec> read(List<ClientEntry> entries, ScopeCatalog catalog,
                                                 BiFunction<String, String, ConfigException> error) {
        ClientReader reader = new ClientReader(catalog, error);
        List<ValidatedConfig.ClientSpec> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(reader.client(entries.get(i), "/clients/" + i));
        }
        return out;
    }

    private ValidatedConfig.ClientSpec client(ClientEntry c, String at) {
        if (c == null) {
            throw error.apply(at, "a client has an id, a name and grant types");
        }
        require(c.id(), at + "/id");
        if (!ConfigLoader.CLIENT_ID.matcher(c.id()).matches()) {
            throw error.apply(at + "/id", ConfigLoader.CLIENT_ID_RULE);
        }
        if (!ids.add(c.id())) {
            throw error.apply(at + "/id", "client '" + c.id() + "' is declared twice");
        }
        require(c.name(), at + "/name");
        ClientType type = clientType(c.type(), at + "/type");
        Set<GrantType> grants = grantTypes(c.grantTypes(), at + "/grantTypes");
        // RFC 6749 §4.4: client_credentials is for confidential clients only.
        if (type == ClientType.PUBLIC && grants.contains(GrantType.CLIENT_CREDENTIALS)) {
            throw error.apply(at + "/grantTypes", "a public client cannot use client_credentials");
        }
        // Our refresh tokens come only out of an authorization code (offline_access); alone the grant gives nothing.
        if (grants.contains(GrantType.REFRESH_TOKEN) && !grants.contains(GrantType.AUTHORIZATION_CODE)) {
            throw error.apply(at + "/grantTypes/" + c.grantTypes().indexOf(GrantType.REFRESH_TOKEN.wire()),
                    "refresh_token needs authorization_code too: refresh tokens are issued only with an authorization code");
        }
        ScopeSet allowed = scopes(c.allowedScopes(), at + "/allowedScopes");
        ScopeSet defaults = scopes(c.defaultScopes(), at + "/defaultScopes");
        ScopeSet permitted = catalog.expand(allowed);
        for (int j = 0; j < c.defaultScopes().size(); j++) {
            String s = c.defaultScopes().get(j);
            if (!permitted.contains(s)) {
                throw error.apply(at + "/defaultScopes/" + j, "default scope '" + s + "' is not allowed for the client");
            }
        }
        offlineAccess(c, allowed, grants, at);
        List<String> redirects = redirectUris(c.redirectUris(), grants, at + "/redirectUris");
        if (c.secret() != null) {
            if (type == ClientType.PUBLIC) {
                throw error.apply(at + "/secret", "a public client has no secret");
            }
            if (c.secret().length() < ClientSecrets.MIN_CONFIGURED_LENGTH) {
                throw error.apply(at + "/secret", "must be at least " + ClientSecrets.MIN_CONFIGURED_LENGTH
                        + " characters (or leave it out and the server generates one)");
            }
        }
        return new ValidatedConfig.ClientSpec(c.id(), c.name(), type, c.firstParty(), grants, allowed, defaults,
                redirects, c.secret(), c.requireConsent());
    }

    /** OpenID Connect Core §11: offline_access is how a refresh token is asked for, so each needs the other. */
    private void offlineAccess(ClientEntry c, ScopeSet allowed, Set<GrantType> grants, String at) {
        boolean offline = allowed.contains(ProtocolScopes.OFFLINE_ACCESS);
        boolean refresh = grants.contains(GrantType.REFRESH_TOKEN);
        if (offline && !refresh) {
            throw error.apply(at + "/allowedScopes/" + c.allowedScopes().indexOf(ProtocolScopes.OFFLINE_ACCESS),
                    "offline_access asks for a refresh token: add refresh_token to grantTypes, or drop offline_access");
        }
        if (refresh && !offline) {
            throw error.apply(at + "/grantTypes/" + c.grantTypes().indexOf(GrantType.REFRESH_TOKEN.wire()),
                    "refresh tokens are issued only for the offline_access scope: add offline_access to allowedScopes,"
                            + " or drop refresh_token");
        }
    }

    private List<String> redirectUris(List<String> values, Set<GrantType> grants, String at) {
        boolean code = grants.contains(GrantType.AUTHORIZATION_CODE);
        // RFC 6749 §3.1.2.2 and OAuth 2.1: every client of the code flow registers its redirect URIs.
        if (code && values.isEmpty()) {
            throw error.apply(at, "a client with authorization_code needs at least one redirect URI");
        }
        // Only the authorization endpoint redirects; a URI registered for anything else is a mistake.
        if (!code && !values.isEmpty()) {
            throw error.apply(at, "redirect URIs are only for clients with authorization_code");
        }
        for (int i = 0; i < values.size(); i++) {
            String problem = RedirectUris.problem(values.get(i)).orElse(null);
            if (problem != null) {
                throw error.apply(at + "/" + i, problem);
            }
        }
        return List.copyOf(values);
    }

    private ClientType clientType(String value, String at) {
        if (value == null) {
            return ClientType.CONFIDENTIAL;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "confidential" -> ClientType.CONFIDENTIAL;
            case "public" -> ClientType.PUBLIC;
            default -> throw error.apply(at, "must be confidential or public, not '" + value + "'");
        };
    }

    private Set<GrantType> grantTypes(List<String> values, String at) {
        if (values.isEmpty()) {
            throw error.apply(at, "list at least one grant type (client_credentials, authorization_code, refresh_token)");
        }
        Set<GrantType> out = EnumSet.noneOf(GrantType.class);
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            int index = i;
            GrantType t = GrantType.fromWire(v).orElseThrow(() -> error.apply(at + "/" + index,
                    "unsupported grant type '" + v + "' (implicit and password are not offered, RFC 9700 section 2.1.2 and 2.4)"));
            out.add(t);
        }
        return out;
    }

    /** Scopes of the catalog, or protocol scopes (which a client must still be allowed). */
    private ScopeSet scopes(List<String> values, String at) {
        for (int i = 0; i < values.size(); i++) {
            String s = values.get(i);
            if (s == null || !ScopeSyntax.isValidToken(s)) {
                throw error.apply(at + "/" + i, "'" + s + "' is not a valid scope (RFC 6749 section 3.3)");
            }
            if (!catalog.isKnown(s) && !ProtocolScopes.isProtocolScope(s)) {
                throw error.apply(at + "/" + i, "unknown scope '" + s + "': declare it under an API first");
            }
        }
        return ScopeSet.of(values);
    }

    private void require(String value, String pointer) {
        if (value == null || value.isBlank()) {
            throw error.apply(pointer, "is required");
        }
    }
}
