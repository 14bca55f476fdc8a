package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.error;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input at the RFC 7009 revocation and RFC 7662 introspection endpoints. */
class RevocationIntrospectionErrorsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @ParameterizedTest
    @ValueSource(strings = {"/revoke", "/introspect"})
    void whenTokenMissingThenInvalidRequest(String path) {
        HttpResponse<String> r = server.postBasic(path, "archiver", ARCHIVER_SECRET, "token_type_hint=access_token");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(error("invalid_request", "missing required parameter 'token'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/revoke", "/introspect"})
    void whenTokenSentTwiceThenInvalidRequest(String path) {
        HttpResponse<String> r = server.postBasic(path, "archiver", ARCHIVER_SECRET, "token=a&token=b");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(error("invalid_request", "parameter 'token' is included more than once"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/revoke", "/introspect"})
    void whenNotAuthenticatedThenInvalidClient(String path) {
        HttpResponse<String> r = server.postForm(path, "token=abc");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(json(r)).containsEntry("error", "invalid_client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/revoke", "/introspect"})
    void whenWrongContentTypeThenInvalidRequest(String path) {
        HttpResponse<String> r = server.post(path, "application/json", "{\"token\":\"x\"}",
                "Authorization", TestServer.basic("archiver", ARCHIVER_SECRET));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(error("invalid_request", "content type must be application/x-www-form-urlencoded"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/revoke", "/introspect"})
    void whenGetThen405(String path) {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void whenPublicClientIntrospectsThenInvalidClient() {
        // RFC 7662 §2.1: the introspection endpoint requires authorization.
        HttpResponse<String> r = server.postForm("/introspect", "client_id=spa&token=abc");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r)).isEqualTo(error("invalid_client", "introspection requires client authentication"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."})
    void whenTokenIsNotOursThenIntrospectionSaysInactiveOnly(String token) {
        HttpResponse<String> r = server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + TestServer.enc(token));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(Map.of("active", false));
    }

    @Test
    void whenTokenIsTamperedThenIntrospectionSaysInactive() {
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images");
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("read:images", "delete:images");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        assertThat(json(server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + forged))).isEqualTo(Map.of("active", false));
    }

    @Test
    void whenInvalidTokenRevokedThen200() {
        // RFC 7009 §2.2: invalid tokens do not cause an error response.
        HttpResponse<String> r = server.postBasic("/revoke", "archiver", ARCHIVER_SECRET, "token=garbage&token_type_hint=refresh_token");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void whenTokenTypeHintIsUnknownThenTokenIsStillRevoked() {
        String token = server.token("archiver", ARCHIVER_SECRET, null);
        // RFC 7009 §2.1: a wrong or unknown hint makes the server search further, not fail.
        assertThat(server.postBasic("/revoke", "archiver", ARCHIVER_SECRET, "token=" + token + "&token_type_hint=weird").statusCode()).isEqualTo(200);
        assertThat(json(server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + token))).isEqualTo(Map.of("active", false));
    }
}
