package dev.scopekeeper.server.grant;

import dev.scopekeeper.server.client.AuthMethod;
import dev.scopekeeper.server.client.AuthenticatedClient;
import dev.scopekeeper.server.policy.CurrentCatalog;
import dev.scopekeeper.server.policy.ScopeDecision;
import dev.scopekeeper.server.policy.ScopePolicy;
import dev.scopekeeper.server.policy.ScopeRequest;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.TokenResponse;
import dev.scopekeeper.server.token.IssuedToken;
import dev.scopekeeper.server.token.TokenIssuer;

import java.util.Set;

/** RFC 6749 §4.4: a confidential client gets a token for itself; no user, no consent, no refresh token. */
public final class ClientCredentialsGrant implements GrantHandler {
    private final CurrentCatalog catalog;
    private final TokenIssuer issuer;

    public ClientCredentialsGrant(CurrentCatalog catalog, TokenIssuer issuer) {
        this.catalog = catalog;
        this.issuer = issuer;
    }

    @Override
    public GrantType type() {
        return GrantType.CLIENT_CREDENTIALS;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("scope");
    }

    @Override
    public TokenResponse handle(FormParameters form, AuthenticatedClient client) {
        // RFC 6749 §4.4: the client credentials grant MUST only be used by confidential clients.
        if (client.method() == AuthMethod.NONE) {
            throw OAuthError.UNAUTHORIZED_CLIENT.withDescription("a public client cannot use client_credentials").exception();
        }
        ScopeDecision decision = ScopePolicy.decide(catalog.catalog(), client.client(),
                new ScopeRequest(form.single("scope"), form.all("resource")));
        // RFC 9068 §2.2: for client_credentials the subject is the client itself.
        IssuedToken token = issuer.issue(client.id(), client.id(), decision.audiences(), decision.granted());
        // RFC 6749 §4.4.3: a refresh token SHOULD NOT be included.
        return new TokenResponse(token.value(), token.expiresInSeconds(), decision.granted().toString(), null);
    }
}
