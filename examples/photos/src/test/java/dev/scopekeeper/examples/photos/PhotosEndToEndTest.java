package dev.scopekeeper.examples.photos;

import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.scopekeeper.server.testing.TestServer.INDEXER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.PHOTOPRINT_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The photos API against a real authorization server: client_credentials and authorization-code
 * tokens, each route with and without its scope, and the ownership rule.
 */
class PhotosEndToEndTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static PhotosApp photos;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startPhotos() {
        photos = PhotosApp.start(server.issuer(), "127.0.0.1", 0,
                "jdbc:h2:mem:photos_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "indexer", INDEXER_SECRET);
    }

    @AfterAll
    static void stopPhotos() {
        photos.close();
    }

    static HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + photos.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An authorization-code token of a user, through login and consent at the real server. */
    static String userToken(String user, String password, String scope) {
        WebUser u = new WebUser(server);
        Pkce pkce = Pkce.generate();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", "photoprint");
        p.put("redirect_uri", "https://photoprint.example/cb");
        p.put("scope", scope);
        p.put("state", "s");
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        HttpResponse<String> afterLogin = u.login(u.authorize(p), user, password);
        HttpResponse<String> done = afterLogin.statusCode() == 200 ? u.consent(afterLogin, "approve", Set.of()) : afterLogin;
        String code = WebUser.redirectParams(done).get("code");
        HttpResponse<String> token = server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET, "grant_type=authorization_code&code="
                + enc(code) + "&redirect_uri=" + enc("https://photoprint.example/cb") + "&code_verifier=" + pkce.verifier());
        return (String) json(token).get("access_token");
    }

    @Test
    void whenAMachineTokenHasEachRoutesScopeThenEachRouteAnswersAndWithoutItThe403NamesTheScope() throws Exception {
        String readOnly = server.token("indexer", INDEXER_SECRET, "photos.read");
        assertThat(call("GET", "/photos", readOnly, null).statusCode()).isEqualTo(200);

        HttpResponse<String> upload = call("POST", "/photos", readOnly, "{\"title\":\"Beach\"}");
        assertThat(upload.statusCode()).isEqualTo(403);
        // RFC 6750 §3.1: insufficient_scope names the scope the route needs.
        assertThat(upload.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"photos.upload\"");

        String manage = server.token("indexer", INDEXER_SECRET, "photos.manage");
        HttpResponse<String> created = call("POST", "/photos", manage, "{\"title\":\"Beach\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        Object id = json(created).get("id");
        assertThat(json(created)).containsEntry("owner", "indexer");
        assertThat(call("GET", "/photos/" + id, readOnly, null).statusCode()).isEqualTo(200);
        HttpResponse<String> deleteWithoutScope = call("DELETE", "/photos/" + id, readOnly, null);
        assertThat(deleteWithoutScope.statusCode()).isEqualTo(403);
        assertThat(deleteWithoutScope.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"photos.delete\"");
        assertThat(call("DELETE", "/photos/" + id, manage, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/photos/" + id, readOnly, null).statusCode()).isEqualTo(404);
    }

    @Test
    void whenAUserDeletesAnotherUsersPhotoThen403YouCanOnlyDeletePhotosThatYouOwn() throws Exception {
        String alice = userToken("alice", "alice-test-password", "photos.manage");
        String bob = userToken("bob", "bob-test-password", "photos.manage");
        HttpResponse<String> created = call("POST", "/photos", alice, "{\"title\":\"Alice's cat\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created)).containsEntry("owner", "alice");
        Object id = json(created).get("id");

        HttpResponse<String> bobDeletes = call("DELETE", "/photos/" + id, bob, null);
        assertThat(bobDeletes.statusCode()).isEqualTo(403);
        assertThat(json(bobDeletes)).isEqualTo(Map.of("error", "forbidden",
                "error_description", "You can only delete photos that you own"));
        assertThat(call("GET", "/photos/" + id, bob, null).statusCode()).isEqualTo(200);

        assertThat(call("DELETE", "/photos/" + id, alice, null).statusCode()).isEqualTo(204);
    }

    @Test
    void whenAUserTokenLacksTheUploadScopeThenUploadIsRefused() throws Exception {
        String readOnly = userToken("carol", "carol-test-password", "photos.read");
        assertThat(call("GET", "/photos", readOnly, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/photos", readOnly, "{\"title\":\"x\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void whenTheTokenIsMissingInvalidOrForAnotherApiThenRfc6750Errors() throws Exception {
        HttpResponse<String> none = call("GET", "/photos", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("Bearer realm=\"photos\"");

        HttpResponse<String> garbage = call("GET", "/photos", "not-a-jwt", null);
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(garbage.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");

        // A token for the imaging API is not for this audience (RFC 9068 §4).
        String imaging = server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
        assertThat(call("GET", "/photos", imaging, null).statusCode()).isEqualTo(401);

        HttpResponse<String> inUrl = call("GET", "/photos?access_token=x", null, null);
        assertThat(inUrl.statusCode()).isEqualTo(400);
        assertThat(inUrl.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    @Test
    void whenTheUploadBodyIsBadThenInvalidRequestAndNothingIsStored() throws Exception {
        String manage = server.token("indexer", INDEXER_SECRET, "photos.manage");
        int before = ((java.util.List<?>) new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(call("GET", "/photos", manage, null).body(), java.util.List.class)).size();
        for (String body : new String[] {"", "{}", "{\"title\":\"\"}", "{\"title\":5}", "[1]", "{\"title\":\"" + "x".repeat(201) + "\"}"}) {
            assertThat(call("POST", "/photos", manage, body).statusCode()).as(body).isEqualTo(400);
        }
        int after = ((java.util.List<?>) new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(call("GET", "/photos", manage, null).body(), java.util.List.class)).size();
        assertThat(after).isEqualTo(before);
        assertThat(call("GET", "/photos/abc", manage, null).statusCode()).isEqualTo(404);
    }

    @Test
    void whenATokenIsRevokedAtTheServerThenThePhotosApiRefusesItWithinASecond() throws Exception {
        assertThat(photos.feedHealth().status()).isEqualTo(dev.scopekeeper.resource.RevocationFeed.Status.UP);
        String token = server.token("indexer", INDEXER_SECRET, "photos.read");
        assertThat(call("GET", "/photos", token, null).statusCode()).isEqualTo(200);

        assertThat(server.postBasic("/revoke", "indexer", INDEXER_SECRET, "token=" + enc(token)).statusCode()).isEqualTo(200);
        long revoked = System.nanoTime();
        int status = 200;
        // Bounded: ask until refused or 2 s have passed, then assert the bound the issue sets (1 s).
        while (status == 200 && System.nanoTime() - revoked < 2_000_000_000L) {
            status = call("GET", "/photos", token, null).statusCode();
        }
        long millis = (System.nanoTime() - revoked) / 1_000_000;
        assertThat(status).isEqualTo(401);
        assertThat(millis).isLessThan(1000);
    }

    @Test
    void whenTheManifestIsReadThenEveryRouteWithItsScopeIsListed() throws Exception {
        HttpResponse<String> r = call("GET", "/routes", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"issuer\":\"" + server.issuer() + "\",\"audience\":\"https://photos.example.com\",\"routes\":["
                + "{\"method\":\"GET\",\"path\":\"/photos\",\"scopes\":[\"photos.read\"],\"match\":\"all\"},"
                + "{\"method\":\"POST\",\"path\":\"/photos\",\"scopes\":[\"photos.upload\"],\"match\":\"all\"},"
                + "{\"method\":\"DELETE\",\"path\":\"/photos/{id}\",\"scopes\":[\"photos.delete\"],\"match\":\"all\"},"
                + "{\"method\":\"GET\",\"path\":\"/photos/{id}\",\"scopes\":[\"photos.read\"],\"match\":\"all\"},"
                + "{\"method\":\"GET\",\"path\":\"/routes\",\"scopes\":[],\"match\":\"public\"}]}");
    }

    @Test
    void whenEachRouteIsCalledWithATokenLackingItsScopeThen403NamingThatScope() throws Exception {
        String manage = server.token("indexer", INDEXER_SECRET, "photos.manage");
        Object id = json(call("POST", "/photos", manage, "{\"title\":\"Scoped\"}")).get("id");
        String uploadOnly = server.token("indexer", INDEXER_SECRET, "photos.upload");
        String readOnly = server.token("indexer", INDEXER_SECRET, "photos.read");
        Map<String, String[]> routes = new LinkedHashMap<>();
        routes.put("GET /photos", new String[] {uploadOnly, "photos.read"});
        routes.put("GET /photos/" + id, new String[] {uploadOnly, "photos.read"});
        routes.put("POST /photos", new String[] {readOnly, "photos.upload"});
        routes.put("DELETE /photos/" + id, new String[] {readOnly, "photos.delete"});
        for (Map.Entry<String, String[]> route : routes.entrySet()) {
            String[] methodPath = route.getKey().split(" ");
            HttpResponse<String> r = call(methodPath[0], methodPath[1], route.getValue()[0],
                    methodPath[0].equals("POST") ? "{\"title\":\"x\"}" : null);
            assertThat(r.statusCode()).as(route.getKey()).isEqualTo(403);
            // RFC 6750 §3.1: insufficient_scope, and the scope attribute names what the route needs.
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).as(route.getKey())
                    .contains("error=\"insufficient_scope\"").contains("scope=\"" + route.getValue()[1] + "\"");
        }
        assertThat(call("GET", "/photos/" + id, readOnly, null).statusCode()).isEqualTo(200);
    }
}
