package dev.scopekeeper.resource;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.scopekeeper.scopes.ScopeCatalog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides one request for a protected resource, knowing no web framework: adapters (the Servlet
 * {@code BearerTokenFilter}, the Javalin {@code ScopekeeperAuth}) turn their request into a {@link BearerRequest}
 * and write the {@link Decision}. The checks, in order:
 * <ol>
 *   <li>the route's {@link Access}, from the {@link ProtectedRoutes} (routes nobody declared: {@link Builder#otherRoutes},
 *       deny by default); an open route passes without looking at any token;</li>
 *   <li>no {@code access_token} in the query or form body — only the header method is supported, and a client must
 *       not use two (RFC 6750 §2) → 400 {@code invalid_request};</li>
 *   <li>one well-formed Bearer Authorization header ({@link BearerToken}) → 400 {@code invalid_request}; none → 401
 *       with a bare challenge (RFC 6750 §3.1);</li>
 *   <li>{@link TokenVerifier#verify} → 401 {@code invalid_token}; no keys from the issuer → 503 with
 *       {@code Retry-After} (the resource server's problem, not the client's);</li>
 *   <li>the scope: {@link ScopeRequirement} with the catalog's implications → 403 {@code insufficient_scope} naming
 *       the requirement; a denied route → 403 {@code insufficient_scope} without a scope (no token suffices).</li>
 * </ol>
 * Thread-safe; one per API.
 */
public final class Guard {
    private static final System.Logger LOG = System.getLogger(Guard.class.getName());

    /** What to do with a request. */
    public sealed interface Decision {
    }

    /** Go on: the request carries this valid token, and it suffices for the route. */
    public record Authorized(VerifiedToken token) implements Decision {
        public Authorized {
            Objects.requireNonNull(token, "token");
        }
    }

    /** Go on: the route is open; no token was looked at. */
    public record Anonymous() implements Decision {
    }

    /**
     * Answer with this and stop.
     *
     * @param status  401, 400, 403 or 503
     * @param error   the error code ({@code invalid_token}, ...; {@code temporarily_unavailable} for 503), or null for
     *                the bare 401
     * @param headers the headers to set, in order: {@code WWW-Authenticate} (or {@code Retry-After}),
     *                {@code Cache-Control: no-store}, {@code Content-Type}
     * @param body    the JSON body
     */
    public record Refused(int status, String error, Map<String, String> headers, String body) implements Decision {
        public Refused {
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        static Refused of(BearerError e) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("WWW-Authenticate", e.wwwAuthenticate());
            h.put("Cache-Control", "no-store");
            h.put("Content-Type", BearerError.CONTENT_TYPE);
            return new Refused(e.status(), e.error(), h, e.body());
        }

        static Refused unavailable(Duration retryAfter) {
            return unavailable(retryAfter, "the access token cannot be verified now");
        }

        static Refused unavailable(Duration retryAfter, String description) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Retry-After", Long.toString(retryAfter.toSeconds()));
            return plain(503, "temporarily_unavailable", description, h);
        }

        /** A JSON error without a challenge: the token is fine, so no other token would change the answer. */
        static Refused plain(int status, String error, String description, Map<String, String> first) {
            Map<String, String> h = new LinkedHashMap<>(first);
            h.put("Cache-Control", "no-store");
            h.put("Content-Type", BearerError.CONTENT_TYPE);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("error_description", description);
            return new Refused(status, error, h, JSONObjectUtils.toJSONString(body));
        }
    }

    private final AccessTokenVerification verifier;
    private final BearerErrors errors;
    private final ProtectedRoutes routes;
    private final Access otherRoutes;
    private final ScopeCatalog catalog;
    private final Duration retryAfter;

    private Guard(Builder b) {
        this.verifier = b.verifier;
        this.errors = b.errors;
        this.routes = b.routes;
        this.otherRoutes = b.otherRoutes;
        this.catalog = b.catalog;
        this.retryAfter = b.retryAfter;
    }

    public static Builder builder(AccessTokenVerification verifier, String realm) {
        return new Builder(verifier, BearerErrors.forRealm(realm));
    }

    public ProtectedRoutes routes() {
        return routes;
    }

    /** The access of routes that are not declared. */
    public Access otherRoutes() {
        return otherRoutes;
    }

    public AccessTokenVerification verifier() {
        return verifier;
    }

    /** The access of a route: as declared in the {@link ProtectedRoutes}, else {@link #otherRoutes()}. */
    public Access accessFor(String method, String rawPath) {
        return routes.accessFor(method, rawPath).orElse(otherRoutes);
    }

    /** The decision for a request, its route's access looked up in the {@link ProtectedRoutes}. */
    public Decision check(BearerRequest request) {
        return check(request, accessFor(request.method(), request.path()));
    }

    /** The decision for a request whose route's access the caller already knows (a framework matched the route). */
    public Decision check(BearerRequest request, Access access) {
        if (access instanceof Access.Open) {
            return new Anonymous();
        }
        // RFC 6750 §2: clients must not use more than one method; we support only the header (§2.1)
        if (request.accessTokenInQuery()) {
            return Refused.of(errors.invalidRequest("send the access token in the Authorization header, not in the query"));
        }
        if (request.accessTokenInBody()) {
            return Refused.of(errors.invalidRequest("send the access token in the Authorization header, not in the body"));
        }
        VerifiedToken token;
        try {
            // RFC 6750 §2.1: one header, one token
            Optional<String> bearer = BearerToken.extract(request.authorization());
            if (bearer.isEmpty()) {
                // RFC 6750 §3.1: no error code when the request has no authentication
                return Refused.of(errors.missingToken());
            }
            token = verifier.verify(bearer.get());
        } catch (InvalidRequest e) {
            return Refused.of(errors.invalidRequest(e));
        } catch (TokenRejectedException e) {
            return Refused.of(errors.invalidToken(e));
        } catch (JwksUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot verify access tokens: " + e.getMessage());
            return Refused.unavailable(retryAfter);
        }
        if (access instanceof Access.Scoped scoped) {
            ScopeRequirement requirement = scoped.requirement();
            if (catalog != null && !requirement.hasCatalog()) {
                requirement = requirement.withCatalog(catalog);
            }
            if (!requirement.isSatisfiedBy(token.scope())) {
                // RFC 6750 §3.1 insufficient_scope, with the §3 scope attribute
                return Refused.of(errors.insufficientScope(requirement));
            }
        } else if (access instanceof Access.Denied) {
            return Refused.of(errors.insufficientScope("no access token gives access to this route"));
        }
        return new Authorized(token);
    }

    public static final class Builder {
        private final AccessTokenVerification verifier;
        private final BearerErrors errors;
        private ProtectedRoutes routes = ProtectedRoutes.builder().build();
        private Access otherRoutes = Access.denied();
        private ScopeCatalog catalog;
        private Duration retryAfter = Duration.ofSeconds(10);

        private Builder(AccessTokenVerification verifier, BearerErrors errors) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            this.errors = errors;
        }

        public Builder routes(ProtectedRoutes value) {
            routes = Objects.requireNonNull(value, "routes");
            return this;
        }

        /** The access of undeclared routes; {@link Access#denied()} by default, so a forgotten route is closed. */
        public Builder otherRoutes(Access value) {
            otherRoutes = Objects.requireNonNull(value, "otherRoutes");
            return this;
        }

        /** Expands granted scopes through the catalog's implications for every requirement without its own catalog. */
        public Builder catalog(ScopeCatalog value) {
            catalog = value;
            return this;
        }

        /** The {@code Retry-After} of the 503 answered while no keys can be had; 10 s by default. */
        public Builder retryAfter(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
            retryAfter = value;
            return this;
        }

        public Guard build() {
            return new Guard(this);
        }
    }
}
