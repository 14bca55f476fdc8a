package dev.scopekeeper.server.endpoint;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.scopekeeper.server.client.AuthMethod;
import dev.scopekeeper.server.client.AuthenticatedClient;
import dev.scopekeeper.server.client.ClientAuthenticator;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.grant.RefreshToken;
import dev.scopekeeper.server.store.RefreshTokenStore;
import dev.scopekeeper.server.store.RevocationStore;
import dev.scopekeeper.server.token.OpaqueTokens;
import dev.scopekeeper.server.token.AccessTokenVerifier;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 7662 token introspection, for confidential clients (resource servers). Reads the revocation
 * store on every call, so a revoked token is reported inactive at once.
 */
public final class IntrospectionEndpoint implements Endpoint {
    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final ClientAuthenticator authenticator;
    private final AccessTokenVerifier verifier;
    private final RevocationStore revocations;
    private final RefreshTokenStore refreshTokens;
    private final String issuer;
    private final Clock clock;

    public IntrospectionEndpoint(ClientAuthenticator authenticator, AccessTokenVerifier verifier, RevocationStore revocations,
                                 RefreshTokenStore refreshTokens, String issuer, Clock clock) {
        this.authenticator = authenticator;
        this.verifier = verifier;
        this.revocations = revocations;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        FormParameters form = FormPost.parse(request);
        AuthenticatedClient caller = authenticator.authenticate(request.header("Authorization"), form);
        // RFC 7662 §2.1 / §4: the endpoint requires authorization, so tokens cannot be scanned anonymously.
        if (caller.method() == AuthMethod.NONE) {
            throw OAuthError.INVALID_CLIENT.withDescription("introspection requires client authentication").exception();
        }
        String token = form.required("token");
        form.single("token_type_hint");
        Optional<JWTClaimsSet> verified = verifier.verify(token);
        if (verified.isEmpty()) {
            return introspectRefreshToken(token, caller);
        }
        // RFC 7662 §2.2: anything not currently active is just {"active": false}, with no other detail.
        if (revocations.isRevoked(verified.get().getJWTID())) {
            return Response.noStore(200, INACTIVE);
        }
        return Response.noStore(200, describe(verified.get()));
    }

    // RFC 7662 §2.1: the endpoint answers for refresh tokens too. A refresh token is only described to
    // the client that holds it: for anyone else it is just inactive (RFC 7662 §4, no token scanning).
    private Response introspectRefreshToken(String token, AuthenticatedClient caller) {
        Optional<RefreshToken.State> found = refreshTokens.findRefreshToken(OpaqueTokens.hash(token));
        if (found.isEmpty()) {
            return Response.noStore(200, INACTIVE);
        }
        RefreshToken.State s = found.get();
        RefreshToken t = s.token();
        if (s.revoked() || s.rotated() || !t.expiresAt().isAfter(clock.instant()) || !t.clientId().equals(caller.id())) {
            return Response.noStore(200, INACTIVE);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("scope", t.scope().toString());
        m.put("client_id", t.clientId());
        m.put("token_type", "refresh_token");
        m.put("exp", t.expiresAt().getEpochSecond());
        m.put("iat", t.issuedAt().getEpochSecond());
        m.put("sub", t.username());
        m.put("iss", issuer);
        return Response.noStore(200, m);
    }

    private static Map<String, Object> describe(JWTClaimsSet c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("scope", c.getClaim("scope"));
        m.put("client_id", c.getClaim("client_id"));
        m.put("token_type", "Bearer");
        m.put("exp", c.getExpirationTime().getTime() / 1000);
        m.put("iat", c.getIssueTime().getTime() / 1000);
        m.put("sub", c.getSubject());
        List<String> aud = c.getAudience();
        m.put("aud", aud.size() == 1 ? aud.get(0) : aud);
        m.put("iss", c.getIssuer());
        m.put("jti", c.getJWTID());
        return m;
    }
}
