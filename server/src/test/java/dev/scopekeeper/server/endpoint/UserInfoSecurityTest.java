package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.server.endpoint.BrowserFlows.tokens;
import static dev.scopekeeper.server.testing.TestServer.PHOTOPRINT_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The userinfo endpoint as a protected resource (RFC 6750): what a bearer request must be, and each error exactly. */
class UserInfoSecurityTest {
    @RegisterExtension
    static final BrowserFlows.ClockedServer env = new BrowserFlows.ClockedServer();

    static final String CHALLENGE = "Bearer realm=\"scopekeeper\"";
    static final String MALFORMED = "use one bearer token: Authorization: Bearer <token>";
    static final String INVALID = "the access token is invalid, expired or revoked";

    static Map<String, Object> openid;
    static Map<String, Object> photosOnly;

    @BeforeAll
    static void tokensOfAlice() {
        WebUser alice = new WebUser(server());
        openid = tokens(server(), alice, "alice", "openid photos.read");
        photosOnly = tokens(server(), alice, "alice", "photos.upload");
    }

    static TestServer server() {
        return env.server();
    }

    static HttpResponse<String> userinfo(String... headers) {
        return server().send("GET", "/userinfo", headers);
    }

    static HttpResponse<String> bearer(Object token) {
        return userinfo("Authorization", "Bearer " + token);
    }

    /** RFC 6750 §3: the status, the challenge with error and description, and the same in the body. */
    static void assertBearerError(HttpResponse<String> r, int status, String code, String description, String scope) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE + ", error=\"" + code
                + "\", error_description=\"" + description + "\"" + (scope == null ? "" : ", scope=\"" + scope + "\""));
        assertThat(json(r)).isEqualTo(TestServer.error(code, description));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    /** RFC 6750 §3.1: a request without (usable) authentication gets the bare challenge, with no error code. */
    static void assertUnauthenticated(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
        assertThat(json(r)).isEmpty();
    }

    // OpenID Connect Core §5.3.2: sub is always returned; RFC 7235 §2.1: the scheme is case-insensitive.
    @Test
    void whenTheTokenIsValidWithOpenidThenTheUserIsNamed() {
        HttpResponse<String> r = bearer(openid.get("access_token"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(Map.of("sub", "alice", "preferred_username", "alice"));
        assertThat(userinfo("Authorization", "bearer " + openid.get("access_token")).statusCode()).isEqualTo(200);
    }

    // RFC 6750 §3.1: no authentication, or an authentication method the resource does not use.
    @Test
    void whenThereIsNoBearerTokenThenUnauthorizedWithABareChallenge() {
        assertUnauthenticated(userinfo());
        assertUnauthenticated(server().postForm("/userinfo", ""));
        assertUnauthenticated(userinfo("Authorization", TestServer.basic("photoprint", PHOTOPRINT_SECRET)));
        // RFC 6750 §2.3 / RFC 9700 §4.3.2: a token in the URL is not a supported way to send it.
        assertUnauthenticated(server().get("/userinfo?access_token=" + enc((String) openid.get("access_token"))));
    }

    // RFC 6750 §3.1 invalid_token: expired, revoked, malformed, or not ours.
    @Test
    void whenTheTokenIsTamperedThenInvalidToken() {
        String token = (String) openid.get("access_token");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String asBob = parts[0] + "." + b64(payload.replace("\"sub\":\"alice\"", "\"sub\":\"bob\"")) + "." + parts[2];
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String algNone = b64(header.replaceAll("\"alg\":\"[A-Z0-9]+\"", "\"alg\":\"none\"")) + "." + parts[1] + ".";
        char last = parts[2].charAt(parts[2].length() - 2);
        String badSignature = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        for (String bad : List.of(asBob, algNone, badSignature, parts[0] + "." + parts[1], "not-a-token",
                (String) openid.get("id_token"))) {
            assertBearerError(bearer(bad), 401, "invalid_token", INVALID, null);
        }
    }

    // RFC 6750 §3.1 invalid_token: revoked (RFC 7009 §2).
    @Test
    void whenTheTokenIsRevokedThenInvalidToken() {
        Map<String, Object> own = tokens(server(), new WebUser(server()), "bob", "openid");
        assertThat(bearer(own.get("access_token")).statusCode()).isEqualTo(200);
        HttpResponse<String> revoked = server().postBasic("/revoke", "photoprint", PHOTOPRINT_SECRET,
                "token=" + enc((String) own.get("access_token")));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertBearerError(bearer(own.get("access_token")), 401, "invalid_token", INVALID, null);
    }

    // RFC 6750 §3.1 invalid_token: expired (exp, RFC 7519 §4.1.4).
    @Test
    void whenTheTokenHasExpiredThenInvalidToken() {
        Map<String, Object> own = tokens(server(), new WebUser(server()), "carol", "openid");
        try {
            env.clock().advance(Duration.ofMinutes(4));
            assertThat(bearer(own.get("access_token")).statusCode()).isEqualTo(200);
            env.clock().advance(Duration.ofMinutes(1).plusSeconds(1));
            assertBearerError(bearer(own.get("access_token")), 401, "invalid_token", INVALID, null);
        } finally {
            // The other tests share tokens made at the start.
            env.clock().advance(Duration.ofMinutes(-5).minusSeconds(1));
        }
    }

    // RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; anything else in a Bearer header is invalid_request.
    @Test
    void whenTheBearerHeaderIsMalformedThenInvalidRequest() {
        String token = (String) openid.get("access_token");
        for (String header : List.of("Bearer", "Bearer ", "Bearer a b", "Bearer " + token + " " + token, "Bearer " + token + ", Bearer " + token)) {
            assertBearerError(userinfo("Authorization", header), 400, "invalid_request", MALFORMED, null);
        }
    }

    // RFC 6750 §2 and §3.1: a client MUST NOT send the token more than one way; such a request is invalid_request.
    @Test
    void whenTwoTokensAreSentThenInvalidRequest() {
        String token = (String) openid.get("access_token");
        assertBearerError(server().send("GET", "/userinfo?access_token=" + enc(token), "Authorization", "Bearer " + token),
                400, "invalid_request", MALFORMED, null);
        assertBearerError(server().postForm("/userinfo", "access_token=" + enc(token), "Authorization", "Bearer " + token),
                400, "invalid_request", MALFORMED, null);
        assertBearerError(twoHeaders("Bearer " + token, "Bearer " + photosOnly.get("access_token")), 400, "invalid_request", MALFORMED, null);
        assertBearerError(twoHeaders("Bearer " + token, "Bearer " + token), 400, "invalid_request", MALFORMED, null);
    }

    static HttpResponse<String> twoHeaders(String first, String second) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server().url("/userinfo"))).timeout(Duration.ofSeconds(10))
                .header("Authorization", first).header("Authorization", second).GET().build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // RFC 6750 §3.1 insufficient_scope: 403, naming the scope needed.
    @Test
    void whenTheTokenLacksOpenidThenInsufficientScope() {
        assertBearerError(bearer(photosOnly.get("access_token")), 403, "insufficient_scope", "the access token lacks the openid scope", "openid");
        String service = server().token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
        assertBearerError(bearer(service), 403, "insufficient_scope", "the access token lacks the openid scope", "openid");
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
