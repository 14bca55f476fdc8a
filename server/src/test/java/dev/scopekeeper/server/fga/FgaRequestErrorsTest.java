package dev.scopekeeper.server.fga;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.server.fga.FgaTesting.assertError;
import static dev.scopekeeper.server.fga.FgaTesting.assertJson;
import static dev.scopekeeper.server.fga.FgaTesting.get;
import static dev.scopekeeper.server.fga.FgaTesting.post;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests the FGA API refuses before doing anything: strict JSON, content type, size, method. */
class FgaRequestErrorsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(FgaTesting.CONFIG);
    static String writer;
    static String reader;

    @BeforeAll
    static void modelAndTokens() {
        FgaTesting.writeModel(server, FgaTesting.MODEL);
        writer = FgaTesting.writerToken(server);
        reader = FgaTesting.readerToken(server);
    }

    static HttpResponse<String> check(String json) {
        return post(server, "/fga/check", reader, json);
    }

    static void assertInvalid(HttpResponse<String> r, String description) {
        assertError(r, 400, "invalid_request", description);
    }

    static void assertNothingWrittenOn(String object) {
        assertThat(assertJson(get(server, "/fga/tuples?object=" + object, reader), 200).get("tuples")).isEqualTo(List.of());
    }

    @Test
    void whenAFieldIsMissingOrUnknownThenInvalidRequestNamingIt() {
        assertInvalid(check("{\"object\": \"doc:1\", \"relation\": \"viewer\"}"), "missing field 'subject'");
        assertInvalid(check("{\"object\": \"doc:1\", \"relation\": \"viewer\", \"subject\": \"user:a\", \"user\": \"x\"}"),
                "unknown field 'user' (known: contextual_tuples, model_id, object, relation, subject)");
        assertInvalid(post(server, "/fga/list-users", reader, "{\"object\": \"doc:1\", \"relation\": \"viewer\"}"),
                "missing field 'subject_types'");
        assertInvalid(post(server, "/fga/models", FgaTesting.adminToken(server), "{}"), "missing field 'dsl'");
    }

    @Test
    void whenAFieldIsRepeatedThenInvalidRequestAndNothingIsWritten() {
        HttpResponse<String> r = post(server, "/fga/tuples", writer,
                "{\"writes\": [\"doc:dup#viewer@user:a\"], \"writes\": [\"doc:dup#viewer@user:b\"]}");

        assertInvalid(r, "duplicate field 'writes'");
        assertNothingWrittenOn("doc:dup");
    }

    @Test
    void whenAFieldHasTheWrongJsonTypeThenInvalidRequest() {
        assertInvalid(check("{\"object\": 1, \"relation\": \"viewer\", \"subject\": \"user:a\"}"),
                "field 'object' must be a string, not a number");
        assertInvalid(check("{\"object\": \"doc:1\", \"relation\": [\"viewer\"], \"subject\": \"user:a\"}"),
                "field 'relation' must be a string, not an array");
        assertInvalid(check("{\"object\": \"doc:1\", \"relation\": \"viewer\", \"subject\": null}"), "missing field 'subject'");
        assertInvalid(check("{\"object\": \"doc:1\", \"relation\": \"viewer\", \"subject\": \"user:a\", \"contextual_tuples\": \"doc:1#viewer@user:a\"}"),
                "field 'contextual_tuples' must be an array of strings, not a string");
        assertInvalid(post(server, "/fga/list-objects", reader,
                "{\"type\": \"doc\", \"relation\": \"viewer\", \"subject\": \"user:a\", \"page_size\": \"10\"}"),
                "field 'page_size' must be an integer, not a string");
        assertInvalid(post(server, "/fga/list-objects", reader,
                "{\"type\": \"doc\", \"relation\": \"viewer\", \"subject\": \"user:a\", \"page_size\": 1.5}"),
                "field 'page_size' must be an integer, not a number");
        assertInvalid(post(server, "/fga/tuples", writer, "{\"writes\": [\"doc:types#viewer@user:a\", 7]}"),
                "field 'writes' must be an array of strings; item 1 is a number");
        assertInvalid(post(server, "/fga/tuples", writer, "{\"writes\": {\"doc:types#viewer\": \"user:a\"}}"),
                "field 'writes' must be an array of strings, not an object");
        assertNothingWrittenOn("doc:types");
    }

    @Test
    void whenTheBodyIsNotOneJsonObjectThenInvalidRequest() {
        String ok = "{\"object\": \"doc:1\", \"relation\": \"viewer\", \"subject\": \"user:a\"}";
        assertThat(assertJson(check(ok), 200)).containsEntry("allowed", false);
        // The second value starts after the object and one space.
        assertInvalid(check(ok + " {}"), "the body has content after the JSON object at line 1, column " + (ok.length() + 2));
        assertInvalid(check("[]"), "the body must be a JSON object");
        assertInvalid(check(""), "the body must be a JSON object");
        assertInvalid(check("\"doc:1\""), "the body must be a JSON object");
        HttpResponse<String> broken = check("{\"object\": }");
        Map<String, Object> body = assertJson(broken, 400);
        assertThat(body).containsEntry("error", "invalid_request");
        assertThat((String) body.get("error_description")).startsWith("the body is not valid JSON at line 1, column 12: ");
        Map<String, Object> garbage = assertJson(check(ok + " garbage"), 400);
        assertThat((String) garbage.get("error_description")).startsWith("the body is not valid JSON at line 1, column ");
    }

    @Test
    void whenTheWriteIsMalformedJsonThenNothingIsWritten() {
        assertThat(assertJson(post(server, "/fga/tuples", writer, "{\"writes\": [\"doc:broken#viewer@user:a\"]} x"), 400))
                .containsEntry("error", "invalid_request");
        assertThat(assertJson(post(server, "/fga/tuples", writer, "{\"writes\": [\"doc:broken#viewer@user:a\"], \"extra\": 1}"), 400))
                .containsEntry("error", "invalid_request");
        assertNothingWrittenOn("doc:broken");
    }

    @Test
    void whenTheContentTypeIsNotJsonThenInvalidRequest() {
        String body = "{\"object\": \"doc:1\", \"relation\": \"viewer\", \"subject\": \"user:a\"}";
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=ISO-8859-1")) {
            assertInvalid(server.post("/fga/check", type, body, "Authorization", "Bearer " + reader),
                    "content type must be application/json");
        }
        assertInvalid(server.post("/fga/check", null, body, "Authorization", "Bearer " + reader), "content type must be application/json");
        assertThat(server.post("/fga/check", "application/json; charset=utf-8", body, "Authorization", "Bearer " + reader)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void whenAPostHasUrlParametersThenInvalidRequest() {
        HttpResponse<String> r = server.post("/fga/check?object=doc:1", "application/json",
                "{\"object\": \"doc:1\", \"relation\": \"viewer\", \"subject\": \"user:a\"}", "Authorization", "Bearer " + reader);

        assertInvalid(r, "this endpoint takes no URL parameters; send them in the JSON body");
    }

    @Test
    void whenTheBodyIsLargerThan256KibThenPayloadTooLarge() {
        String padding = "x".repeat(FgaHttp.MAX_BODY_BYTES);
        HttpResponse<String> r = post(server, "/fga/models", FgaTesting.adminToken(server), "{\"dsl\": \"" + padding + "\"}");

        assertError(r, 413, "invalid_request", "request body larger than 262144 bytes");
        // Just under the limit is read (and refused for what it says, not for its size).
        String under = "{\"dsl\": \"" + "x".repeat(FgaHttp.MAX_BODY_BYTES - 20) + "\"}";
        assertThat(assertJson(post(server, "/fga/models", FgaTesting.adminToken(server), under), 400)).containsEntry("error", "invalid_dsl");
    }

    // RFC 9110 §15.5.6: 405 with the methods the resource does allow.
    @Test
    void whenTheMethodIsWrongThenMethodNotAllowedWithAllow() {
        for (String path : List.of("/fga/check", "/fga/list-objects", "/fga/list-users", "/fga/expand")) {
            HttpResponse<String> r = get(server, path, reader);
            assertError(r, 405, "invalid_request", "method GET is not allowed here; use POST");
            assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        }
        HttpResponse<String> delete = server.send("DELETE", "/fga/tuples", "Authorization", "Bearer " + writer);
        assertError(delete, 405, "invalid_request", "method DELETE is not allowed here; use GET, HEAD, POST");
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        HttpResponse<String> postModel = post(server, "/fga/models/latest", reader, "{}");
        assertError(postModel, 405, "invalid_request", "method POST is not allowed here; use GET, HEAD");
    }
}
