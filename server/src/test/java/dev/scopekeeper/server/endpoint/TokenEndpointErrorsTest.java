package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.MULTI_SECRET;
import static dev.scopekeeper.server.testing.TestServer.WEBAPP_SECRET;
import static dev.scopekeeper.server.testing.TestServer.error;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way a token request can be wrong, each with its exact error JSON and status (RFC 6749 §5.2). */
class TokenEndpointErrorsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static HttpResponse<String> archiver(String body) {
        return server.postBasic("/token", "archiver", ARCHIVER_SECRET, body);
    }

    static void assertError(HttpResponse<String> r, int status, String code, String description) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r)).isEqualTo(error(code, description));
        // RFC 6749 §5.1/5.2: token endpoint responses are never cached.
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
    }

    @Test
    void whenGrantTypeMissingThenInvalidRequest() {
        assertError(archiver("scope=read%3Aimages"), 400, "invalid_request", "missing required parameter 'grant_type'");
    }

    @Test
    void whenGrantTypeEmptyThenInvalidRequest() {
        assertError(archiver("grant_type="), 400, "invalid_request", "missing required parameter 'grant_type'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "implicit", "urn:ietf:params:oauth:grant-type:device_code", "CLIENT_CREDENTIALS", "Authorization_Code"})
    void whenGrantTypeUnsupportedThenUnsupportedGrantType(String grantType) {
        assertError(archiver("grant_type=" + TestServer.enc(grantType)), 400, "unsupported_grant_type",
                "grant_type '" + grantType + "' is not supported");
    }

    @Test
    void whenClientMayNotUseTheGrantThenUnauthorizedClient() {
        HttpResponse<String> r = server.postBasic("/token", "webapp", WEBAPP_SECRET, "grant_type=client_credentials");
        assertError(r, 400, "unauthorized_client", "client is not allowed to use grant_type client_credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"grant_type", "scope", "client_id"})
    void whenParameterSentTwiceThenInvalidRequest(String name) {
        String value = name.equals("client_id") ? "archiver" : name.equals("scope") ? "read%3Aimages" : "client_credentials";
        String body = "grant_type=client_credentials&" + name + "=" + value + "&" + name + "=" + value;
        assertError(archiver(body.replace("grant_type=client_credentials&grant_type", "grant_type")), 400, "invalid_request",
                "parameter '" + name + "' is included more than once");
    }

    @Test
    void whenUnknownParametersThenTheyAreIgnored() {
        // RFC 6749 §3.2: the server MUST ignore unrecognized request parameters (even repeated ones).
        HttpResponse<String> r = archiver("grant_type=client_credentials&foo=1&foo=2&audience=x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("scope", "read:images");
    }

    @ParameterizedTest(name = "[{index}] scope={0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "read%3Aimages%22x | scope token 'read:images'x' contains a character not allowed by RFC 6749 section 3.3 (0x22 at index 11)",
            "a%5Cb | scope token 'a?b' contains a character not allowed by RFC 6749 section 3.3 (0x5C at index 1)",
            "read%3Aimages++delete%3Aimages | scope string has an empty token (two spaces at index 11)",
            "+read%3Aimages | scope string has an empty token (leading space at index 0)",
            "read%3Aimages+ | scope string has an empty token (trailing space at index 11)",
            "read%3Aimages%09x | scope token 'read:imagesU+0009x' contains a character not allowed by RFC 6749 section 3.3 (0x09 at index 11)",
            "caf%C3%A9 | scope token 'cafU+00E9' contains a character not allowed by RFC 6749 section 3.3 (U+00E9 at index 3)",
    })
    void whenScopeMalformedThenInvalidScopeNamingTheProblem(String encodedScope, String why) {
        assertError(archiver("grant_type=client_credentials&scope=" + encodedScope), 400, "invalid_scope", "malformed scope: " + why);
    }

    @Test
    void whenScopeUnknownThenInvalidScopeNamingIt() {
        assertError(archiver("grant_type=client_credentials&scope=read%3Aimages+nope"), 400, "invalid_scope", "unknown scope: nope");
    }

    @Test
    void whenScopeCaseDiffersThenItIsUnknown() {
        // RFC 6749 §3.3: scope tokens are case-sensitive.
        assertError(archiver("grant_type=client_credentials&scope=READ%3Aimages"), 400, "invalid_scope", "unknown scope: READ:images");
    }

    @Test
    void whenScopeNotAllowedForClientThenInvalidScope() {
        assertError(archiver("grant_type=client_credentials&scope=photos.read"), 400, "invalid_scope",
                "scope not allowed for this client: photos.read");
    }

    @Test
    void whenScopeOmittedAndNoDefaultsThenInvalidScope() {
        HttpResponse<String> r = server.postBasic("/token", "nodefaults", TestServer.NODEFAULTS_SECRET, "grant_type=client_credentials");
        assertError(r, 400, "invalid_scope", "no scope requested and no default scope is configured for this client or API");
    }

    @Test
    void whenScopeHasTooManyTokensThenInvalidScope() {
        String scope = "read%3Aimages+".repeat(100) + "read%3Aimages";
        assertError(archiver("grant_type=client_credentials&scope=" + scope), 400, "invalid_scope", "malformed scope: more than 100 scope tokens");
    }

    @Test
    void whenParameterValueHugeThenInvalidRequest() {
        assertError(archiver("grant_type=client_credentials&scope=" + "a".repeat(9000)), 400, "invalid_request",
                "parameter 'scope' is longer than 8192 characters");
    }

    /** A body of unknown length: HTTP/1.1 chunked transfer coding, no Content-Length (the server reads up to its limit). */
    static HttpResponse<String> archiverChunked(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/token")))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", TestServer.basic("archiver", ARCHIVER_SECRET))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        return server.send(request);
    }

    @Test
    void whenBodyIsChunkedThenItIsReadWhole() {
        HttpResponse<String> r = archiverChunked("grant_type=client_credentials&scope=read%3Aimages");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r)).containsEntry("scope", "read:images").containsKey("access_token");
    }

    @Test
    void whenChunkedBodyLargerThan64KiBThen413() {
        assertError(archiverChunked("grant_type=client_credentials&pad=" + "x".repeat(70_000)), 413, "invalid_request",
                "request body larger than 65536 bytes");
    }

    @Test
    void whenBodyLargerThan64KiBThen413() {
        assertError(archiver("grant_type=client_credentials&pad=" + "x".repeat(70_000)), 413, "invalid_request",
                "request body larger than 65536 bytes");
    }

    @Test
    void whenTooManyParametersThenInvalidRequest() {
        assertError(archiver("grant_type=client_credentials" + "&p=1".repeat(120)), 400, "invalid_request", "more than 100 parameters");
    }

    @Test
    void whenBodyIsNotValidFormEncodingThenInvalidRequest() {
        assertError(archiver("grant_type=client_credentials&scope=%ZZ"), 400, "invalid_request",
                "the request body is not correctly form-urlencoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=ISO-8859-1"})
    void whenContentTypeIsNotFormThenInvalidRequest(String contentType) {
        HttpResponse<String> r = server.post("/token", contentType, "grant_type=client_credentials",
                "Authorization", TestServer.basic("archiver", ARCHIVER_SECRET));
        assertError(r, 400, "invalid_request", "content type must be application/x-www-form-urlencoded");
    }

    @Test
    void whenContentTypeMissingThenInvalidRequest() {
        HttpResponse<String> r = server.post("/token", null, "grant_type=client_credentials",
                "Authorization", TestServer.basic("archiver", ARCHIVER_SECRET));
        assertError(r, 400, "invalid_request", "content type must be application/x-www-form-urlencoded");
    }

    @Test
    void whenContentTypeDeclaresUtf8ThenAccepted() {
        HttpResponse<String> r = server.post("/token", "application/x-www-form-urlencoded; charset=UTF-8",
                "grant_type=client_credentials", "Authorization", TestServer.basic("archiver", ARCHIVER_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void whenParametersAreInTheQueryStringThenInvalidRequest() {
        HttpResponse<String> r = server.postBasic("/token?grant_type=client_credentials", "archiver", ARCHIVER_SECRET, "");
        assertError(r, 400, "invalid_request", "parameters must be sent in the request body, not in the URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void whenMethodIsNotPostThen405WithAllow(String method) {
        HttpResponse<String> r = server.request(method, "/token");
        assertError(r, 405, "invalid_request", "method " + method + " is not allowed here; use POST");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void whenResourceIsNotAbsoluteThenInvalidTarget() {
        // RFC 8707 §2: resource is an absolute URI.
        assertError(archiver("grant_type=client_credentials&resource=imaging"), 400, "invalid_target",
                "resource 'imaging' must be an absolute URI without a fragment");
    }

    @Test
    void whenResourceHasFragmentThenInvalidTarget() {
        assertError(archiver("grant_type=client_credentials&resource=https%3A%2F%2Fimaging.example.com%23x"), 400, "invalid_target",
                "resource 'https://imaging.example.com#x' must be an absolute URI without a fragment");
    }

    @Test
    void whenResourceUnknownThenInvalidTarget() {
        assertError(archiver("grant_type=client_credentials&resource=https%3A%2F%2Fevil.example.com"), 400, "invalid_target",
                "unknown resource 'https://evil.example.com'");
    }

    @Test
    void whenResourceIsNotAUriThenInvalidTarget() {
        assertError(archiver("grant_type=client_credentials&resource=https%3A%2F%2Fa+b"), 400, "invalid_target",
                "resource 'https://a b' is not a valid URI");
    }

    @Test
    void whenScopeBelongsToAnotherApiThanTheResourceThenInvalidScope() {
        HttpResponse<String> r = server.postBasic("/token", "multi", MULTI_SECRET,
                "grant_type=client_credentials&scope=photos.read&resource=https%3A%2F%2Fimaging.example.com");
        assertError(r, 400, "invalid_scope", "scope photos.read belongs to https://photos.example.com, which is not a requested resource");
    }

    @Test
    void whenRequestFailsThenNoTokenIsIssued() {
        double before = issuedCount();
        archiver("grant_type=client_credentials&scope=nope");
        archiver("grant_type=client_credentials&scope=photos.read");
        server.postBasic("/token", "archiver", "wrong-secret", "grant_type=client_credentials");
        assertThat(issuedCount()).isEqualTo(before);
        archiver("grant_type=client_credentials");
        assertThat(issuedCount()).isEqualTo(before + 1);
    }

    static double issuedCount() {
        return server.get("/metrics").body().lines().filter(l -> l.startsWith("scopekeeper_tokens_issued_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
    }
}
