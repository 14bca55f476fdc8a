package dev.scopekeeper.server.endpoint;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;
import dev.scopekeeper.server.store.RevocationStore;
import dev.scopekeeper.server.token.AccessTokenVerifier;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The bearer check of the server's own protected resources (userinfo, the FGA API), as a chain:
 * one bearer token in the Authorization header (RFC 6750 §2.1) → a valid access token of ours
 * ({@link AccessTokenVerifier}) → not revoked → issued for the resource's audience (if it has one)
 * → carrying the required scope. Scope implications need no lookup: the server writes the implied
 * scopes into the token. Each refusal is an RFC 6750 §3 error with its challenge.
 */
public final class BearerAccess {
    static final String REALM = "scopekeeper";
    private final AccessTokenVerifier verifier;
    private final RevocationStore revocations;

    public BearerAccess(AccessTokenVerifier verifier, RevocationStore revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    /** The verified token's claims, or the response that refuses the request. */
    public record Outcome(JWTClaimsSet claims, Response refusal) {
        public boolean granted() {
            return refusal == null;
        }
    }

    /**
     * @param audience the audience the token must name, or null for a resource of the server itself (userinfo)
     * @param scope the scope the token must carry
     */
    public Outcome check(Request request, String audience, String scope) {
        Objects.requireNonNull(scope, "scope");
        String authorization = request.header("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6)
                && (authorization.length() == 6 || authorization.charAt(6) == ' ');
        // RFC 6750 §3.1: a request without authentication, or with a scheme this resource does not use
        // (Basic, say), gets 401 and a challenge without an error code. (Two header lines arrive joined by a comma.)
        if (authorization == null || (!bearer && !authorization.contains(","))) {
            return refuse(OAuthError.INVALID_TOKEN.withDescription(null), false, scope);
        }
        String token = bearer ? authorization.substring(6).trim() : "";
        // RFC 6750 §2.1: exactly one b64token; §2 and §3.1: sent one way only, never also in the query or body.
        if (token.isEmpty() || token.contains(" ") || token.contains(",") || alsoInParameters(request)) {
            return refuse(OAuthError.INVALID_REQUEST.withDescription("use one bearer token: Authorization: Bearer <token>"), true, scope);
        }
        Optional<JWTClaimsSet> claims = verifier.verify(token);
        if (claims.isEmpty() || revocations.isRevoked(claims.get().getJWTID())) {
            return refuse(OAuthError.INVALID_TOKEN.withDescription("the access token is invalid, expired or revoked"), true, scope);
        }
        // RFC 9068 §4: a resource server rejects a token whose aud does not name it.
        List<String> audiences = claims.get().getAudience();
        if (audience != null && (audiences == null || !audiences.contains(audience))) {
            return refuse(OAuthError.INVALID_TOKEN.withDescription("the access token is not for this API (audience "
                    + audience + ")"), true, scope);
        }
        Object granted = claims.get().getClaim("scope");
        if (!(granted instanceof String s) || !ScopeSet.parseOrEmpty(s).contains(scope)) {
            return refuse(OAuthError.INSUFFICIENT_SCOPE.withDescription("the access token lacks the " + scope + " scope"), true, scope);
        }
        return new Outcome(claims.get(), null);
    }

    /** {@code endpoint}, answered only for a request that passes {@link #check}. */
    public Endpoint guard(String audience, String scope, Endpoint endpoint) {
        return request -> {
            Outcome outcome = check(request, audience, scope);
            return outcome.granted() ? endpoint.handle(request) : outcome.refusal();
        };
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
    private static Outcome refuse(OAuthError error, boolean withCode, String scope) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"" + REALM + "\"");
        Map<String, Object> body = new LinkedHashMap<>();
        if (withCode) {
            challenge.append(", error=\"").append(error.code()).append('"');
            body.put("error", error.code());
            if (error.description() != null) {
                challenge.append(", error_description=\"").append(error.description().replace('"', '\'')).append('"');
                body.put("error_description", error.description());
            }
            if (error.code().equals(OAuthError.INSUFFICIENT_SCOPE.code())) {
                challenge.append(", scope=\"").append(scope).append('"');
            }
        }
        return new Outcome(null, Response.json(error.status(), body,
                Map.of("Cache-Control", "no-store", "WWW-Authenticate", challenge.toString())));
    }
}
