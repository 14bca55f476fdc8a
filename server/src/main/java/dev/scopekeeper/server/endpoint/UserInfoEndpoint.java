package dev.scopekeeper.server.endpoint;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.policy.ProtocolScopes;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;
import dev.scopekeeper.server.store.RevocationStore;
import dev.scopekeeper.server.token.AccessTokenVerifier;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenID Connect userinfo (Core §5.3), a protected resource: a bearer access token (RFC 6750 §2.1,
 * header only) of ours, unrevoked, with the {@code openid} scope. Errors per RFC 6750 §3.
 */
public final class UserInfoEndpoint implements Endpoint {
    private final AccessTokenVerifier verifier;
    private final RevocationStore revocations;

    public UserInfoEndpoint(AccessTokenVerifier verifier, RevocationStore revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    @Override
    public Response handle(Request request) {
        String authorization = request.header("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6)
                && (authorization.length() == 6 || authorization.charAt(6) == ' ');
        // RFC 6750 §3.1: a request without authentication, or with a scheme this resource does not use
        // (Basic, say), gets 401 and a challenge without an error code. (Two header lines arrive joined by a comma.)
        if (authorization == null || (!bearer && !authorization.contains(","))) {
            return bearerError(OAuthError.INVALID_TOKEN.withDescription(null), false);
        }
        String token = bearer ? authorization.substring(6).trim() : "";
        // RFC 6750 §2.1: exactly one b64token; §2 and §3.1: sent one way only, never also in the query or body.
        if (token.isEmpty() || token.contains(" ") || token.contains(",") || alsoInParameters(request)) {
            return bearerError(OAuthError.INVALID_REQUEST.withDescription("use one bearer token: Authorization: Bearer <token>"), true);
        }
        Optional<JWTClaimsSet> claims = verifier.verify(token);
        if (claims.isEmpty() || revocations.isRevoked(claims.get().getJWTID())) {
            return bearerError(OAuthError.INVALID_TOKEN.withDescription("the access token is invalid, expired or revoked"), true);
        }
        Object scope = claims.get().getClaim("scope");
        if (!(scope instanceof String s) || !ScopeSet.parseOrEmpty(s).contains(ProtocolScopes.OPENID)) {
            return bearerError(OAuthError.INSUFFICIENT_SCOPE.withDescription("the access token lacks the openid scope"), true);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", claims.get().getSubject());
        body.put("preferred_username", claims.get().getSubject());
        return Response.noStore(200, body);
    }

    /** Whether the request also carries an access_token parameter (RFC 6750 §2.2 body, §2.3 query); an unreadable one counts. */
    private static boolean alsoInParameters(Request request) {
        try {
            if (request.query() != null
                    && FormPost.decode(request.query().getBytes(StandardCharsets.ISO_8859_1)).has("access_token")) {
                return true;
            }
            return "POST".equals(request.method()) && FormPost.isForm(request.contentType())
                    && FormPost.decode(request.body()).has("access_token");
        } catch (OAuthException e) {
            return true;
        }
    }

    // RFC 6750 §3: WWW-Authenticate: Bearer with error, error_description (and scope for insufficient_scope).
    private static Response bearerError(OAuthError error, boolean withCode) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"scopekeeper\"");
        if (withCode) {
            challenge.append(", error=\"").append(error.code()).append('"');
            if (error.description() != null) {
                challenge.append(", error_description=\"").append(error.description().replace('"', '\'')).append('"');
            }
            if (error.code().equals("insufficient_scope")) {
                challenge.append(", scope=\"").append(ProtocolScopes.OPENID).append('"');
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (withCode) {
            body.put("error", error.code());
            if (error.description() != null) {
                body.put("error_description", error.description());
            }
        }
        return Response.json(error.status(), body, Map.of("Cache-Control", "no-store", "WWW-Authenticate", challenge.toString()));
    }
}
