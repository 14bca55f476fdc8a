package dev.scopekeeper.resource;

import dev.scopekeeper.resource.javalin.RequiredScope;
import dev.scopekeeper.resource.javalin.ScopekeeperAuth;

import io.javalin.Javalin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.scopekeeper.resource.HttpCalls.get;
import static dev.scopekeeper.resource.HttpCalls.send;
import static dev.scopekeeper.resource.TestKeys.RSA;
import static org.assertj.core.api.Assertions.assertThat;

/** The Javalin plugin in a real Javalin app on 127.0.0.1, called over HTTP. */
class ScopekeeperAuthTest {
    private final Fixture f = new Fixture(RSA);
    private final ScopekeeperAuth auth = new ScopekeeperAuth(Guard.builder(f.verifier(), "photos").catalog(GuardTest.CATALOG).build());
    private final Javalin app = Javalin.create(config -> {
        config.showJavalinBanner = false;
        config.registerPlugin(auth);
    });
    private final String base;

    ScopekeeperAuthTest() {
        app.get("/photos", ctx -> ctx.result("photos of " + ScopekeeperAuth.token(ctx).orElseThrow().subject()),
                RequiredScope.allOf("photos.read"));
        app.get("/photos/{id}", ctx -> ctx.result("photo " + ctx.pathParam("id")), RequiredScope.anyOf("photos.read", "photos.manage"));
        app.delete("/photos/{id}", ctx -> ctx.status(204), RequiredScope.allOf("photos.delete"));
        app.post("/photos", ctx -> ctx.status(201), RequiredScope.allOf("photos.upload"));
        app.get("/me", ctx -> ctx.result(ScopekeeperAuth.token(ctx).orElseThrow().clientId()), RequiredScope.AUTHENTICATED);
        app.get("/health", ctx -> ctx.result("ok " + ScopekeeperAuth.token(ctx).isPresent()), RequiredScope.PUBLIC);
        app.get("/forgotten", ctx -> ctx.result("should not be reached"));
        // Only alice may delete item 1; the route itself needs just a valid token, the handler asks scope and relation.
        Authorizer owners = Authorizer.builder((object, relation, subject) -> object.equals("item:1") && subject.equals("user:alice"),
                "photos").catalog(GuardTest.CATALOG).build();
        app.delete("/items/{id}", ctx -> {
            if (!ScopekeeperAuth.authorize(ctx, owners, "photos.delete", "can_delete", "item:" + ctx.pathParam("id"))) {
                return;
            }
            ctx.status(204);
        }, RequiredScope.AUTHENTICATED);
        app.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
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
    void whenTokenHasTheScopeThenTheHandlerRunsWithTheToken() {
        HttpResponse<String> r = get(base + "/photos", "Authorization", bearer("photos.read"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("photos of alice");
        assertThat(get(base + "/me", "Authorization", bearer("photos.delete")).body()).isEqualTo("photo-app");
    }

    @Test
    void whenAHandlerAuthorizesThenScopeThenRelationshipDecideAndRefusalsAreWritten() {
        assertThat(send("DELETE", base + "/items/1", null, "Authorization", bearer("photos.manage")).statusCode()).isEqualTo(204);

        HttpResponse<String> other = send("DELETE", base + "/items/2", null, "Authorization", bearer("photos.delete"));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(other.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(other.body()).isEqualTo("{\"error\":\"access_denied\",\"error_description\":\"the user has no can_delete relationship with this item\"}");

        HttpResponse<String> noScope = send("DELETE", base + "/items/1", null, "Authorization", bearer("photos.read"));
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(noScope.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"photos.delete\"");
    }

    @Test
    void whenCatalogImpliesTheScopeThenAllowed() {
        assertThat(send("DELETE", base + "/photos/7", null, "Authorization", bearer("photos.manage")).statusCode()).isEqualTo(204);
    }

    @Test
    void whenRouteIsPublicThenNoTokenNeeded() {
        HttpResponse<String> r = get(base + "/health", "Authorization", "Bearer a b");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok false");
    }

    @Test
    void whenNoTokenThen401WithBareChallenge() {
        HttpResponse<String> r = get(base + "/photos");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"photos\"");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).isEqualTo("{}");
    }

    @Test
    void whenTwoAuthorizationHeadersThen400InvalidRequest() {
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
        HttpResponse<String> q = get(base + "/photos?access_token=x", "Authorization", t);
        assertThat(q.statusCode()).isEqualTo(400);
        assertThat(q.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"send the access token in the Authorization header, not in the query\"}");
        HttpResponse<String> b = send("POST", base + "/photos", "title=x&access_token=y", "Authorization", t,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(b.statusCode()).isEqualTo(400);
        assertThat(b.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"send the access token in the Authorization header, not in the body\"}");
        assertThat(send("POST", base + "/photos", "title=x", "Authorization", t,
                "Content-Type", "application/x-www-form-urlencoded").statusCode()).isEqualTo(201);
    }

    @Test
    void whenTokenInvalidThen401InvalidToken() {
        HttpResponse<String> r = get(base + "/photos", "Authorization", "Bearer not.a.jwt");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer realm=\"photos\", error=\"invalid_token\", error_description=\""));
        assertThat(r.body()).startsWith("{\"error\":\"invalid_token\"");
    }

    @Test
    void whenScopeMissingThen403NamingTheScope() {
        HttpResponse<String> r = get(base + "/photos/7", "Authorization", bearer("photos.delete"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"photos\", error=\"insufficient_scope\", "
                + "error_description=\"the access token needs one of these scopes: photos.manage photos.read\", scope=\"photos.manage photos.read\"");
        assertThat(r.body()).isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":"
                + "\"the access token needs one of these scopes: photos.manage photos.read\",\"scope\":\"photos.manage photos.read\"}");
    }

    @Test
    void whenRouteHasNoRequiredScopeThenDenied() {
        assertThat(get(base + "/forgotten").statusCode()).isEqualTo(401);
        HttpResponse<String> r = get(base + "/forgotten", "Authorization", bearer("photos.manage"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("reached");
    }

    @Test
    void whenNoRouteMatchesThenJavalinAnswers404() {
        assertThat(get(base + "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void whenRoutesRegisteredThenManifestListsThemWithTheirScopes() {
        assertThat(auth.manifest().toJson()).isEqualTo("{\"issuer\":\"" + f.server.issuer() + "\",\"audience\":\"https://photos.example.com\",\"routes\":["
                + "{\"method\":\"GET\",\"path\":\"/forgotten\",\"scopes\":[],\"match\":\"deny\"},"
                + "{\"method\":\"GET\",\"path\":\"/health\",\"scopes\":[],\"match\":\"public\"},"
                + "{\"method\":\"DELETE\",\"path\":\"/items/{id}\",\"scopes\":[],\"match\":\"authenticated\"},"
                + "{\"method\":\"GET\",\"path\":\"/me\",\"scopes\":[],\"match\":\"authenticated\"},"
                + "{\"method\":\"GET\",\"path\":\"/photos\",\"scopes\":[\"photos.read\"],\"match\":\"all\"},"
                + "{\"method\":\"POST\",\"path\":\"/photos\",\"scopes\":[\"photos.upload\"],\"match\":\"all\"},"
                + "{\"method\":\"DELETE\",\"path\":\"/photos/{id}\",\"scopes\":[\"photos.delete\"],\"match\":\"all\"},"
                + "{\"method\":\"GET\",\"path\":\"/photos/{id}\",\"scopes\":[\"photos.manage\",\"photos.read\"],\"match\":\"any\"}]}");
    }
}
