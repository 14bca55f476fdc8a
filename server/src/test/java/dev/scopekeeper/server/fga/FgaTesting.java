package dev.scopekeeper.server.fga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopekeeper.server.testing.TestServer;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A configuration with clients for each FGA scope, a small model, and JSON calls with a bearer token. */
final class FgaTesting {
    static final String ADMIN_SECRET = "fga-admin-secret-0123456789abcdef-0123";
    static final String WRITER_SECRET = "fga-writer-secret-0123456789abcdef-012";
    static final String READER_SECRET = "fga-reader-secret-0123456789abcdef-012";
    static final String PHOTOS_SECRET = "photos-app-secret-0123456789abcdef-012";

    /** fga-admin (models and tuples), fga-writer (tuples), fga-reader (queries), photos-app (another API only). */
    static final String CONFIG = """
            apis:
              - audience: https://photos.example.com
                name: Photos API
                scopes:
                  - {name: photos.read, description: See your photos, default: true}
            clients:
              - id: fga-admin
                name: FGA administrator
                grantTypes: [client_credentials]
                allowedScopes: [fga.model.write, fga.write]
                secret: %s
              - id: fga-writer
                name: FGA tuple writer
                grantTypes: [client_credentials]
                allowedScopes: [fga.write]
                secret: %s
              - id: fga-reader
                name: FGA reader
                grantTypes: [client_credentials]
                allowedScopes: [fga.read, photos.read]
                secret: %s
              - id: photos-app
                name: Photos app
                grantTypes: [client_credentials]
                allowedScopes: [photos.read]
                secret: %s
            """.formatted(ADMIN_SECRET, WRITER_SECRET, READER_SECRET, PHOTOS_SECRET);

    /** Users in groups; folders nest; a document's viewers include its folder's viewers, minus the blocked. */
    static final String MODEL = """
            model
              schema 1.1

            type user

            type group
              relations
                define member: [user, group#member]

            type folder
              relations
                define parent: [folder]
                define owner: [user]
                define viewer: [user, user:*, group#member] or owner or viewer from parent

            type doc
              relations
                define parent: [folder]
                define owner: [user]
                define editor: [user, group#member] or owner
                define blocked: [user]
                define viewer: ([user, user:*, group#member] or editor or viewer from parent) but not blocked
                define auditor: [user] and editor
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FgaTesting() {
    }

    static String adminToken(TestServer server) {
        return server.token("fga-admin", ADMIN_SECRET, "fga.model.write fga.write");
    }

    static String writerToken(TestServer server) {
        return server.token("fga-writer", WRITER_SECRET, "fga.write");
    }

    static String readerToken(TestServer server) {
        return server.token("fga-reader", READER_SECRET, "fga.read");
    }

    static HttpResponse<String> post(TestServer server, String path, String token, String json) {
        return server.post(path, "application/json", json, "Authorization", "Bearer " + token);
    }

    static HttpResponse<String> post(TestServer server, String path, String token, Map<String, ?> body) {
        return post(server, path, token, write(body));
    }

    static HttpResponse<String> get(TestServer server, String path, String token) {
        return server.send("GET", path, "Authorization", "Bearer " + token);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts status, JSON body, and that the answer is not to be cached; returns the body. */
    static Map<String, Object> assertJson(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return TestServer.json(r);
    }

    /** Asserts the exact error JSON. */
    static void assertError(HttpResponse<String> r, int status, String code, String description) {
        assertThat(assertJson(r, status)).isEqualTo(TestServer.error(code, description));
    }

    /** Writes {@link #MODEL} (or another model) and returns its id. */
    static String writeModel(TestServer server, String dsl) {
        Map<String, Object> body = assertJson(post(server, "/fga/models", adminToken(server), Map.of("dsl", dsl)), 201);
        return (String) body.get("model_id");
    }
}
