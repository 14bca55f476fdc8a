package dev.scopekeeper.resource;

import dev.scopekeeper.resource.Guard.Anonymous;
import dev.scopekeeper.resource.Guard.Authorized;
import dev.scopekeeper.resource.Guard.Decision;
import dev.scopekeeper.resource.Guard.Refused;
import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.resource.TestKeys.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardTest {
    /** photos.manage implies photos.upload and photos.delete; photos.upload implies photos.read. */
    static final ScopeCatalog CATALOG = ScopeCatalog.of(List.of(new ApiDefinition(Tokens.AUDIENCE, "Photos", List.of(
            ScopeDefinition.of("photos.read", "See photos"),
            ScopeDefinition.of("photos.upload", "Upload photos").withImplies("photos.read"),
            ScopeDefinition.of("photos.delete", "Delete photos"),
            ScopeDefinition.of("photos.manage", "All of it").withImplies("photos.upload", "photos.delete")))));

    static final ProtectedRoutes ROUTES = ProtectedRoutes.builder()
            .route("GET", "/photos", ScopeRequirement.allOf("photos.read"))
            .route("GET", "/photos/{id}", ScopeRequirement.anyOf("photos.read", "photos.manage"))
            .route("GET", "/photos/new", ScopeRequirement.allOf("photos.upload"))
            .route("DELETE", "/photos/{id}", ScopeRequirement.allOf("photos.delete"))
            .route("GET", "/me", Access.authenticated())
            .route("GET", "/health", Access.open())
            .build();

    static final Map<String, String> NO_STORE_JSON = Map.of("Cache-Control", "no-store", "Content-Type", "application/json");

    private final Fixture f = new Fixture(RSA);
    private final Guard guard = Guard.builder(f.verifier(), "photos").routes(ROUTES).catalog(CATALOG).build();

    @AfterEach
    void close() {
        f.close();
    }

    private String token(String scope) {
        return f.token(RSA).claim("scope", scope).sign();
    }

    private static BearerRequest get(String path, String... authorization) {
        return new BearerRequest("GET", path, List.of(authorization), false, false);
    }

    private static void assertRefused(Decision d, int status, String error, String wwwAuthenticate, String body) {
        assertThat(d).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.error()).isEqualTo(error);
            assertThat(r.headers()).containsExactly(Map.entry("WWW-Authenticate", wwwAuthenticate),
                    Map.entry("Cache-Control", "no-store"), Map.entry("Content-Type", "application/json"));
            assertThat(r.body()).isEqualTo(body);
        });
    }

    @Test
    void whenTokenHasTheScopeThenAuthorizedWithTheVerifiedToken() {
        Decision d = guard.check(get("/photos", "Bearer " + token("photos.read")));
        assertThat(d).isInstanceOfSatisfying(Authorized.class, a -> {
            assertThat(a.token().subject()).isEqualTo("alice");
            assertThat(a.token().scope().values()).containsExactly("photos.read");
        });
    }

    @Test
    void whenRouteIsOpenThenAnonymousWithoutLookingAtTheToken() {
        assertThat(guard.check(get("/health"))).isInstanceOf(Anonymous.class);
        assertThat(guard.check(get("/health", "Bearer a b", "Bearer c"))).isInstanceOf(Anonymous.class);
        assertThat(guard.check(new BearerRequest("GET", "/health", List.of(), true, true))).isInstanceOf(Anonymous.class);
    }

    @Test
    void whenNoTokenThen401WithBareChallenge() {
        assertRefused(guard.check(get("/photos")), 401, null, "Bearer realm=\"photos\"", "{}");
        assertRefused(guard.check(get("/photos", "Basic YWxpY2U6c2VjcmV0")), 401, null, "Bearer realm=\"photos\"", "{}");
    }

    @Test
    void whenTwoAuthorizationHeadersThen400InvalidRequest() {
        String t = token("photos.read");
        assertRefused(guard.check(get("/photos", "Bearer " + t, "Bearer " + t)), 400, "invalid_request",
                "Bearer realm=\"photos\", error=\"invalid_request\", error_description=\"the request has more than one Authorization header\"",
                "{\"error\":\"invalid_request\",\"error_description\":\"the request has more than one Authorization header\"}");
    }

    @Test
    void whenTwoTokensInOneHeaderThen400InvalidRequest() {
        String t = token("photos.read");
        assertRefused(guard.check(get("/photos", "Bearer " + t + " " + t)), 400, "invalid_request",
                "Bearer realm=\"photos\", error=\"invalid_request\", error_description=\"the Authorization header must hold exactly one bearer token\"",
                "{\"error\":\"invalid_request\",\"error_description\":\"the Authorization header must hold exactly one bearer token\"}");
    }

    @Test
    void whenTokenAlsoInQueryOrBodyThen400InvalidRequest() {
        String header = "Bearer " + token("photos.read");
        assertRefused(guard.check(new BearerRequest("GET", "/photos", List.of(header), true, false)), 400, "invalid_request",
                "Bearer realm=\"photos\", error=\"invalid_request\", error_description=\"send the access token in the Authorization header, not in the query\"",
                "{\"error\":\"invalid_request\",\"error_description\":\"send the access token in the Authorization header, not in the query\"}");
        assertRefused(guard.check(new BearerRequest("GET", "/photos", List.of(header), false, true)), 400, "invalid_request",
                "Bearer realm=\"photos\", error=\"invalid_request\", error_description=\"send the access token in the Authorization header, not in the body\"",
                "{\"error\":\"invalid_request\",\"error_description\":\"send the access token in the Authorization header, not in the body\"}");
        // only in the query: still refused, a token in a URL ends up in logs
        assertThat(guard.check(new BearerRequest("GET", "/photos", List.of(), true, false)))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void whenTokenRejectedThen401InvalidToken() {
        String expired = f.token(RSA).claim("exp", Fixture.START.getEpochSecond() - 60).sign();
        Decision d = guard.check(get("/photos", "Bearer " + expired));
        assertThat(d).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.error()).isEqualTo("invalid_token");
            assertThat(r.headers().get("WWW-Authenticate")).startsWith("Bearer realm=\"photos\", error=\"invalid_token\", error_description=\"");
            assertThat(r.body()).startsWith("{\"error\":\"invalid_token\",\"error_description\":\"");
        });
        assertThat(guard.check(get("/photos", "Bearer not.a.jwt"))).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.error()).isEqualTo("invalid_token");
            assertThat(r.headers()).containsKeys("WWW-Authenticate", "Cache-Control", "Content-Type");
        });
    }

    @Test
    void whenScopeMissingThen403InsufficientScopeNamingTheRequirement() {
        assertRefused(guard.check(get("/photos", "Bearer " + token("photos.delete"))), 403, "insufficient_scope",
                "Bearer realm=\"photos\", error=\"insufficient_scope\", error_description=\"the access token needs these scopes: photos.read\", scope=\"photos.read\"",
                "{\"error\":\"insufficient_scope\",\"error_description\":\"the access token needs these scopes: photos.read\",\"scope\":\"photos.read\"}");
        assertRefused(guard.check(get("/photos/7", "Bearer " + token("photos.delete"))), 403, "insufficient_scope",
                "Bearer realm=\"photos\", error=\"insufficient_scope\", error_description=\"the access token needs one of these scopes: photos.manage photos.read\", scope=\"photos.manage photos.read\"",
                "{\"error\":\"insufficient_scope\",\"error_description\":\"the access token needs one of these scopes: photos.manage photos.read\",\"scope\":\"photos.manage photos.read\"}");
    }

    @Test
    void whenCatalogImpliesTheScopeThenAuthorized() {
        BearerRequest delete = new BearerRequest("DELETE", "/photos/7", List.of("Bearer " + token("photos.manage")), false, false);
        assertThat(guard.check(delete)).isInstanceOf(Authorized.class);
        assertThat(guard.check(get("/photos", "Bearer " + token("photos.upload")))).isInstanceOf(Authorized.class);
        Guard exact = Guard.builder(f.verifier(), "photos").routes(ROUTES).build();
        assertThat(exact.check(delete)).isInstanceOf(Refused.class);
    }

    @Test
    void whenRouteNeedsOnlyAuthenticationThenAnyValidTokenPasses() {
        assertThat(guard.check(get("/me", "Bearer " + token("photos.delete")))).isInstanceOf(Authorized.class);
        assertRefused(guard.check(get("/me")), 401, null, "Bearer realm=\"photos\"", "{}");
    }

    @Test
    void whenRouteUndeclaredThen401WithoutTokenAnd403WithOne() {
        assertRefused(guard.check(get("/admin")), 401, null, "Bearer realm=\"photos\"", "{}");
        assertRefused(guard.check(get("/admin", "Bearer " + token("photos.manage"))), 403, "insufficient_scope",
                "Bearer realm=\"photos\", error=\"insufficient_scope\", error_description=\"no access token gives access to this route\"",
                "{\"error\":\"insufficient_scope\",\"error_description\":\"no access token gives access to this route\"}");
        BearerRequest post = new BearerRequest("POST", "/photos", List.of("Bearer " + token("photos.manage")), false, false);
        assertThat(guard.check(post)).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.status()).isEqualTo(403));
    }

    @Test
    void whenOtherRoutesConfiguredAuthenticatedThenUndeclaredRoutesTakeAnyValidToken() {
        Guard lenient = Guard.builder(f.verifier(), "photos").routes(ROUTES).otherRoutes(Access.authenticated()).build();
        assertThat(lenient.check(get("/admin", "Bearer " + token("photos.read")))).isInstanceOf(Authorized.class);
        assertRefused(lenient.check(get("/admin")), 401, null, "Bearer realm=\"photos\"", "{}");
    }

    @Test
    void whenKeysUnavailableThen503WithRetryAfter() {
        f.server.jwksStatus = 500;
        Guard g = Guard.builder(f.verifier(), "photos").routes(ROUTES).retryAfter(Duration.ofSeconds(30)).build();
        Decision d = g.check(get("/photos", "Bearer " + token("photos.read")));
        assertThat(d).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error()).isEqualTo("temporarily_unavailable");
            assertThat(r.headers()).containsExactly(Map.entry("Retry-After", "30"),
                    Map.entry("Cache-Control", "no-store"), Map.entry("Content-Type", "application/json"));
            assertThat(r.body()).isEqualTo("{\"error\":\"temporarily_unavailable\",\"error_description\":\"the access token cannot be verified now\"}");
        });
    }

    @Test
    void whenExactSegmentAndParameterBothMatchThenTheExactRouteWins() {
        assertThat(ROUTES.accessFor("GET", "/photos/new")).contains(Access.scoped(ScopeRequirement.allOf("photos.upload")));
        assertThat(ROUTES.accessFor("GET", "/photos/old")).contains(Access.scoped(ScopeRequirement.anyOf("photos.read", "photos.manage")));
    }

    @Test
    void whenHeadHasNoRouteThenTheGetRouteApplies() {
        assertThat(ROUTES.accessFor("HEAD", "/health")).contains(Access.open());
        assertThat(ROUTES.accessFor("OPTIONS", "/health")).isEmpty();
    }

    @Test
    void whenPathHasPercentEncodingOrTrailingSlashThenItMatchesDecoded() {
        assertThat(ROUTES.accessFor("GET", "/phot%6Fs")).contains(Access.scoped(ScopeRequirement.allOf("photos.read")));
        assertThat(ROUTES.accessFor("GET", "/photos/")).contains(Access.scoped(ScopeRequirement.allOf("photos.read")));
        assertThat(ROUTES.accessFor("GET", "/photos/a%20b")).isPresent();
        assertThat(ROUTES.accessFor("GET", "/Photos")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/photos/../health", "/health/..", "/./health", "/photos//1", "//health", "/health;x=1",
            "/photos/a%2Fb", "/photos/a%5Cb", "/photos/a\\b", "/photos/%zz", "/photos/%c3", "/photos/%2e%2e", "health", "",
            "/photos/1/"  + "/"})
    void whenPathIsAmbiguousThenNoRouteMatches(String path) {
        assertThat(ROUTES.accessFor("GET", path)).isEmpty();
    }

    @Test
    void whenRouteDeclaredTwiceOrMalformedThenRefusedAtBuild() {
        assertThatThrownBy(() -> ProtectedRoutes.builder().route("GET", "/a/{x}", Access.open()).route("GET", "/a/{y}", Access.open()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        for (String bad : List.of("a", "/a/", "/a//b", "/a/{x", "/a/{x}y", "/a/b c", "/a/%41", "/{x}/{x}", "/a/..")) {
            assertThatThrownBy(() -> ProtectedRoutes.builder().route("GET", bad, Access.open())).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ProtectedRoutes.builder().route("get", "/a", Access.open())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenQueryHasAccessTokenInAnySpellingThenFound() {
        assertThat(BearerRequest.hasAccessToken("access_token=x")).isTrue();
        assertThat(BearerRequest.hasAccessToken("a=1&access_token")).isTrue();
        assertThat(BearerRequest.hasAccessToken("access%5Ftoken=x")).isTrue();
        assertThat(BearerRequest.hasAccessToken("a=access_token&access_tokens=1")).isFalse();
        assertThat(BearerRequest.hasAccessToken("%zz=1")).isFalse();
        assertThat(BearerRequest.hasAccessToken(null)).isFalse();
    }
}
