package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.grant.AuthorizationCode;
import dev.scopekeeper.server.grant.RefreshToken;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.session.Session;
import dev.scopekeeper.server.token.SigningKey;
import dev.scopekeeper.server.user.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builders for store tests. Instants have microsecond precision, the precision the store keeps. */
final class StoreFixtures {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");

    private StoreFixtures() {
    }

    static Client confidentialClient(String id) {
        return new Client(id, "Client " + id, ClientType.CONFIDENTIAL, false,
                Set.of(GrantType.CLIENT_CREDENTIALS), ScopeSet.of("photos:read", "photos:write"),
                ScopeSet.of("photos:read"), List.of(), sha256(id), T0);
    }

    static Client publicClient(String id) {
        return new Client(id, "Public " + id, ClientType.PUBLIC, true,
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), ScopeSet.empty(), ScopeSet.empty(),
                List.of("https://app.example/cb"), null, T0);
    }

    static Client renamed(Client c, String name) {
        return new Client(c.id(), name, c.type(), c.firstParty(), c.grantTypes(), c.allowedScopes(),
                c.defaultScopes(), c.redirectUris(), c.secretHash(), c.createdAt());
    }

    /** A code of {@code username} for {@code clientId}, issued at {@link #T0}, with a nonce. */
    static AuthorizationCode code(String hash, String clientId, String username, Instant expiresAt) {
        return new AuthorizationCode(hash, clientId, username, "https://app.example/cb?x=1",
                ScopeSet.of("openid", "photos:read"), List.of("https://photos.example", "https://albums.example"),
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "n-0S6_WzA2Mj", T0.minusSeconds(30), T0, expiresAt);
    }

    static RefreshToken refreshToken(String hash, String familyId, String clientId, String username, ScopeSet scope,
                                     Instant expiresAt) {
        return new RefreshToken(hash, familyId, clientId, username, scope, List.of("https://photos.example"),
                T0.minusSeconds(30), T0, expiresAt);
    }

    static Session session(String idHash, String username, Instant expiresAt) {
        return new Session(idHash, username, T0.minusSeconds(60), T0, expiresAt, "csrf-" + idHash);
    }

    static User user(String username, String... roles) {
        return new User(username, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", Set.of(roles));
    }

    static SigningKey key(String kid, Instant createdAt) {
        return new SigningKey(kid, "RS256", "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\"}", createdAt, null);
    }

    /** Two APIs and scopes deliberately not in alphabetical order, to prove the order is kept. */
    static ScopeCatalog catalog() {
        return ScopeCatalog.of(List.of(
                new ApiDefinition("https://photos.example", "Photos", List.of(
                        ScopeDefinition.of("photos:write", "Upload and edit your photos").withImplies("photos:read"),
                        ScopeDefinition.of("photos:read", "View your photos").withDefault(true),
                        ScopeDefinition.of("photos:legacy", "Old photo access").withDeprecated("photos:read"))),
                new ApiDefinition("https://albums.example", "Albums", List.of(
                        ScopeDefinition.of("albums:share", "Share albums").withImplies("albums:read", "photos:read"),
                        ScopeDefinition.of("albums:read", "View albums")))));
    }

    /** {@link #catalog()} without {@code photos:legacy} and with a third API. */
    static ScopeCatalog catalogV2() {
        return ScopeCatalog.of(List.of(
                new ApiDefinition("https://photos.example", "Photos v2", List.of(
                        ScopeDefinition.of("photos:write", "Upload and edit your photos").withImplies("photos:read"),
                        ScopeDefinition.of("photos:read", "View your photos").withDefault(true))),
                new ApiDefinition("https://billing.example", "Billing", List.of(
                        ScopeDefinition.of("billing:read", "View invoices")))));
    }

    static Map<String, ScopeSet> roles() {
        return Map.of("viewer", ScopeSet.of("photos:read", "albums:read"),
                "editor", ScopeSet.of("photos:read", "photos:write"),
                "nobody", ScopeSet.empty());
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
