package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.error;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** client_secret_basic, client_secret_post and their failures (RFC 6749 §2.3, §5.2). */
class ClientAuthenticationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static HttpResponse<String> withAuthorization(String header, String body) {
        return server.postForm("/token", body, "Authorization", header);
    }

    static void assertInvalidClient(HttpResponse<String> r, String description) {
        // RFC 6749 §5.2: invalid_client is 401 with a WWW-Authenticate challenge.
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"scopekeeper\", charset=\"UTF-8\"");
        assertThat(json(r)).isEqualTo(error("invalid_client", description));
    }

    @Test
    void whenClientSecretBasicThenToken() {
        assertThat(server.postBasic("/token", "archiver", ARCHIVER_SECRET, "grant_type=client_credentials").statusCode()).isEqualTo(200);
    }

    @Test
    void whenClientSecretPostThenToken() {
        HttpResponse<String> r = server.postForm("/token",
                "grant_type=client_credentials&client_id=archiver&client_secret=" + TestServer.enc(ARCHIVER_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void whenBasicSchemeIsLowerCaseThenAccepted() {
        String header = TestServer.basic("archiver", ARCHIVER_SECRET).replace("Basic", "basic");
        assertThat(withAuthorization(header, "grant_type=client_credentials").statusCode()).isEqualTo(200);
    }

    @Test
    void whenSecretIsWrongThenInvalidClient() {
        assertInvalidClient(server.postBasic("/token", "archiver", ARCHIVER_SECRET + "x", "grant_type=client_credentials"),
                "client authentication failed");
    }

    @Test
    void whenClientIsUnknownThenTheSameAnswerAsAWrongSecret() {
        assertInvalidClient(server.postBasic("/token", "nobody", ARCHIVER_SECRET, "grant_type=client_credentials"),
                "client authentication failed");
    }

    @Test
    void whenPostedSecretIsWrongThenInvalidClient() {
        assertInvalidClient(server.postForm("/token", "grant_type=client_credentials&client_id=archiver&client_secret=nope"),
                "client authentication failed");
    }

    @Test
    void whenNoAuthenticationThenInvalidClient() {
        assertInvalidClient(server.postForm("/token", "grant_type=client_credentials"),
                "client authentication is required (client_secret_basic or client_secret_post)");
    }

    @Test
    void whenConfidentialClientSendsOnlyItsIdThenInvalidClient() {
        // RFC 6749 §3.2.1: confidential clients MUST authenticate.
        assertInvalidClient(server.postForm("/token", "grant_type=client_credentials&client_id=archiver"),
                "client authentication is required for a confidential client");
    }

    @Test
    void whenPublicClientAsksForClientCredentialsThenUnauthorizedClient() {
        HttpResponse<String> r = server.postForm("/token", "grant_type=client_credentials&client_id=spa");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(error("unauthorized_client", "client is not allowed to use grant_type client_credentials"));
    }

    @Test
    void whenTwoAuthenticationMethodsThenInvalidRequest() {
        // RFC 6749 §2.3: the client MUST NOT use more than one authentication method in each request.
        HttpResponse<String> r = server.postForm("/token", "grant_type=client_credentials&client_secret=" + TestServer.enc(ARCHIVER_SECRET),
                "Authorization", TestServer.basic("archiver", ARCHIVER_SECRET));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(error("invalid_request",
                "client authenticated with both the Authorization header and client_secret; use one method"));
    }

    @Test
    void whenBodyClientIdDiffersFromHeaderThenInvalidRequest() {
        HttpResponse<String> r = server.postForm("/token", "grant_type=client_credentials&client_id=indexer",
                "Authorization", TestServer.basic("archiver", ARCHIVER_SECRET));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(error("invalid_request", "client_id does not match the client in the Authorization header"));
    }

    @Test
    void whenBodyClientIdMatchesHeaderThenAccepted() {
        HttpResponse<String> r = server.postForm("/token", "grant_type=client_credentials&client_id=archiver",
                "Authorization", TestServer.basic("archiver", ARCHIVER_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void whenSecretWithoutClientIdThenInvalidRequest() {
        HttpResponse<String> r = server.postForm("/token", "grant_type=client_credentials&client_secret=x");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(error("invalid_request", "client_secret sent without client_id"));
    }

    @Test
    void whenBasicIsNotBase64ThenInvalidClient() {
        assertInvalidClient(withAuthorization("Basic %%%notbase64", "grant_type=client_credentials"),
                "the Basic credentials are not valid base64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"archiver", ":secret"})
    void whenBasicHasNoIdOrNoColonThenInvalidClient(String pair) {
        assertInvalidClient(withAuthorization(basicRaw(pair), "grant_type=client_credentials"),
                "the Basic credentials are not of the form client_id:client_secret");
    }

    @Test
    void whenBasicSecretIsEmptyThenInvalidClient() {
        assertInvalidClient(withAuthorization(basicRaw("archiver:"), "grant_type=client_credentials"),
                "the Basic credentials have an empty client_secret");
    }

    @Test
    void whenBasicIsNotFormEncodedThenInvalidClient() {
        // RFC 6749 §2.3.1: the id and secret are form-urlencoded before base64.
        assertInvalidClient(withAuthorization(basicRaw("archiver:%ZZ"), "grant_type=client_credentials"),
                "the Basic credentials are not correctly form-urlencoded");
    }

    @Test
    void whenAuthorizationSchemeIsBearerThenInvalidClient() {
        assertInvalidClient(withAuthorization("Bearer abc", "grant_type=client_credentials"),
                "unsupported authentication scheme in the Authorization header; use Basic");
    }

    private static String basicRaw(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
