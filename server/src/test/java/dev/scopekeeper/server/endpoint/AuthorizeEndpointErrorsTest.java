package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientSecrets;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scopekeeper.server.endpoint.BrowserFlows.CB;
import static dev.scopekeeper.server.endpoint.BrowserFlows.OTHER_CB;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertRedirectedError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertSecurePage;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertShownError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.photoprint;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way an authorization request can be wrong. Without a verified client and redirect URI the
 * error is a page; with them it goes back to the client with state and iss. No request that fails
 * gets as far as a login form, a code or a session.
 */
class AuthorizeEndpointErrorsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static final Pkce PKCE = Pkce.generate();
    static final String VALID = "response_type=code&client_id=photoprint&redirect_uri=" + enc(CB)
            + "&scope=photos.read&state=st&code_challenge=" + PKCE.challenge() + "&code_challenge_method=S256";

    static HttpResponse<String> authorize(String query) {
        return server.get("/authorize?" + query);
    }

    static HttpResponse<String> authorize(Map<String, String> params) {
        return authorize(WebUser.query(params));
    }

    /** The valid request with one parameter replaced (null: removed). */
    static HttpResponse<String> with(String name, String value) {
        Map<String, String> p = photoprint("photos.read", PKCE, "st");
        if (value == null) {
            p.remove(name);
        } else {
            p.put(name, value);
        }
        return authorize(p);
    }

    static void assertRedirected(HttpResponse<String> r, String code, String description) {
        assertRedirectedError(server, r, 302, CB, code, description, "st");
    }

    // RFC 6749 §4.1.1: the baseline every case below changes one parameter of.
    @Test
    void whenTheRequestIsValidThenTheLoginPageIsShownAndNothingElse() {
        HttpResponse<String> r = authorize(VALID);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(WebUser.isLoginPage(r)).isTrue();
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertSecurePage(r);
    }

    // ---- shown, never redirected (RFC 6749 §4.1.2.1: invalid client or redirect URI → MUST NOT redirect)

    // RFC 6749 §4.1.2.1: missing client identifier → inform the resource owner, do not redirect.
    @Test
    void whenClientIdIsMissingThenAnErrorPage() {
        assertShownError(with("client_id", null), 400, "invalid_request", "missing required parameter 'client_id'");
    }

    // RFC 6749 §3.1: parameters MUST NOT be included more than once; a doubled client is no client.
    @Test
    void whenClientIdIsDuplicatedThenAnErrorPage() {
        assertShownError(authorize(VALID + "&client_id=photoprint"), 400, "invalid_request",
                "parameter 'client_id' is included more than once");
    }

    // RFC 6749 §4.1.2.1: invalid client identifier → MUST NOT redirect.
    @Test
    void whenClientIdIsUnknownThenAnErrorPage() {
        assertShownError(with("client_id", "photoprinter"), 400, "invalid_client", "unknown client 'photoprinter'");
    }

    // RFC 6749 §3.1.2.3 and RFC 9700 §4.1.3: exact string matching, no normalisation, no prefix or subpath match.
    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/cb", "https://photoprint.example.evil.example/cb", "https://photoprint.example/cb/evil",
            "https://photoprint.example/cbx", "https://photoprint.example/", "https://photoprint.example/cb?next=https://evil.example",
            "https://PHOTOPRINT.example/cb", "https://photoprint.example/CB", "https://photoprint.example/cb/",
            "https://photoprint.example/cb#x", "https://photoprint.example/cb#", "http://photoprint.example/cb",
            "https://photoprint.example:443/cb", "https://photoprint.example/%63b", "https://photoprint.example/cb/../cb",
            "https://user@photoprint.example/cb", "//photoprint.example/cb", "/cb"})
    void whenRedirectUriIsNotRegisteredThenAnErrorPage(String redirectUri) {
        assertShownError(with("redirect_uri", redirectUri), 400, "invalid_request", "redirect_uri is not registered for this client");
    }

    // RFC 9700 §4.11.2: nothing about the request is sent to an unverified redirect URI.
    @Test
    void whenRedirectUriIsNotRegisteredThenLaterErrorsAreNotRedirectedEither() {
        Map<String, String> p = photoprint("no.such.scope", PKCE, "st");
        p.put("redirect_uri", "https://evil.example/cb");
        p.put("response_type", "token");
        p.remove("code_challenge");
        assertShownError(authorize(p), 400, "invalid_request", "redirect_uri is not registered for this client");
    }

    // RFC 6749 §3.1.2.3: with several registered, the request must name one.
    @Test
    void whenRedirectUriIsMissingAndTheClientHasTwoThenAnErrorPage() {
        assertShownError(with("redirect_uri", null), 400, "invalid_request",
                "redirect_uri is required: the client has more than one registered");
    }

    // RFC 6749 §3.1 and §4.1.2.1: an ambiguous redirect URI is an invalid one, shown not redirected.
    @Test
    void whenRedirectUriIsDuplicatedThenAnErrorPageEvenIfBothAreRegistered() {
        assertShownError(authorize(VALID + "&redirect_uri=" + enc(CB)), 400, "invalid_request",
                "parameter 'redirect_uri' is included more than once");
        assertShownError(authorize(VALID + "&redirect_uri=" + enc(OTHER_CB)), 400, "invalid_request",
                "parameter 'redirect_uri' is included more than once");
    }

    // RFC 6749 §3.1.2.2: a client without a registered redirect URI cannot use this endpoint.
    @Test
    void whenTheClientHasNoRedirectUriThenAnErrorPage() {
        Map<String, String> p = BrowserFlows.request("archiver", null, "read:images", PKCE, "st");
        assertShownError(authorize(p), 400, "invalid_request", "the client has no registered redirect URI");
        p.put("redirect_uri", CB);
        assertShownError(authorize(p), 400, "invalid_request", "redirect_uri is not registered for this client");
    }

    // RFC 6749 §3.1.2.3: with exactly one registered, redirect_uri may be omitted and errors still go there.
    @Test
    void whenTheOnlyRegisteredRedirectUriIsOmittedThenItIsUsed() {
        Map<String, String> p = BrowserFlows.request("mobile", null, "openid", PKCE, "st");
        p.put("response_type", "token");
        assertRedirectedError(server, authorize(p), 302, "com.example.mobile:/cb", "unsupported_response_type",
                "response_type 'token' is not supported; use code", "st");
    }

    // ---- redirected to the client with error, error_description, state and iss (RFC 6749 §4.1.2.1, RFC 9207 §2)

    // RFC 6749 §4.1.2.1: a missing required parameter is invalid_request.
    @Test
    void whenResponseTypeIsMissingThenInvalidRequest() {
        assertRedirected(with("response_type", null), "invalid_request", "missing required parameter 'response_type'");
    }

    // RFC 9700 §2.1.2: no implicit or hybrid flows; response_type values are compared exactly (RFC 6749 §3.1.1).
    @ParameterizedTest
    @ValueSource(strings = {"token", "code id_token", "id_token", "code token", "code id_token token", "none", "CODE", "code "})
    void whenResponseTypeIsNotCodeThenUnsupportedResponseType(String responseType) {
        assertRedirected(with("response_type", responseType), "unsupported_response_type",
                "response_type '" + responseType + "' is not supported; use code");
    }

    // RFC 6749 §4.1.2.1: unauthorized_client, the client may not use this method.
    @Test
    void whenTheClientMayNotUseTheCodeFlowThenUnauthorizedClient() {
        // The configuration refuses this client; the store alone (e.g. an older configuration) can hold it.
        server.server().store().saveClient(new Client("hooks", "Hooks", ClientType.CONFIDENTIAL, false,
                Set.of(GrantType.CLIENT_CREDENTIALS), ScopeSet.of("read:images"), ScopeSet.empty(),
                List.of("https://hooks.example/cb"), ClientSecrets.hash("hooks-secret-0123456789abcdef-0123456789"), Instant.now()));
        HttpResponse<String> r = authorize(BrowserFlows.request("hooks", "https://hooks.example/cb", "read:images", PKCE, "st"));
        assertRedirectedError(server, r, 302, "https://hooks.example/cb", "unauthorized_client",
                "client is not allowed to use the authorization code flow", "st");
    }

    // RFC 7636 §4.4.1, OAuth 2.1 §4.1.1: PKCE is required.
    @Test
    void whenCodeChallengeIsMissingThenInvalidRequest() {
        assertRedirected(with("code_challenge", null), "invalid_request", "code_challenge is required (PKCE with S256)");
        assertRedirected(with("code_challenge", ""), "invalid_request", "code_challenge is required (PKCE with S256)");
    }

    // RFC 9700 §2.1.1: plain must not be used; RFC 7636 §4.3: an omitted method means plain.
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "plain | code_challenge_method must be S256, not 'plain'",
            "s256 | code_challenge_method must be S256, not 's256'",
            "S512 | code_challenge_method must be S256, not 'S512'",
            "NULL | code_challenge_method must be S256 (plain, the default, is not accepted)"})
    void whenCodeChallengeMethodIsNotS256ThenInvalidRequest(String method, String description) {
        assertRedirected(with("code_challenge_method", method), "invalid_request", description);
    }

    // RFC 7636 §4.2: an S256 challenge is 43 characters of the base64url alphabet.
    @ParameterizedTest
    @ValueSource(strings = {"short", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cMM",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c=", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c M"})
    void whenCodeChallengeIsMalformedThenInvalidRequest(String challenge) {
        assertRedirected(with("code_challenge", challenge), "invalid_request",
                "code_challenge is not a base64url SHA-256 value (43 characters)");
    }

    // RFC 6749 §3.1: request parameters MUST NOT be included more than once.
    @ParameterizedTest
    @ValueSource(strings = {"response_type", "scope", "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age",
            "include_granted_scopes"})
    void whenAParameterIsDuplicatedThenInvalidRequest(String name) {
        String value = switch (name) {
            case "response_type" -> "code";
            case "code_challenge" -> PKCE.challenge();
            case "code_challenge_method" -> "S256";
            case "prompt" -> "login";
            case "max_age" -> "60";
            case "include_granted_scopes" -> "true";
            default -> "photos.read";
        };
        assertRedirected(authorize(VALID + "&" + name + "=" + enc(value) + "&" + name + "=" + enc(value)), "invalid_request",
                "parameter '" + name + "' is included more than once");
    }

    // RFC 6749 §4.1.2.1: state is echoed only as the exact value received; two values have none to echo.
    @Test
    void whenStateIsDuplicatedThenInvalidRequestWithoutState() {
        assertRedirectedError(server, authorize(VALID + "&state=other"), 302, CB, "invalid_request",
                "parameter 'state' is included more than once", null);
    }

    // RFC 6749 §3.3 and §4.1.2.1: invalid_scope for an unknown, malformed or not allowed scope.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "photos.read photos.print | unknown scope: photos.print",
            "read:images | scope not allowed for this client: read:images",
            "photos.read email | unknown scope: email",
            "photos.read  photos.upload | malformed scope: scope string has an empty token (two spaces at index 11)"})
    void whenTheScopeIsInvalidThenInvalidScope(String scope, String description) {
        assertRedirected(with("scope", scope), "invalid_scope", description);
    }

    // OpenID Connect Core §3.1.2.1: prompt values are none, login, consent, select_account; none stands alone.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "select_account | prompt 'select_account' is not supported (none, login, consent)",
            "login Consent | prompt 'Consent' is not supported (none, login, consent)",
            "none login | prompt=none cannot be combined with other values",
            "consent none | prompt=none cannot be combined with other values"})
    void whenPromptIsInvalidThenInvalidRequest(String prompt, String description) {
        assertRedirected(with("prompt", prompt), "invalid_request", description);
    }

    // OpenID Connect Core §3.1.2.1: max_age is a non-negative integer number of seconds.
    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "1e3", "+60", "9999999999", " 60", "0x10"})
    void whenMaxAgeIsNotANumberOfSecondsThenInvalidRequest(String maxAge) {
        assertRedirected(with("max_age", maxAge), "invalid_request", "max_age must be a non-negative number of seconds");
    }

    // RFC 6749 §4.1.2.1 invalid_request: an invalid parameter value (incremental authorization takes true or false).
    @ParameterizedTest
    @ValueSource(strings = {"yes", "TRUE", "1", "false "})
    void whenIncludeGrantedScopesIsNotTrueOrFalseThenInvalidRequest(String value) {
        assertRedirected(with("include_granted_scopes", value), "invalid_request", "include_granted_scopes must be true or false");
    }

    // RFC 8707 §2: a resource the server does not know, or that is not an absolute URI, is invalid_target.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://unknown.example.com | unknown resource 'https://unknown.example.com'",
            "photos | resource 'photos' must be an absolute URI without a fragment",
            "https://photos.example.com#x | resource 'https://photos.example.com#x' must be an absolute URI without a fragment"})
    void whenTheResourceIsInvalidThenInvalidTarget(String resource, String description) {
        assertRedirected(with("resource", resource), "invalid_target", description);
    }

    // ---- POST (OpenID Connect Core §3.1.2.1: the request may be a form POST)

    // OpenID Connect Core §3.1.2.1: the request may be sent by GET or by a form POST, with the same meaning.
    @Test
    void whenTheRequestIsAFormPostThenItIsHandledLikeAGet() {
        HttpResponse<String> ok = server.postForm("/authorize", VALID);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(WebUser.isLoginPage(ok)).isTrue();
        assertThat(WebUser.field(ok.body(), "/login", "code_challenge")).isEqualTo(PKCE.challenge());
        // 303 after a POST, so the browser follows with GET.
        assertRedirectedError(server, server.postForm("/authorize", VALID.replace("S256", "plain")), 303, CB,
                "invalid_request", "code_challenge_method must be S256, not 'plain'", "st");
        assertShownError(server.postForm("/authorize", VALID.replace("photoprint", "nope")), 400, "invalid_client",
                "unknown client 'nope'");
    }

    // OpenID Connect Core §3.1.2.1: a POST carries the request as application/x-www-form-urlencoded only.
    @Test
    void whenAPostIsNotAFormThenAnErrorPage() {
        assertShownError(server.post("/authorize", "application/json", "{\"client_id\":\"photoprint\"}"), 400, "invalid_request",
                "content type must be application/x-www-form-urlencoded");
        assertShownError(server.post("/authorize", null, VALID), 400, "invalid_request",
                "content type must be application/x-www-form-urlencoded");
    }

    // RFC 6749 Appendix B: parameters are form-urlencoded UTF-8; what cannot be read cannot be verified.
    @Test
    void whenTheFormIsNotCorrectlyEncodedThenAnErrorPage() {
        assertShownError(server.postForm("/authorize", VALID + "&nonce=%zz"), 400, "invalid_request",
                "the request body is not correctly form-urlencoded");
    }

    // OpenID Connect Core §3.1.2.1: a POST request is its form body.
    @Test
    void whenAPostCarriesTheRequestInTheQueryOnlyThenTheQueryIsIgnored() {
        HttpResponse<String> r = server.postForm("/authorize?" + VALID, "");
        assertShownError(r, 400, "invalid_request", "missing required parameter 'client_id'");
    }
}
