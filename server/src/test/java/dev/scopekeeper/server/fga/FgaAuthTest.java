package dev.scopekeeper.server.fga;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.scopekeeper.server.fga.FgaTesting.PHOTOS_SECRET;
import static dev.scopekeeper.server.fga.FgaTesting.READER_SECRET;
import static dev.scopekeeper.server.fga.FgaTesting.assertError;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The FGA API as a protected resource (RFC 6750): which token each route takes, and each refusal exactly. */
class FgaAuthTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(FgaTesting.CONFIG);

    static final String INVALID = "the access token is invalid, expired or revoked";

    /** Every route, with the scope it needs. */
    record Call(String method, String path, String scope) {
        HttpResponse<String> send(String... headers) {
            return method.equals("GET") ? server.send("GET", path, headers)
                    : server.post(path, "application/json", "{}", headers);
        }

        HttpResponse<String> withToken(String token) {
            return send("Authorization", "Bearer " + token);
        }
    }

    static final List<Call> CALLS = List.of(
            new Call("POST", "/fga/models", "fga.model.write"),
            new Call("GET", "/fga/models", "fga.read"),
            new Call("GET", "/fga/models/latest", "fga.read"),
            new Call("POST", "/fga/tuples", "fga.write"),
            new Call("GET", "/fga/tuples", "fga.read"),
            new Call("POST", "/fga/check", "fga.read"),
            new Call("POST", "/fga/list-objects", "fga.read"),
            new Call("POST", "/fga/list-users", "fga.read"),
            new Call("POST", "/fga/expand", "fga.read"));

    /** RFC 6750 §3: the status, the challenge with error and description (and scope), and the same in the body. */
    static void assertBearerError(HttpResponse<String> r, int status, String code, String description, String scope) {
        assertThat(r.headers().firstValue("WWW-Authenticate")).as(r.body()).hasValue("Bearer realm=\"scopekeeper\", error=\""
                + code + "\", error_description=\"" + description + "\"" + (scope == null ? "" : ", scope=\"" + scope + "\""));
        assertError(r, status, code, description);
    }

    // RFC 6750 §3.1: a request without authentication gets the bare challenge and no error code.
    @Test
    void whenThereIsNoTokenThenEveryRouteAnswersUnauthorizedWithABareChallenge() {
        for (Call call : CALLS) {
            HttpResponse<String> r = call.send();
            assertThat(r.statusCode()).as(call.toString()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(call.toString()).hasValue("Bearer realm=\"scopekeeper\"");
            assertThat(json(r)).as(call.toString()).isEmpty();
        }
    }

    @Test
    void whenTheTokenIsNotOursThenInvalidToken() {
        String token = FgaTesting.readerToken(server);
        String tampered = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        for (Call call : CALLS) {
            assertBearerError(call.withToken("not-a-token"), 401, "invalid_token", INVALID, null);
            assertBearerError(call.withToken(tampered), 401, "invalid_token", INVALID, null);
        }
    }

    // RFC 7009 §2: a revoked token is refused at once.
    @Test
    void whenTheTokenIsRevokedThenInvalidToken() {
        String token = FgaTesting.adminToken(server);
        assertThat(new Call("GET", "/fga/models", "fga.read").withToken(token).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = server.postBasic("/revoke", "fga-admin", FgaTesting.ADMIN_SECRET, "token=" + enc(token));

        assertThat(revoked.statusCode()).isEqualTo(200);
        for (Call call : CALLS) {
            assertBearerError(call.withToken(token), 401, "invalid_token", INVALID, null);
        }
    }

    // RFC 9068 §4: a token for another API is not a token for this one.
    @Test
    void whenTheTokenIsForAnotherApiThenInvalidToken() {
        String photos = server.token("photos-app", PHOTOS_SECRET, "photos.read");
        for (Call call : CALLS) {
            assertBearerError(call.withToken(photos), 401, "invalid_token",
                    "the access token is not for this API (audience " + server.issuer() + "/fga)", null);
        }
    }

    // RFC 6750 §3.1 insufficient_scope: 403 with the scope that would do.
    @Test
    void whenAReadTokenWritesThenInsufficientScopeNamingTheScopeNeeded() {
        String reader = FgaTesting.readerToken(server);
        String writer = FgaTesting.writerToken(server);
        for (Call call : CALLS) {
            if (!call.scope().equals("fga.read")) {
                assertBearerError(call.withToken(reader), 403, "insufficient_scope",
                        "the access token lacks the " + call.scope() + " scope", call.scope());
            }
        }
        assertBearerError(new Call("POST", "/fga/models", "").withToken(writer), 403, "insufficient_scope",
                "the access token lacks the fga.model.write scope", "fga.model.write");
    }

    @Test
    void whenATokenIsForTwoApisIncludingFgaThenItIsAccepted() {
        String both = server.token("fga-reader", READER_SECRET, "fga.read photos.read");

        HttpResponse<String> r = new Call("GET", "/fga/models", "fga.read").withToken(both);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    // RFC 6750 §2 and §3.1: one token, sent one way only.
    @Test
    void whenTheTokenIsAlsoInTheUrlThenInvalidRequest() {
        String token = FgaTesting.readerToken(server);

        HttpResponse<String> r = server.send("GET", "/fga/tuples?access_token=" + enc(token), "Authorization", "Bearer " + token);

        assertBearerError(r, 400, "invalid_request", "use one bearer token: Authorization: Bearer <token>", null);
    }
}
