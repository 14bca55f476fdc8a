package dev.scopekeeper.resource;

import dev.scopekeeper.resource.servlet.BearerTokenFilter;

import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.servlet.FilterHolder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.EnumSet;

import static dev.scopekeeper.resource.HttpCalls.get;
import static dev.scopekeeper.resource.HttpCalls.send;
import static dev.scopekeeper.resource.TestKeys.RSA;
import static org.assertj.core.api.Assertions.assertThat;

/** The Servlet filter in a real servlet container (Jetty, as Javalin brings it) under the context path /api. */
class BearerTokenFilterTest {
    private final Fixture f = new Fixture(RSA);
    private final ProtectedRoutes routes = ProtectedRoutes.builder()
            .route("GET", "/photos", ScopeRequirement.allOf("photos.read"))
            .route("POST", "/photos", ScopeRequirement.allOf("photos.upload"))
            .route("GET", "/photos/{id}", ScopeRequirement.anyOf("photos.read", "photos.manage"))
            .route("DELETE", "/photos/{id}", ScopeRequirement.allOf("photos.delete"))
            .route("GET", "/health", Access.open())
            .build();
    private final Guard guard = Guard.builder(f.verifier(), "photos").routes(routes).catalog(GuardTest.CATALOG).build();
    private final Javalin app = Javalin.create(config -> {
        config.showJavalinBanner = false;
        config.router.contextPath = "/api";
        config.jetty.modifyServletContextHandler(handler ->
                handler.addFilter(new FilterHolder(new BearerTokenFilter(guard)), "/*", EnumSet.of(DispatcherType.REQUEST)));
    });
    private final String base;

    BearerTokenFilterTest() {
        app.get("/photos", ctx -> ctx.result("photos of " + BearerTokenFilter.token(ctx.req()).orElseThrow().subject()));
        app.post("/photos", ctx -> ctx.status(201).result("uploaded " + ctx.req().getParameter("title")));
        app.get("/photos/{id}", ctx -> ctx.result("photo " + ctx.pathParam("id")));
        app.delete("/photos/{id}", ctx -> ctx.status(204));
        app.get("/health", ctx -> ctx.result("ok " + BearerTokenFilter.token(ctx.req()).isPresent()));
        app.get("/forgotten", ctx -> ctx.result("should not be reached"));
        app.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port() + "/api";
    }

    @AfterEach
    void close() {
        app.stop();
        f.close();
    }

    private String bearer(String scope) {
        return "Bearer " + f.token(RSA).claim("scope", scope).sign();
    }

    @Test
    void whenTokenHasTheScopeThenTheServletRunsWithTheTokenAttribute() {
        HttpResponse<String> r = get(base + "/photos", "Authorization", bearer("photos.read"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("photos of alice");
        assertThat(send("DELETE", base + "/photos/7", null, "Authorization", bearer("photos.manage")).statusCode()).isEqualTo(204);
    }

    @Test
    void whenRouteIsOpenThenNoTokenNeededAndNoneLookedAt() {
        HttpResponse<String> r = get(base + "/health", "Authorization", "Bearer a b");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok false");
    }

    @Test
    void whenNoTokenThen401WithBareChallengeNoStoreAndJson() {
        HttpResponse<String> r = get(base + "/photos");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"photos\"");
        assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).isEqualTo("{}");
    }

    @Test
    void whenTwoTokensThen400InvalidRequest() {
        String t = bearer("photos.read");
        HttpResponse<String> r = get(base + "/photos", "Authorization", t, "Authorization", t);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"photos\", error=\"invalid_request\", "
                + "error_description=\"the request has more than one Authorization header\"");
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"the request has more than one Authorization header\"}");
    }

    @Test
    void whenTokenAlsoInQueryOrFormBodyThen400InvalidRequest() {
        String t = bearer("photos.upload");
        HttpResponse<String> q = get(base + "/photos?a=1&access%5Ftoken=x", "Authorization", bearer("photos.read"));
        assertThat(q.statusCode()).isEqualTo(400);
        assertThat(q.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"photos\", error=\"invalid_request\", "
                + "error_description=\"send the access token in the Authorization header, not in the query\"");
        HttpResponse<String> b = send("POST", base + "/photos", "title=x&access_token=y", "Authorization", t,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(b.statusCode()).isEqualTo(400);
        assertThat(b.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"send the access token in the Authorization header, not in the body\"}");
        HttpResponse<String> ok = send("POST", base + "/photos", "title=sunset", "Authorization", t,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(ok.body()).isEqualTo("uploaded sunset");
    }

    @Test
    void whenTokenInvalidThen401InvalidToken() {
        String expired = f.token(RSA).claim("exp", Fixture.START.getEpochSecond() - 60).sign();
        HttpResponse<String> r = get(base + "/photos", "Authorization", "Bearer " + expired);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer realm=\"photos\", error=\"invalid_token\", error_description=\""));
        assertThat(r.body()).startsWith("{\"error\":\"invalid_token\",\"error_description\":\"");
    }

    @Test
    void whenScopeMissingThen403NamingTheScope() {
        HttpResponse<String> r = get(base + "/photos", "Authorization", bearer("photos.delete"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"photos\", error=\"insufficient_scope\", "
                + "error_description=\"the access token needs these scopes: photos.read\", scope=\"photos.read\"");
        assertThat(r.body()).isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":"
                + "\"the access token needs these scopes: photos.read\",\"scope\":\"photos.read\"}");
    }

    @Test
    void whenRouteUndeclaredOrPathAmbiguousThenDenied() {
        assertThat(get(base + "/forgotten").statusCode()).isEqualTo(401);
        assertThat(get(base + "/forgotten", "Authorization", bearer("photos.manage")).statusCode()).isEqualTo(403);
        // an encoded dot segment must not reach /health's openness
        assertThat(get(base + "/photos/%2e%2e/health").statusCode()).isIn(400, 401);
    }

    @Test
    void whenKeysUnavailableThen503WithRetryAfter() {
        try (Fixture down = new Fixture(RSA)) {
            down.server.jwksStatus = 500;
            Guard g = Guard.builder(down.verifier(), "photos").routes(routes).build();
            Javalin other = Javalin.create(config -> {
                config.showJavalinBanner = false;
                config.jetty.modifyServletContextHandler(handler ->
                        handler.addFilter(new FilterHolder(new BearerTokenFilter(g)), "/*", EnumSet.of(DispatcherType.REQUEST)));
            }).get("/photos", ctx -> ctx.result("no")).start("127.0.0.1", 0);
            try {
                HttpResponse<String> r = get("http://127.0.0.1:" + other.port() + "/photos", "Authorization",
                        "Bearer " + down.token(RSA).sign());
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).contains("10");
                assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
                assertThat(r.body()).isEqualTo("{\"error\":\"temporarily_unavailable\",\"error_description\":\"the access token cannot be verified now\"}");
            } finally {
                other.stop();
            }
        }
    }
}
