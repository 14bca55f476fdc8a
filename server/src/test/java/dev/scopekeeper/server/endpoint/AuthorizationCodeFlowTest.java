package dev.scopekeeper.server.endpoint;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scopekeeper.server.testing.TestServer.PHOTOPRINT_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The authorization code flow end to end over HTTP: login, consent, code, tokens, refresh, userinfo. */
class AuthorizationCodeFlowTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static final String CB = "https://photoprint.example/cb";

    /** One server for the class: every test starts with no remembered consent. */
    @BeforeEach
    void forgetConsents() {
        for (String user : List.of("alice", "bob", "carol")) {
            for (String client : List.of("photoprint", "mobile", "firstparty", "strictfirst")) {
                server.server().store().revokeConsent(user, client, null, Instant.now());
            }
        }
    }

    static Map<String, String> request(String clientId, String redirectUri, String scope, Pkce pkce, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        if (scope != null) {
            p.put("scope", scope);
        }
        p.put("state", state);
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        return p;
    }

    static HttpResponse<String> exchange(String code, Pkce pkce) {
        return server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET, "grant_type=authorization_code&code=" + enc(code)
                + "&redirect_uri=" + enc(CB) + "&code_verifier=" + pkce.verifier());
    }

    static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    @Test
    void whenUserUnticksAScopeThenTheTokenHasOnlyTheApprovedScopesAndStateAndIssRoundTrip() throws Exception {
        WebUser alice = new WebUser(server);
        Pkce pkce = Pkce.generate();
        Map<String, String> req = request("photoprint", CB, "openid offline_access photos.read photos.upload", pkce, "st-123");
        req.put("nonce", "n-456");

        HttpResponse<String> login = alice.authorize(req);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("PhotoPrint");
        HttpResponse<String> consent = alice.login(login, "alice", "alice-test-password");
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(WebUser.checkboxes(consent.body()))
                .containsExactlyInAnyOrder("openid", "offline_access", "photos.read", "photos.upload");
        assertThat(consent.body()).contains("See your photos").contains("Upload photos");

        HttpResponse<String> done = alice.consent(consent, "approve", Set.of("photos.upload"));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(WebUser.location(done)).startsWith(CB + "?");
        Map<String, String> params = WebUser.redirectParams(done);
        assertThat(params).containsEntry("state", "st-123").containsEntry("iss", server.issuer()).containsKey("code");

        HttpResponse<String> token = exchange(params.get("code"), pkce);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<String, Object> body = json(token);
        assertThat(body.get("scope")).isEqualTo("offline_access openid photos.read");
        assertThat(body).containsKeys("access_token", "refresh_token", "id_token");
        JWTClaimsSet at = claims((String) body.get("access_token"));
        assertThat(at.getSubject()).isEqualTo("alice");
        assertThat(at.getStringClaim("client_id")).isEqualTo("photoprint");
        assertThat(at.getStringClaim("scope")).isEqualTo("offline_access openid photos.read");
        assertThat(at.getAudience()).containsExactly("https://photos.example.com");
        SignedJWT id = SignedJWT.parse((String) body.get("id_token"));
        assertThat(id.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(id.getJWTClaimsSet().getAudience()).containsExactly("photoprint");
        assertThat(id.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-456");
        assertThat(id.getJWTClaimsSet().getLongClaim("auth_time")).isPositive();
        assertThat(id.getJWTClaimsSet().getIssuer()).isEqualTo(server.issuer());
    }

    @Test
    void whenConsentWasGivenBeforeThenTheUserIsNotAskedAgainAndOnlyNewScopesAreAsked() {
        WebUser bob = new WebUser(server);
        Pkce pkce = Pkce.generate();
        HttpResponse<String> consent = bob.login(bob.authorize(request("photoprint", CB, "photos.read", pkce, "a")), "bob", "bob-test-password");
        assertThat(WebUser.redirectParams(bob.consent(consent, "approve", Set.of()))).containsKey("code");

        HttpResponse<String> again = bob.authorize(request("photoprint", CB, "photos.read", Pkce.generate(), "b"));
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(WebUser.redirectParams(again)).containsKey("code").containsEntry("state", "b");

        HttpResponse<String> wider = bob.authorize(request("photoprint", CB, "photos.read photos.upload", Pkce.generate(), "c"));
        assertThat(wider.statusCode()).isEqualTo(200);
        assertThat(WebUser.checkboxes(wider.body())).containsExactly("photos.upload");
    }

    @Test
    void whenScopesAreNotPermittedByTheUsersRolesThenTheyAreShownUnavailableAndNeverGranted() throws Exception {
        WebUser bob = new WebUser(server);
        Pkce pkce = Pkce.generate();
        HttpResponse<String> consent = bob.login(bob.authorize(request("photoprint", CB, "view:events create:events", pkce, "s")),
                "bob", "bob-test-password");
        assertThat(WebUser.checkboxes(consent.body())).containsExactly("view:events");
        assertThat(consent.body()).contains("create:events");
        // A forged checkbox for the unavailable scope grants nothing (RFC 6749 §3.3: the server decides).
        List<String[]> fields = new java.util.ArrayList<>();
        WebUser.Form form = WebUser.form(consent.body(), "/authorize/consent");
        for (WebUser.Input in : form.inputs()) {
            if (in.name() != null && !"checkbox".equals(in.type()) && !"button".equals(in.tag()) && !"submit".equals(in.type())) {
                fields.add(new String[] {in.name(), in.value()});
            }
        }
        fields.add(new String[] {"grant", "view:events"});
        fields.add(new String[] {"grant", "create:events"});
        fields.add(new String[] {"decision", "approve"});
        Map<String, String> params = WebUser.redirectParams(bob.post("/authorize/consent", fields));
        Map<String, Object> body = json(exchange(params.get("code"), pkce));
        assertThat(body.get("scope")).isEqualTo("view:events");
    }

    @Test
    void whenEveryRequestedScopeIsUnavailableToTheUserThenAccessDenied() {
        WebUser carol = new WebUser(server);
        HttpResponse<String> r = carol.login(carol.authorize(request("photoprint", CB, "create:events", Pkce.generate(), "s")),
                "carol", "carol-test-password");
        assertThat(WebUser.redirectParams(r)).containsEntry("error", "access_denied").containsEntry("state", "s")
                .containsEntry("iss", server.issuer());
    }

    @Test
    void whenTheUserDeniesThenAccessDeniedAndNothingIsRemembered() {
        WebUser bob = new WebUser(server);
        HttpResponse<String> consent = bob.login(bob.authorize(request("photoprint", CB, "photos.upload", Pkce.generate(), "d")),
                "bob", "bob-test-password");
        Map<String, String> denied = WebUser.redirectParams(bob.consent(consent, "deny", Set.of()));
        assertThat(denied).containsEntry("error", "access_denied").containsEntry("state", "d").doesNotContainKey("code");
        HttpResponse<String> again = bob.authorize(request("photoprint", CB, "photos.upload", Pkce.generate(), "e"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(WebUser.checkboxes(again.body())).containsExactly("photos.upload");
    }

    @Test
    void whenTheUserUnticksEverythingThenAccessDenied() {
        WebUser carol = new WebUser(server);
        HttpResponse<String> consent = carol.login(carol.authorize(request("photoprint", CB, "photos.upload", Pkce.generate(), "u")),
                "carol", "carol-test-password");
        assertThat(WebUser.redirectParams(carol.consent(consent, "approve", Set.of("photos.upload"))))
                .containsEntry("error", "access_denied");
    }

    @Test
    void whenTheClientIsFirstPartyThenNoConsentIsAskedButTheGrantIsListed() {
        WebUser alice = new WebUser(server);
        HttpResponse<String> r = alice.login(alice.authorize(request("firstparty", "https://first.example/cb", "photos.read",
                Pkce.generate(), "f")), "alice", "alice-test-password");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(WebUser.redirectParams(r)).containsKey("code");
        assertThat(alice.get("/account").body()).contains("Our own app");
    }

    @Test
    void whenAFirstPartyClientRequiresConsentThenTheUserIsAsked() {
        WebUser alice = new WebUser(server);
        HttpResponse<String> r = alice.login(alice.authorize(request("strictfirst", "https://strict.example/cb", "photos.read",
                Pkce.generate(), "f")), "alice", "alice-test-password");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(WebUser.checkboxes(r.body())).containsExactly("photos.read");
    }

    @Test
    void whenIncludeGrantedScopesThenTheTokenHasTheUnionOfEarlierAndNewGrants() throws Exception {
        WebUser alice = new WebUser(server);
        Pkce first = Pkce.generate();
        HttpResponse<String> c1 = alice.login(alice.authorize(request("photoprint", CB, "photos.read", first, "1")), "alice", "alice-test-password");
        alice.consent(c1, "approve", Set.of());

        Pkce second = Pkce.generate();
        Map<String, String> req = request("photoprint", CB, "view:events", second, "2");
        req.put("include_granted_scopes", "true");
        HttpResponse<String> c2 = alice.authorize(req);
        assertThat(WebUser.checkboxes(c2.body())).containsExactly("view:events");
        Map<String, String> params = WebUser.redirectParams(alice.consent(c2, "approve", Set.of()));
        Map<String, Object> body = json(exchange(params.get("code"), second));
        assertThat(body.get("scope")).isEqualTo("photos.read view:events");
        assertThat(claims((String) body.get("access_token")).getAudience())
                .containsExactlyInAnyOrder("https://photos.example.com", "https://events.example.com");

        Pkce third = Pkce.generate();
        Map<String, Object> without = json(exchange(WebUser.redirectParams(
                alice.authorize(request("photoprint", CB, "view:events", third, "3"))).get("code"), third));
        assertThat(without.get("scope")).isEqualTo("view:events");
    }

    @Test
    void whenPromptIsConsentThenTheUserIsAskedAgain() {
        WebUser bob = new WebUser(server);
        HttpResponse<String> c1 = bob.login(bob.authorize(request("photoprint", CB, "photos.read", Pkce.generate(), "1")), "bob", "bob-test-password");
        bob.consent(c1, "approve", Set.of());
        Map<String, String> req = request("photoprint", CB, "photos.read", Pkce.generate(), "2");
        req.put("prompt", "consent");
        assertThat(WebUser.checkboxes(bob.authorize(req).body())).containsExactly("photos.read");
    }

    @Test
    void whenPromptIsLoginThenASignedInUserMustSignInAgain() {
        WebUser bob = new WebUser(server);
        HttpResponse<String> c1 = bob.login(bob.authorize(request("photoprint", CB, "photos.read", Pkce.generate(), "1")), "bob", "bob-test-password");
        bob.consent(c1, "approve", Set.of());
        Map<String, String> req = request("photoprint", CB, "photos.read", Pkce.generate(), "2");
        req.put("prompt", "login");
        HttpResponse<String> login = bob.authorize(req);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(WebUser.form(login.body(), "/login").inputs()).anyMatch(i -> "password".equals(i.name()));
        HttpResponse<String> after = bob.login(login, "bob", "bob-test-password");
        assertThat(WebUser.redirectParams(after)).containsKey("code").containsEntry("state", "2");
    }

    @Test
    void whenMaxAgeHasPassedThenTheUserMustSignInAgain() {
        WebUser bob = new WebUser(server);
        HttpResponse<String> c1 = bob.login(bob.authorize(request("photoprint", CB, "photos.read", Pkce.generate(), "1")), "bob", "bob-test-password");
        bob.consent(c1, "approve", Set.of());
        Map<String, String> fresh = request("photoprint", CB, "photos.read", Pkce.generate(), "2");
        fresh.put("max_age", "3600");
        assertThat(bob.authorize(fresh).statusCode()).isEqualTo(302);
        Map<String, String> strict = request("photoprint", CB, "photos.read", Pkce.generate(), "3");
        strict.put("max_age", "0");
        // OpenID Connect Core §3.1.2.1: max_age=0 means the user must authenticate now.
        HttpResponse<String> login = bob.authorize(strict);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(WebUser.form(login.body(), "/login").inputs()).anyMatch(i -> "password".equals(i.name()));
    }

    @Test
    void whenPromptIsNoneThenLoginRequiredOrConsentRequiredIsRedirected() {
        WebUser bob = new WebUser(server);
        Map<String, String> req = request("photoprint", CB, "photos.upload", Pkce.generate(), "n");
        req.put("prompt", "none");
        assertThat(WebUser.redirectParams(bob.authorize(req))).containsEntry("error", "login_required").containsEntry("state", "n");

        bob.login(bob.authorize(request("photoprint", CB, "photos.read", Pkce.generate(), "x")), "bob", "bob-test-password");
        assertThat(WebUser.redirectParams(bob.authorize(req))).containsEntry("error", "consent_required")
                .containsEntry("iss", server.issuer());
    }

    @Test
    void whenAPublicClientExchangesTheCodeThenOnlyPkceAuthenticatesIt() {
        WebUser alice = new WebUser(server);
        Pkce pkce = Pkce.generate();
        HttpResponse<String> c = alice.login(alice.authorize(request("mobile", "com.example.mobile:/cb", "openid view:events", pkce, "m")),
                "alice", "alice-test-password");
        Map<String, String> params = WebUser.redirectParams(alice.consent(c, "approve", Set.of()));
        HttpResponse<String> token = server.postForm("/token", "grant_type=authorization_code&client_id=mobile&code="
                + enc(params.get("code")) + "&code_verifier=" + pkce.verifier());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(json(token).get("scope")).isEqualTo("openid view:events");
        assertThat(json(token)).doesNotContainKey("refresh_token");
    }

    @Test
    void whenRefreshingThenTheTokenRotatesAndMayNarrowButNeverWiden() throws Exception {
        WebUser alice = new WebUser(server);
        Pkce pkce = Pkce.generate();
        HttpResponse<String> c = alice.login(alice.authorize(request("photoprint", CB, "offline_access photos.read photos.upload", pkce, "r")),
                "alice", "alice-test-password");
        Map<String, Object> first = json(exchange(WebUser.redirectParams(alice.consent(c, "approve", Set.of())).get("code"), pkce));
        String refresh1 = (String) first.get("refresh_token");

        HttpResponse<String> narrowed = server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET,
                "grant_type=refresh_token&refresh_token=" + enc(refresh1) + "&scope=photos.read");
        assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
        assertThat(json(narrowed).get("scope")).isEqualTo("photos.read");
        String refresh2 = (String) json(narrowed).get("refresh_token");
        assertThat(refresh2).isNotEqualTo(refresh1);

        // RFC 6749 §6: the new refresh token keeps the original grant, so the next refresh may ask for all of it again.
        HttpResponse<String> full = server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET,
                "grant_type=refresh_token&refresh_token=" + enc(refresh2));
        assertThat(json(full).get("scope")).isEqualTo("offline_access photos.read photos.upload");

        HttpResponse<String> wider = server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET,
                "grant_type=refresh_token&refresh_token=" + enc((String) json(full).get("refresh_token")) + "&scope=photos.delete");
        assertThat(wider.statusCode()).isEqualTo(400);
        assertThat(json(wider)).isEqualTo(TestServer.error("invalid_scope", "scope photos.delete was not granted to this refresh token"));
    }

    @Test
    void whenUserinfoIsCalledWithAnOpenidTokenThenItNamesTheUser() {
        WebUser bob = new WebUser(server);
        Pkce pkce = Pkce.generate();
        HttpResponse<String> c = bob.login(bob.authorize(request("photoprint", CB, "openid photos.read", pkce, "u")), "bob", "bob-test-password");
        Map<String, Object> tokens = json(exchange(WebUser.redirectParams(bob.consent(c, "approve", Set.of())).get("code"), pkce));
        HttpResponse<String> info = server.send("GET", "/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(json(info)).containsEntry("sub", "bob");

        String cc = server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
        HttpResponse<String> noOpenid = server.send("GET", "/userinfo", "Authorization", "Bearer " + cc);
        assertThat(noOpenid.statusCode()).isEqualTo(403);
        assertThat(noOpenid.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"insufficient_scope\"");

        HttpResponse<String> none = server.send("GET", "/userinfo");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("Bearer realm=\"scopekeeper\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenMetadataIsReadThenItAdvertisesTheCodeFlowWithPkceAndIss() {
        Map<String, Object> m = json(server.get("/.well-known/openid-configuration"));
        assertThat(m).containsEntry("authorization_endpoint", server.issuer() + "/authorize")
                .containsEntry("response_types_supported", List.of("code"))
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("authorization_response_iss_parameter_supported", true)
                .containsEntry("userinfo_endpoint", server.issuer() + "/userinfo");
        assertThat((List<Object>) m.get("grant_types_supported")).contains("authorization_code", "refresh_token");
        assertThat((List<Object>) m.get("scopes_supported")).contains("openid", "offline_access");
    }

    Map<String, Object> offlineTokens(String user, String password) {
        WebUser u = new WebUser(server);
        Pkce pkce = Pkce.generate();
        HttpResponse<String> c = u.login(u.authorize(request("photoprint", CB, "offline_access photos.read", pkce, "o")), user, password);
        return json(exchange(WebUser.redirectParams(u.consent(c, "approve", Set.of())).get("code"), pkce));
    }

    static Map<String, Object> introspect(String clientId, String secret, Object token) {
        return json(server.postBasic("/introspect", clientId, secret, "token=" + enc((String) token)));
    }

    @Test
    void whenARefreshTokenIsRevokedThenItsGrantDiesAndItsAccessTokenIsInactive() {
        Map<String, Object> tokens = offlineTokens("bob", "bob-test-password");
        assertThat(introspect("photoprint", PHOTOPRINT_SECRET, tokens.get("access_token"))).containsEntry("active", true);

        // RFC 7009 §2: refresh tokens MUST be revocable; §2.1: the grant's access tokens SHOULD go with it.
        HttpResponse<String> revoked = server.postBasic("/revoke", "photoprint", PHOTOPRINT_SECRET,
                "token=" + enc((String) tokens.get("refresh_token")) + "&token_type_hint=refresh_token");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(introspect("photoprint", PHOTOPRINT_SECRET, tokens.get("access_token"))).isEqualTo(Map.of("active", false));
        HttpResponse<String> refresh = server.postBasic("/token", "photoprint", PHOTOPRINT_SECRET,
                "grant_type=refresh_token&refresh_token=" + enc((String) tokens.get("refresh_token")));
        assertThat(json(refresh)).isEqualTo(TestServer.error("invalid_grant", "refresh token has been revoked"));
    }

    @Test
    void whenAnotherClientRevokesARefreshTokenThenUnauthorizedClientAndItStillWorks() {
        Map<String, Object> tokens = offlineTokens("bob", "bob-test-password");
        HttpResponse<String> r = server.postBasic("/revoke", "archiver", TestServer.ARCHIVER_SECRET,
                "token=" + enc((String) tokens.get("refresh_token")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(TestServer.error("unauthorized_client", "the token was not issued to this client"));
        assertThat(introspect("photoprint", PHOTOPRINT_SECRET, tokens.get("refresh_token"))).containsEntry("active", true);
    }

    @Test
    void whenARefreshTokenIsIntrospectedThenOnlyItsOwnClientSeesItActive() {
        Map<String, Object> tokens = offlineTokens("alice", "alice-test-password");
        Map<String, Object> own = introspect("photoprint", PHOTOPRINT_SECRET, tokens.get("refresh_token"));
        assertThat(own).containsEntry("active", true).containsEntry("token_type", "refresh_token")
                .containsEntry("client_id", "photoprint").containsEntry("sub", "alice")
                .containsEntry("scope", "offline_access photos.read").containsEntry("iss", server.issuer());
        // RFC 7662 §4: no token scanning by other clients.
        assertThat(introspect("archiver", TestServer.ARCHIVER_SECRET, tokens.get("refresh_token"))).isEqualTo(Map.of("active", false));
        Map<String, Object> access = introspect("archiver", TestServer.ARCHIVER_SECRET, tokens.get("access_token"));
        assertThat(access).containsEntry("active", true).containsEntry("sub", "alice").containsEntry("client_id", "photoprint");
    }

    @Test
    void whenARequestObjectIsSentThenRequestNotSupportedIsRedirected() {
        WebUser alice = new WebUser(server);
        Map<String, String> req = request("photoprint", CB, "photos.read", Pkce.generate(), "ro");
        req.put("request", "eyJhbGciOiJub25lIn0.e30.");
        assertThat(WebUser.redirectParams(alice.authorize(req))).containsEntry("error", "request_not_supported")
                .containsEntry("state", "ro").containsEntry("iss", server.issuer());
        Map<String, String> byUri = request("photoprint", CB, "photos.read", Pkce.generate(), "ru");
        byUri.put("request_uri", "https://photoprint.example/request.jwt");
        assertThat(WebUser.redirectParams(alice.authorize(byUri))).containsEntry("error", "request_uri_not_supported");
    }
}
