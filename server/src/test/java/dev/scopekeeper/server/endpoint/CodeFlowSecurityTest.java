package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scopekeeper.server.endpoint.BrowserFlows.CB;
import static dev.scopekeeper.server.endpoint.BrowserFlows.OTHER_CB;
import static dev.scopekeeper.server.endpoint.BrowserFlows.active;
import static dev.scopekeeper.server.endpoint.BrowserFlows.approve;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertRedirectedError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertTokenError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.exchange;
import static dev.scopekeeper.server.endpoint.BrowserFlows.photoprint;
import static dev.scopekeeper.server.endpoint.BrowserFlows.refresh;
import static dev.scopekeeper.server.testing.TestServer.FIRSTPARTY_SECRET;
import static dev.scopekeeper.server.testing.TestServer.PHOTOPRINT_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token endpoint's side of the code flow (RFC 6749 §4.1.3, RFC 7636 §4.6) under attack: replay,
 * PKCE failures and downgrade, wrong client or redirect URI, expiry; and the mix-up defence of
 * the authorization response (RFC 9207).
 */
class CodeFlowSecurityTest {
    @RegisterExtension
    static final BrowserFlows.ClockedServer env = new BrowserFlows.ClockedServer();

    static final String INVALID_VERIFIER = "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~";

    WebUser alice;

    @BeforeEach
    void signInAlice() {
        BrowserFlows.forgetConsents(server());
        alice = new WebUser(server());
    }

    static TestServer server() {
        return env.server();
    }

    record Code(String value, Pkce pkce) {
    }

    Code code(String scope) {
        Pkce pkce = Pkce.generate();
        return new Code(approve(alice, "alice", photoprint(scope, pkce, "s")).get("code"), pkce);
    }

    static HttpResponse<String> redeem(String body) {
        return server().postBasic("/token", "photoprint", PHOTOPRINT_SECRET, body);
    }

    static String body(Code c, String verifier) {
        return "grant_type=authorization_code&code=" + enc(c.value()) + "&redirect_uri=" + enc(CB)
                + (verifier == null ? "" : "&code_verifier=" + enc(verifier));
    }

    static void assertNoTokens(HttpResponse<String> r) {
        assertThat(json(r)).doesNotContainKeys("access_token", "refresh_token", "id_token");
    }

    // RFC 6749 §4.1.2: a code used twice → deny, and revoke the tokens issued with it.
    @Test
    void whenACodeIsReplayedThenInvalidGrantAndTheTokensOfTheFirstExchangeAreRevoked() {
        Code c = code("openid offline_access photos.read");
        Map<String, Object> first = json(exchange(server(), c.value(), c.pkce()));
        assertThat(active(server(), first.get("access_token"))).isTrue();

        HttpResponse<String> replay = exchange(server(), c.value(), c.pkce());
        assertTokenError(replay, 400, "invalid_grant", "authorization code was already used; the tokens issued with it are revoked");
        assertNoTokens(replay);
        assertThat(active(server(), first.get("access_token"))).isFalse();
        assertTokenError(refresh(server(), (String) first.get("refresh_token")), 400, "invalid_grant", "refresh token has been revoked");
    }

    // RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) must equal the challenge.
    @Test
    void whenTheCodeVerifierIsWrongThenInvalidGrant() {
        Code c = code("photos.read");
        HttpResponse<String> r = redeem(body(c, Pkce.generate().verifier()));
        assertTokenError(r, 400, "invalid_grant", "code_verifier does not match the code_challenge");
        assertNoTokens(r);
    }

    // RFC 7636 §4.4.1 / OAuth 2.1 §4.1.3: the verifier is required; a request refused before the code is looked at leaves it usable.
    @Test
    void whenTheCodeVerifierIsMissingThenInvalidRequestAndTheCodeIsNotUsedUp() {
        Code c = code("photos.read");
        assertTokenError(redeem(body(c, null)), 400, "invalid_request", "code_verifier is required (PKCE)");
        assertTokenError(redeem(body(c, "")), 400, "invalid_request", "code_verifier is required (PKCE)");
        assertThat(exchange(server(), c.value(), c.pkce()).statusCode()).isEqualTo(200);
    }

    // RFC 7636 §4.1: code-verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
    @Test
    void whenTheCodeVerifierIsMalformedThenInvalidRequestAndTheCodeIsNotUsedUp() {
        Code c = code("photos.read");
        String v = c.pkce().verifier();
        for (String bad : List.of(v.substring(1), "a".repeat(129), v.substring(1) + "+", v.substring(1) + "/", v + "=",
                v.substring(1) + " ", v.substring(1) + "é", v.substring(1) + "%")) {
            assertTokenError(redeem(body(c, bad)), 400, "invalid_request", INVALID_VERIFIER);
        }
        assertThat(exchange(server(), c.value(), c.pkce()).statusCode()).isEqualTo(200);
    }

    // RFC 9700 §2.1.1 (PKCE downgrade): a code bound to S256 cannot be redeemed as if its challenge were plain.
    @Test
    void whenTheChallengeIsSentAsAPlainVerifierThenInvalidGrant() {
        Code c = code("photos.read");
        HttpResponse<String> r = redeem(body(c, c.pkce().challenge()));
        assertTokenError(r, 400, "invalid_grant", "code_verifier does not match the code_challenge");
        assertNoTokens(r);
    }

    // RFC 6749 §4.1.3: redirect_uri, when sent, must be identical to the authorization request's.
    @Test
    void whenTheRedirectUriDiffersFromTheRequestThenInvalidGrant() {
        for (String other : List.of(OTHER_CB, CB + "/", "https://evil.example/cb")) {
            Code c = code("photos.read");
            HttpResponse<String> r = redeem(body(c, c.pkce().verifier()).replace(enc(CB), enc(other)));
            assertTokenError(r, 400, "invalid_grant", "redirect_uri does not match the authorization request");
            assertNoTokens(r);
        }
    }

    // RFC 6749 §4.1.3: the code must have been issued to the authenticated client.
    @Test
    void whenTheCodeWasIssuedToAnotherClientThenInvalidGrant() {
        Code c = code("photos.read");
        HttpResponse<String> confidential = server().postBasic("/token", "firstparty", FIRSTPARTY_SECRET,
                "grant_type=authorization_code&code=" + enc(c.value()) + "&code_verifier=" + c.pkce().verifier());
        assertTokenError(confidential, 400, "invalid_grant", "authorization code was issued to another client");
        assertNoTokens(confidential);

        Code d = code("photos.read");
        HttpResponse<String> publicClient = server().postForm("/token",
                "grant_type=authorization_code&client_id=mobile&code=" + enc(d.value()) + "&code_verifier=" + d.pkce().verifier());
        assertTokenError(publicClient, 400, "invalid_grant", "authorization code was issued to another client");
        assertNoTokens(publicClient);
    }

    // RFC 6749 §4.1.2: codes are short-lived; ours live 60 seconds.
    @Test
    void whenTheCodeIsOlderThanSixtySecondsThenInvalidGrant() {
        Code fresh = code("photos.read");
        env.clock().advance(Duration.ofSeconds(59));
        assertThat(exchange(server(), fresh.value(), fresh.pkce()).statusCode()).isEqualTo(200);

        Code old = code("photos.read");
        env.clock().advance(Duration.ofSeconds(61));
        HttpResponse<String> r = exchange(server(), old.value(), old.pkce());
        assertTokenError(r, 400, "invalid_grant", "authorization code is invalid or has expired");
        assertNoTokens(r);
    }

    // RFC 6749 §5.2 invalid_grant: the code is invalid.
    @Test
    void whenTheCodeIsUnknownThenInvalidGrant() {
        Code c = code("photos.read");
        assertTokenError(exchange(server(), c.value() + "x", c.pkce()), 400, "invalid_grant",
                "authorization code is invalid or has expired");
        assertTokenError(exchange(server(), Pkce.generate().verifier(), c.pkce()), 400, "invalid_grant",
                "authorization code is invalid or has expired");
    }

    // OAuth 2.1 §4.1.3 / RFC 7636 §4.5: a public client proves itself only with PKCE.
    @Test
    void whenAPublicClientSendsNoVerifierThenInvalidRequest() {
        Pkce pkce = Pkce.generate();
        Map<String, String> params = approve(alice, "alice",
                BrowserFlows.request("mobile", "com.example.mobile:/cb", "openid view:events", pkce, "m"));
        HttpResponse<String> r = server().postForm("/token", "grant_type=authorization_code&client_id=mobile&code="
                + enc(params.get("code")));
        assertTokenError(r, 400, "invalid_request", "code_verifier is required (PKCE)");
        HttpResponse<String> ok = server().postForm("/token", "grant_type=authorization_code&client_id=mobile&code="
                + enc(params.get("code")) + "&code_verifier=" + pkce.verifier());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    // RFC 6749 §3.2: request parameters MUST NOT be included more than once.
    @Test
    void whenAParameterIsDuplicatedThenInvalidRequestAndTheCodeIsNotUsedUp() {
        Code c = code("photos.read");
        String ok = body(c, c.pkce().verifier());
        for (String name : List.of("code", "code_verifier", "redirect_uri", "grant_type")) {
            String duplicate = switch (name) {
                case "code" -> "code=" + enc(c.value());
                case "code_verifier" -> "code_verifier=" + c.pkce().verifier();
                case "redirect_uri" -> "redirect_uri=" + enc(CB);
                default -> "grant_type=authorization_code";
            };
            assertTokenError(redeem(ok + "&" + duplicate), 400, "invalid_request", "parameter '" + name + "' is included more than once");
        }
        assertThat(redeem(ok).statusCode()).isEqualTo(200);
    }

    // RFC 6749 §2.3: one authentication per request; two Authorization header lines are not two chances.
    @Test
    void whenTheClientSendsTwoAuthorizationHeadersThenInvalidClientAndTheCodeIsNotUsedUp() throws Exception {
        Code c = code("photos.read");
        String basic = TestServer.basic("photoprint", PHOTOPRINT_SECRET);
        HttpRequest twice = HttpRequest.newBuilder(URI.create(server().url("/token")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", TestServer.basic("firstparty", FIRSTPARTY_SECRET)).header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString(body(c, c.pkce().verifier()))).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(twice, HttpResponse.BodyHandlers.ofString());
        assertTokenError(r, 401, "invalid_client", "the Basic credentials are not valid base64");
        assertThat(exchange(server(), c.value(), c.pkce()).statusCode()).isEqualTo(200);
    }

    // ---- RFC 9207: every authorization response names the issuer

    // RFC 6749 §4.1.2 and RFC 9207 §2: code, the exact state, and iss.
    @Test
    void whenACodeIsIssuedThenTheResponseCarriesExactlyCodeStateAndIss() {
        Pkce pkce = Pkce.generate();
        // A state that tries to smuggle parameters stays one value (RFC 6749 §4.1.2: state is returned exactly).
        String state = "a&iss=https://evil.example&code=forged #x";
        HttpResponse<String> login = alice.authorize(photoprint("photos.read", pkce, state));
        HttpResponse<String> consent = alice.login(login, "alice", "alice-test-password");
        HttpResponse<String> done = alice.consent(consent, "approve", Set.of());
        assertThat(done.statusCode()).isEqualTo(303);
        Map<String, String> params = WebUser.redirectParams(done);
        assertThat(params.keySet()).containsExactly("code", "state", "iss");
        assertThat(params).containsEntry("state", state).containsEntry("iss", server().issuer());
        assertThat(WebUser.location(done)).startsWith(CB + "?code=");
        BrowserFlows.assertSecurePage(done);
    }

    // RFC 9207 §2: error responses carry iss too (OpenID Connect Core §3.1.2.6 errors included).
    @Test
    void whenAnyAuthorizationErrorIsRedirectedThenItCarriesIss() {
        Map<String, String> none = photoprint("photos.read", Pkce.generate(), "n");
        none.put("prompt", "none");
        assertRedirectedError(server(), alice.authorize(none), 302, CB, "login_required", "the user is not signed in", "n");

        approve(alice, "alice", photoprint("photos.read", Pkce.generate(), "x"));
        Map<String, String> more = photoprint("photos.upload", Pkce.generate(), "c");
        more.put("prompt", "none");
        assertRedirectedError(server(), alice.authorize(more), 302, CB, "consent_required",
                "the user has not granted all requested scopes", "c");

        HttpResponse<String> consent = alice.authorize(photoprint("photos.upload", Pkce.generate(), "d"));
        assertRedirectedError(server(), alice.consent(consent, "deny", Set.of()), 303, CB, "access_denied",
                "the user denied the request", "d");

        assertRedirectedError(server(), alice.authorize(photoprint("nope", Pkce.generate(), "e")), 302, CB, "invalid_scope",
                "unknown scope: nope", "e");
    }

    // RFC 9207 §3: the server advertises that its responses carry iss.
    @Test
    void whenMetadataIsReadThenItAdvertisesTheIssParameter() {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            Map<String, Object> m = json(server().get(path));
            assertThat(m).containsEntry("issuer", server().issuer()).containsEntry("authorization_response_iss_parameter_supported", true);
        }
    }
}
