package dev.scopekeeper.server.endpoint;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.scopekeeper.server.client.AuthenticatedClient;
import dev.scopekeeper.server.client.ClientAuthenticator;
import dev.scopekeeper.server.grant.RefreshToken;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.store.RefreshTokenStore;
import dev.scopekeeper.server.store.RevocationStore;
import dev.scopekeeper.server.token.AccessTokenVerifier;
import dev.scopekeeper.server.token.OpaqueTokens;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 7009 token revocation. An access token is revoked by its JWT id, kept until it would have
 * expired; introspection reports it inactive from then on. A refresh token is revoked with its
 * whole rotation family and the access tokens issued with it.
 */
public final class RevocationEndpoint implements Endpoint {
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

    private final ClientAuthenticator authenticator;
    private final AccessTokenVerifier verifier;
    private final RevocationStore revocations;
    private final RefreshTokenStore refreshTokens;
    private final Clock clock;

    public RevocationEndpoint(ClientAuthenticator authenticator, AccessTokenVerifier verifier, RevocationStore revocations,
                              RefreshTokenStore refreshTokens, Clock clock) {
        this.authenticator = authenticator;
        this.verifier = verifier;
        this.revocations = revocations;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        FormParameters form = FormPost.parse(request);
        // RFC 7009 §2.1: the client authenticates as it does at the token endpoint.
        AuthenticatedClient client = authenticator.authenticate(request.header("Authorization"), form);
        String token = form.required("token");
        // RFC 7009 §2.1: the hint may be wrong or unknown; the server then searches all token types.
        form.single("token_type_hint");
        Optional<JWTClaimsSet> claims = verifier.verify(token);
        if (claims.isEmpty()) {
            revokeRefreshToken(token, client);
            // RFC 7009 §2.2: invalid, expired or unknown tokens do not cause an error response.
            return Response.empty(200, NO_STORE);
        }
        JWTClaimsSet c = claims.get();
        // RFC 7009 §2.1: the server verifies that the token was issued to the client making the request.
        if (!client.id().equals(c.getClaim("client_id"))) {
            throw OAuthError.UNAUTHORIZED_CLIENT.withDescription("the token was not issued to this client").exception();
        }
        revocations.revokeToken(c.getJWTID(), client.id(), c.getExpirationTime().toInstant());
        return Response.empty(200, NO_STORE);
    }

    // RFC 7009 §2: refresh tokens MUST be revocable; §2.1: the access tokens of the same grant SHOULD go too.
    private void revokeRefreshToken(String token, AuthenticatedClient client) {
        Optional<RefreshToken.State> found = refreshTokens.findRefreshToken(OpaqueTokens.hash(token));
        if (found.isEmpty()) {
            return;
        }
        // RFC 7009 §2.1: the server verifies that the token was issued to the client making the request.
        if (!client.id().equals(found.get().token().clientId())) {
            throw OAuthError.UNAUTHORIZED_CLIENT.withDescription("the token was not issued to this client").exception();
        }
        refreshTokens.revokeFamily(found.get().token().familyId(), clock.instant());
    }
}
