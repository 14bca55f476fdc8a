package dev.scopekeeper.examples.photos;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopekeeper.resource.FgaClient;
import dev.scopekeeper.resource.RevocationFeed;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.INDEXER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.PHOTOPRINT_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The photos API against a real authorization server and its relationship engine: scopes decide what an app may do,
 * the engine which photos its user may see or delete; albums, sharing with users and groups, unsharing at once.
 */
class PhotosEndToEndTest {
    static final String PHOTOS_API_SECRET = "photos-api-secret-0123456789abcdef-0123";
    static final String DIRECTORY_SECRET = "directory-secret-0123456789abcdef-01234";
    /** The photos API and its scopes, the photos API's own client, a directory service for groups, users. */
    static final String CONFIG = """
            apis:
              - audience: https://photos.example.com
                name: Photos API
                scopes:
                  - {name: photos.read, description: See your photos, default: true}
                  - {name: photos.upload, description: Upload photos}
                  - {name: photos.delete, description: Delete your photos}
                  - {name: photos.share, description: Share your albums}
                  - {name: photos.manage, description: All of the above, implies: [photos.read, photos.upload, photos.delete, photos.share]}
              - audience: https://imaging.example.com
                name: Imaging archive
                scopes:
                  - {name: "read:images", description: Read imaging studies}
            clients:
              - id: archiver
                name: Imaging archiver
                grantTypes: [client_credentials]
                allowedScopes: ["read:images"]
                secret: %s
              - id: indexer
                name: Photo indexer
                grantTypes: [client_credentials]
                allowedScopes: [photos.manage]
                secret: %s
              - id: photos-api
                name: Photos API (service)
                grantTypes: [client_credentials]
                allowedScopes: [fga.write, fga.model.write]
                secret: %s
              - id: directory
                name: Directory (groups)
                grantTypes: [client_credentials]
                allowedScopes: [fga.write]
                secret: %s
              - id: photoprint
                name: PhotoPrint
                grantTypes: [authorization_code]
                allowedScopes: [photos.read, photos.upload, photos.delete, photos.share, photos.manage]
                redirectUris: ["https://photoprint.example/cb"]
                secret: %s
            users:
              - {username: alice, password: alice-test-password, roles: []}
              - {username: bob, password: bob-test-password, roles: []}
              - {username: carol, password: carol-test-password, roles: []}
              - {username: dave, password: dave-test-password, roles: []}
            """.formatted(ARCHIVER_SECRET, INDEXER_SECRET, PHOTOS_API_SECRET, DIRECTORY_SECRET, PHOTOPRINT_SECRET);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(CONFIG);
    static PhotosApp photos;
    static FgaClient directory;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startPhotos() {
        photos = PhotosApp.start(server.issuer(), "127.0.0.1", 0,
                "jdbc:h2:mem:photos_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "photos-api", PHOTOS_API_SECRET);
        directory = FgaClient.forIssuer(server.issuer()).clientCredentials("directory", DIRECTORY_SECRET).scope("fga.write").build();
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
    static String userToken(String user, String scope) {
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
        HttpResponse<String> afterLogin = u.login(u.authorize(p), user, user + "-test-password");
        HttpResponse<String> done = afterLogin.statusCode() == 200 ? u.consent(afterLogin, "approve", Set.of()) : afterLogin;
        String code = WebUser.redirectParams(done).get("code");
        HttpResponse<String> token = server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET, "grant_type=authorization_code&code="
                + enc(code) + "&redirect_uri=" + enc("https://photoprint.example/cb") + "&code_verifier=" + pkce.verifier());
        return (String) json(token).get("access_token");
    }

    /** Creates an album and uploads one photo into it; returns {album id, photo id}. */
    static String[] albumWithPhoto(String token, String title) throws Exception {
        HttpResponse<String> album = call("POST", "/albums", token, "{\"name\":\"" + title + " album\"}");
        assertThat(album.statusCode()).as(album.body()).isEqualTo(201);
        String albumId = (String) json(album).get("id");
        HttpResponse<String> photo = call("POST", "/photos", token, "{\"title\":\"" + title + "\",\"album\":\"" + albumId + "\"}");
        assertThat(photo.statusCode()).as(photo.body()).isEqualTo(201);
        return new String[] {albumId, (String) json(photo).get("id")};
    }

    static List<String> ids(String path, String token) throws Exception {
        HttpResponse<String> r = call("GET", path, token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Map<String, Object>> items = JSON.readValue(r.body(), new TypeReference<>() { });
        return items.stream().map(m -> (String) m.get("id")).toList();
    }

    static Map<String, Object> denied(String relation, String type) {
        return Map.of("error", "access_denied", "error_description", "the user has no " + relation + " relationship with this " + type);
    }

    @Test
    void whenAliceSharesHerAlbumWithBobThenBobSeesItsPhotosButCannotDeleteThemAndUnsharingTakesEffectAtOnce() throws Exception {
        String alice = userToken("alice", "photos.manage");
        String bob = userToken("bob", "photos.manage");
        String[] created = albumWithPhoto(alice, "Alice's cat");
        String album = created[0];
        String photo = created[1];
        assertThat(json(call("GET", "/photos/" + photo, alice, null))).containsEntry("owner", "user:alice").containsEntry("album", album);

        // Not shared: the relationship says no (scopes are fine).
        HttpResponse<String> bobGets = call("GET", "/photos/" + photo, bob, null);
        assertThat(bobGets.statusCode()).isEqualTo(403);
        assertThat(json(bobGets)).isEqualTo(denied("viewer", "photo"));
        assertThat(bobGets.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(ids("/photos", bob)).doesNotContain(photo);
        assertThat(ids("/albums", bob)).doesNotContain(album);
        HttpResponse<String> bobDeletes = call("DELETE", "/photos/" + photo, bob, null);
        assertThat(bobDeletes.statusCode()).isEqualTo(403);
        assertThat(json(bobDeletes)).isEqualTo(denied("can_delete", "photo"));
        // Nor may he add to her album or share it.
        assertThat(json(call("POST", "/photos", bob, "{\"title\":\"Mine\",\"album\":\"" + album + "\"}"))).isEqualTo(denied("owner", "album"));
        assertThat(json(call("POST", "/albums/" + album + "/shares", bob, "{\"subject\":\"user:bob\"}"))).isEqualTo(denied("owner", "album"));

        HttpResponse<String> shared = call("POST", "/albums/" + album + "/shares", alice, "{\"subject\":\"user:bob\"}");
        assertThat(shared.statusCode()).isEqualTo(201);
        assertThat(json(shared)).isEqualTo(Map.of("album", album, "subject", "user:bob"));
        assertThat(call("POST", "/albums/" + album + "/shares", alice, "{\"subject\":\"user:bob\"}").statusCode()).isEqualTo(200);

        assertThat(call("GET", "/photos/" + photo, bob, null).statusCode()).isEqualTo(200);
        assertThat(ids("/photos", bob)).contains(photo);
        assertThat(ids("/albums", bob)).contains(album);
        // A viewer of the album is not the photo's owner.
        assertThat(json(call("DELETE", "/photos/" + photo, bob, null))).isEqualTo(denied("can_delete", "photo"));

        assertThat(call("DELETE", "/albums/" + album + "/shares/user:bob", alice, null).statusCode()).isEqualTo(204);
        // Read-your-writes: the very next request no longer sees it.
        assertThat(call("GET", "/photos/" + photo, bob, null).statusCode()).isEqualTo(403);
        assertThat(ids("/photos", bob)).doesNotContain(photo);
        assertThat(call("DELETE", "/albums/" + album + "/shares/user:bob", alice, null).statusCode()).isEqualTo(404);

        assertThat(call("DELETE", "/photos/" + photo, alice, null).statusCode()).isEqualTo(204);
        assertThat(ids("/photos", alice)).doesNotContain(photo);
        assertThat(directory.readTuples("photo:" + photo, null, null)).isEmpty();
    }

    @Test
    void whenAnAlbumIsSharedWithAGroupThenItsMembersSeeItsPhotosAndLeavingTheGroupEndsThat() throws Exception {
        directory.writeTuples(List.of("group:friends#member@user:carol", "group:family#member@group:friends#member"), List.of());
        String alice = userToken("alice", "photos.manage");
        String carol = userToken("carol", "photos.read");
        String dave = userToken("dave", "photos.read");
        String[] created = albumWithPhoto(alice, "Picnic");

        HttpResponse<String> shared = call("POST", "/albums/" + created[0] + "/shares", alice, "{\"subject\":\"group:family#member\"}");
        assertThat(shared.statusCode()).isEqualTo(201);

        // carol is in friends, and friends' members are family's members
        assertThat(call("GET", "/photos/" + created[1], carol, null).statusCode()).isEqualTo(200);
        assertThat(ids("/photos", carol)).contains(created[1]);
        assertThat(call("GET", "/photos/" + created[1], dave, null).statusCode()).isEqualTo(403);
        assertThat(ids("/photos", dave)).doesNotContain(created[1]);

        directory.writeTuples(List.of(), List.of("group:friends#member@user:carol"));
        assertThat(call("GET", "/photos/" + created[1], carol, null).statusCode()).isEqualTo(403);

        // '#' is percent-encoded in the path
        assertThat(call("DELETE", "/albums/" + created[0] + "/shares/group:family%23member", alice, null).statusCode()).isEqualTo(204);
    }

    @Test
    void whenAnAlbumIsSharedWithEveryoneThenAnyUserSeesIt() throws Exception {
        String alice = userToken("alice", "photos.manage");
        String dave = userToken("dave", "photos.read");
        String[] created = albumWithPhoto(alice, "Sunset");
        assertThat(call("POST", "/albums/" + created[0] + "/shares", alice, "{\"subject\":\"user:*\"}").statusCode()).isEqualTo(201);
        assertThat(call("GET", "/photos/" + created[1], dave, null).statusCode()).isEqualTo(200);
    }

    @Test
    void whenATokenLacksPhotosDeleteThen403InsufficientScopeBeforeAnyRelationship() throws Exception {
        String owner = userToken("alice", "photos.read photos.upload");
        String[] created = albumWithPhoto(owner, "Kept");

        HttpResponse<String> r = call("DELETE", "/photos/" + created[1], owner, null);

        assertThat(r.statusCode()).isEqualTo(403);
        // RFC 6750 §3.1: insufficient_scope names the scope the route needs, even to the owner.
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer realm=\"photos\", error=\"insufficient_scope\", error_description=\"the access token needs these"
                        + " scopes: photos.delete\", scope=\"photos.delete\"");
        assertThat(call("GET", "/photos/" + created[1], owner, null).statusCode()).isEqualTo(200);
        // Uploading is not sharing: without photos.share the owner cannot share either.
        assertThat(call("POST", "/albums/" + created[0] + "/shares", owner, "{\"subject\":\"user:bob\"}").headers()
                .firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"photos.share\"");
    }

    @Test
    void whenAMachineUploadsThenTheClientOwnsThePhotoAndOnlyItDeletes() throws Exception {
        String indexer = server.token("indexer", INDEXER_SECRET, "photos.manage");
        String[] created = albumWithPhoto(indexer, "Scan");
        assertThat(json(call("GET", "/photos/" + created[1], indexer, null))).containsEntry("owner", "client:indexer");
        String alice = userToken("alice", "photos.manage");
        assertThat(call("DELETE", "/photos/" + created[1], alice, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/photos/" + created[1], indexer, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/photos/" + created[1], indexer, null).statusCode()).isEqualTo(403);
    }

    @Test
    void whenTheBodyOrTheAlbumIsBadThenNothingIsStored() throws Exception {
        String manage = server.token("indexer", INDEXER_SECRET, "photos.manage");
        String album = albumWithPhoto(manage, "Base")[0];
        List<String> before = ids("/photos", manage);
        for (String body : new String[] {"", "{}", "{\"title\":\"\",\"album\":\"" + album + "\"}", "{\"title\":5,\"album\":\"" + album + "\"}",
                "[1]", "{\"title\":\"" + "x".repeat(201) + "\",\"album\":\"" + album + "\"}", "{\"title\":\"x\"}",
                "{\"title\":\"x\",\"album\":\"../x\"}"}) {
            assertThat(call("POST", "/photos", manage, body).statusCode()).as(body).isEqualTo(400);
        }
        for (String body : new String[] {"", "{}", "{\"name\":\"\"}", "{\"name\":[]}"}) {
            assertThat(call("POST", "/albums", manage, body).statusCode()).as(body).isEqualTo(400);
        }
        for (String subject : new String[] {"bob", "user:", "group:eng", "group:eng#owner", "user:a b", "doc:1", "user:a@b"}) {
            HttpResponse<String> r = call("POST", "/albums/" + album + "/shares", manage, "{\"subject\":\"" + subject + "\"}");
            assertThat(r.statusCode()).as(subject).isEqualTo(400);
            assertThat(json(r)).containsEntry("error", "invalid_request");
        }
        // An album that does not exist has no owner in the engine: refused before anything is written.
        assertThat(call("POST", "/photos", manage, "{\"title\":\"x\",\"album\":\"0000000000000000\"}").statusCode()).isEqualTo(403);
        assertThat(ids("/photos", manage)).isEqualTo(before);
        assertThat(call("GET", "/photos/abc", manage, null).statusCode()).isEqualTo(404);
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
        String imaging = server.token("archiver", ARCHIVER_SECRET, "read:images");
        assertThat(call("GET", "/photos", imaging, null).statusCode()).isEqualTo(401);

        HttpResponse<String> inUrl = call("GET", "/photos?access_token=x", null, null);
        assertThat(inUrl.statusCode()).isEqualTo(400);
        assertThat(inUrl.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    @Test
    void whenATokenIsRevokedAtTheServerThenThePhotosApiRefusesItWithinASecond() throws Exception {
        assertThat(photos.feedHealth().status()).isEqualTo(RevocationFeed.Status.UP);
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
    void whenTheApiStartsAgainWithTheSameModelThenNoNewModelIsWritten() {
        FgaClient client = FgaClient.forIssuer(server.issuer()).clientCredentials("photos-api", PHOTOS_API_SECRET)
                .scope(PhotosApp.FGA_SCOPE).build();
        assertThat(client.latestModel().orElseThrow().modelId()).isEqualTo(photos.modelId());
        assertThat(PhotosModel.ensure(client)).isEqualTo(photos.modelId());
        assertThat(client.latestModel().orElseThrow().modelId()).isEqualTo(photos.modelId());
    }

    @Test
    void whenTheManifestIsReadThenEveryRouteWithItsScopeIsListed() throws Exception {
        HttpResponse<String> r = call("GET", "/routes", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"issuer\":\"" + server.issuer() + "\",\"audience\":\"https://photos.example.com\",\"routes\":["
                + "{\"method\":\"GET\",\"path\":\"/albums\",\"scopes\":[\"photos.read\"],\"match\":\"all\"},"
                + "{\"method\":\"POST\",\"path\":\"/albums\",\"scopes\":[\"photos.upload\"],\"match\":\"all\"},"
                + "{\"method\":\"POST\",\"path\":\"/albums/{id}/shares\",\"scopes\":[\"photos.share\"],\"match\":\"all\"},"
                + "{\"method\":\"DELETE\",\"path\":\"/albums/{id}/shares/{subject}\",\"scopes\":[\"photos.share\"],\"match\":\"all\"},"
                + "{\"method\":\"GET\",\"path\":\"/photos\",\"scopes\":[\"photos.read\"],\"match\":\"all\"},"
                + "{\"method\":\"POST\",\"path\":\"/photos\",\"scopes\":[\"photos.upload\"],\"match\":\"all\"},"
                + "{\"method\":\"DELETE\",\"path\":\"/photos/{id}\",\"scopes\":[\"photos.delete\"],\"match\":\"all\"},"
                + "{\"method\":\"GET\",\"path\":\"/photos/{id}\",\"scopes\":[\"photos.read\"],\"match\":\"all\"},"
                + "{\"method\":\"GET\",\"path\":\"/routes\",\"scopes\":[],\"match\":\"public\"}]}");
    }

    @Test
    void whenEachRouteIsCalledWithATokenLackingItsScopeThen403NamingThatScope() throws Exception {
        String manage = server.token("indexer", INDEXER_SECRET, "photos.manage");
        String[] created = albumWithPhoto(manage, "Scoped");
        String uploadOnly = server.token("indexer", INDEXER_SECRET, "photos.upload");
        String readOnly = server.token("indexer", INDEXER_SECRET, "photos.read");
        Map<String, String[]> routes = new LinkedHashMap<>();
        routes.put("GET /photos", new String[] {uploadOnly, "photos.read"});
        routes.put("GET /photos/" + created[1], new String[] {uploadOnly, "photos.read"});
        routes.put("POST /photos", new String[] {readOnly, "photos.upload"});
        routes.put("DELETE /photos/" + created[1], new String[] {readOnly, "photos.delete"});
        routes.put("GET /albums", new String[] {uploadOnly, "photos.read"});
        routes.put("POST /albums", new String[] {readOnly, "photos.upload"});
        routes.put("POST /albums/" + created[0] + "/shares", new String[] {uploadOnly, "photos.share"});
        routes.put("DELETE /albums/" + created[0] + "/shares/user:bob", new String[] {uploadOnly, "photos.share"});
        for (Map.Entry<String, String[]> route : routes.entrySet()) {
            String[] methodPath = route.getKey().split(" ");
            HttpResponse<String> r = call(methodPath[0], methodPath[1], route.getValue()[0],
                    methodPath[0].equals("POST") ? "{\"title\":\"x\",\"name\":\"x\",\"album\":\"" + created[0] + "\",\"subject\":\"user:bob\"}" : null);
            assertThat(r.statusCode()).as(route.getKey()).isEqualTo(403);
            // RFC 6750 §3.1: insufficient_scope, and the scope attribute names what the route needs.
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).as(route.getKey())
                    .contains("error=\"insufficient_scope\"").contains("scope=\"" + route.getValue()[1] + "\"");
        }
        assertThat(call("GET", "/photos/" + created[1], readOnly, null).statusCode()).isEqualTo(200);
    }
}
