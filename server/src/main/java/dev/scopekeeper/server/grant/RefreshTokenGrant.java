package dev.scopekeeper.server.grant;

import dev.scopekeeper.scopes.InvalidScopeException;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.AuthenticatedClient;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.policy.CurrentCatalog;
import dev.scopekeeper.server.policy.ProtocolScopes;
import dev.scopekeeper.server.policy.UserRoles;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.TokenResponse;
import dev.scopekeeper.server.store.RefreshTokenStore;
import dev.scopekeeper.server.store.UserStore;
import dev.scopekeeper.server.token.IssuedToken;
import dev.scopekeeper.server.token.OpaqueTokens;
import dev.scopekeeper.server.user.User;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): the token → issued to this client → not revoked →
 * never used before (else the whole family is revoked) → unexpired → user still exists → scope no
 * wider than the grant, and still allowed to the client and the user's roles → rotate → tokens.
 */
public final class RefreshTokenGrant implements GrantHandler {
    private final RefreshTokenStore store;
    private final UserStore users;
    private final CurrentCatalog catalog;
    private final UserTokens tokens;
    private final Clock clock;

    public RefreshTokenGrant(RefreshTokenStore store, UserStore users, CurrentCatalog catalog, UserTokens tokens, Clock clock) {
        this.store = store;
        this.users = users;
        this.catalog = catalog;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public GrantType type() {
        return GrantType.REFRESH_TOKEN;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("refresh_token", "scope");
    }

    @Override
    public TokenResponse handle(FormParameters form, AuthenticatedClient authenticated) {
        String value = form.required("refresh_token");
        String requested = form.single("scope");
        Client client = authenticated.client();
        Instant now = clock.instant();
        String hash = OpaqueTokens.hash(value);
        RefreshToken.State state = store.findRefreshToken(hash).orElseThrow(() -> invalidGrant("refresh token is invalid"));
        RefreshToken token = state.token();
        // RFC 6749 §6: the refresh token is bound to the client it was issued to.
        if (!token.clientId().equals(client.id())) {
            throw invalidGrant("refresh token was issued to another client");
        }
        if (state.revoked()) {
            throw invalidGrant("refresh token has been revoked");
        }
        // RFC 9700 §4.14.2: a rotated token presented again means it leaked: revoke the whole family.
        if (state.rotated()) {
            store.revokeFamily(token.familyId(), now);
            throw invalidGrant("refresh token was already used; all tokens of this grant are revoked");
        }
        if (!token.expiresAt().isAfter(now)) {
            throw invalidGrant("refresh token has expired");
        }
        Optional<User> user = users.findUser(token.username());
        if (user.isEmpty()) {
            throw invalidGrant("the user of this grant no longer exists");
        }
        ScopeSet scope = scope(token, requested, client, user.get());

        UserTokens.NewRefresh next = tokens.refreshFor(client, token.username(), token.scope(), token.audiences(),
                token.authTime(), token.familyId());
        if (next == null) {
            throw invalidGrant("the grant no longer includes offline_access");
        }
        List<String> audiences = requested == null ? token.audiences() : List.copyOf(catalog.catalog().audiencesOf(scope));
        // The access token is recorded in the family before the rotation, so a family revocation that
        // races this request revokes it too.
        IssuedToken access = tokens.access(client, token.username(), scope, audiences, token.familyId());
        // Two requests with the same token: one rotates, the other is a reuse (RFC 9700 §4.14.2).
        if (!store.rotateRefreshToken(hash, next.token(), now)) {
            store.revokeFamily(token.familyId(), now);
            throw invalidGrant("refresh token was already used; all tokens of this grant are revoked");
        }
        return new TokenResponse(access.value(), access.expiresInSeconds(), scope.toString(), next.value());
    }

    // RFC 6749 §6: the requested scope MUST NOT include any scope not originally granted; omitted = the original.
    private ScopeSet scope(RefreshToken token, String requested, Client client, User user) {
        ScopeSet wanted;
        if (requested == null) {
            wanted = token.scope();
        } else {
            ScopeCatalog cat = catalog.catalog();
            try {
                wanted = cat.expand(ScopeSet.parse(requested));
            } catch (InvalidScopeException e) {
                throw OAuthError.INVALID_SCOPE.withDescription("malformed scope").exception();
            }
            ScopeSet wider = wanted.minus(token.scope());
            if (!wider.isEmpty()) {
                throw OAuthError.INVALID_SCOPE.describe("scope %s was not granted to this refresh token", wider).exception();
            }
        }
        // What the client's registration and the user's roles allow today: both may have shrunk since.
        ScopeCatalog cat = catalog.catalog();
        ScopeSet stillAllowed = UserRoles.of(cat, catalog.roles(), user.roles())
                .filter(wanted.intersect(cat.expand(client.allowedScopes())));
        if (stillAllowed.minus(ProtocolScopes.ALL).isEmpty() && !wanted.minus(ProtocolScopes.ALL).isEmpty()) {
            throw OAuthError.INVALID_SCOPE.withDescription("none of the granted scopes is allowed any more").exception();
        }
        return stillAllowed;
    }

    private static RuntimeException invalidGrant(String why) {
        return OAuthError.INVALID_GRANT.withDescription(why).exception();
    }
}
