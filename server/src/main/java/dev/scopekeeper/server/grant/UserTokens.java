package dev.scopekeeper.server.grant;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.policy.ProtocolScopes;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.store.UserTokenStore;
import dev.scopekeeper.server.token.IssuedToken;
import dev.scopekeeper.server.token.OpaqueTokens;
import dev.scopekeeper.server.token.TokenIssuer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tokens issued for a user (authorization code and refresh grants): access, refresh and ID tokens. */
public final class UserTokens {
    private final TokenIssuer issuer;
    private final UserTokenStore store;
    private final Duration refreshLifetime;
    private final Clock clock;

    public UserTokens(TokenIssuer issuer, UserTokenStore store, Duration refreshLifetime, Clock clock) {
        this.issuer = issuer;
        this.store = store;
        this.refreshLifetime = refreshLifetime;
        this.clock = clock;
    }

    /** A new refresh token (value for the client, record for the store) — not yet saved. */
    public record NewRefresh(String value, RefreshToken token) {
    }

    /**
     * A refresh token only when {@code offline_access} was granted and the client may use the refresh
     * grant (OpenID Connect Core §11); null otherwise. {@code familyId} null starts a new family.
     */
    public NewRefresh refreshFor(Client client, String username, ScopeSet grant, List<String> audiences, Instant authTime,
                                 String familyId) {
        if (!grant.contains(ProtocolScopes.OFFLINE_ACCESS) || !client.mayUse(GrantType.REFRESH_TOKEN)) {
            return null;
        }
        String value = OpaqueTokens.generate();
        Instant now = clock.instant();
        RefreshToken token = new RefreshToken(OpaqueTokens.hash(value), familyId != null ? familyId : OpaqueTokens.generate(),
                client.id(), username, grant, audiences, authTime, now, now.plus(refreshLifetime));
        return new NewRefresh(value, token);
    }

    /**
     * An access token for the user (recorded by jti, so that revoking the consent or the refresh
     * family revokes it at once). Only protocol scopes granted → the audience is this server (userinfo).
     */
    public IssuedToken access(Client client, String username, ScopeSet scope, List<String> audiences, String familyId) {
        List<String> aud = audiences.isEmpty() ? List.of(issuer.issuer()) : audiences;
        IssuedToken token = issuer.issue(username, client.id(), aud, scope);
        store.recordAccessToken(token.jti(), username, client.id(), scope, familyId, token.expiresAt());
        return token;
    }

    public String idToken(Client client, String username, ScopeSet scope, Instant authTime, String nonce) {
        return scope.contains(ProtocolScopes.OPENID) ? issuer.issueIdToken(username, client.id(), authTime, nonce) : null;
    }
}
