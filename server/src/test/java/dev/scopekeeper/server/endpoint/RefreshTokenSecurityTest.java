package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.testing.WebUser;
import dev.scopekeeper.server.testing.WebUser.Pkce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static dev.scopekeeper.server.endpoint.BrowserFlows.active;
import static dev.scopekeeper.server.endpoint.BrowserFlows.assertTokenError;
import static dev.scopekeeper.server.endpoint.BrowserFlows.exchange;
import static dev.scopekeeper.server.endpoint.BrowserFlows.photoprint;
import static dev.scopekeeper.server.endpoint.BrowserFlows.refresh;
import static dev.scopekeeper.server.endpoint.BrowserFlows.tokens;
import static dev.scopekeeper.server.testing.TestServer.FIRSTPARTY_SECRET;
import static dev.scopekeeper.server.testing.TestServer.PHOTOPRINT_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The refresh grant (RFC 6749 §6) with rotation (RFC 9700 §4.14.2) under attack, and what ends a refresh token. */
class RefreshTokenSecurityTest {
    @RegisterExtension
    static final BrowserFlows.ClockedServer env = new BrowserFlows.ClockedServer();

    WebUser alice;

    @BeforeEach
    void newBrowser() {
        BrowserFlows.forgetConsents(server());
        alice = new WebUser(server());
    }

    static TestServer server() {
        return env.server();
    }

    Map<String, Object> grant(String scope) {
        return tokens(server(), alice, "alice", scope);
    }

    static HttpResponse<String> narrowed(String refreshToken, String scope) {
        return server().postBasic("/token", "photoprint", PHOTOPRINT_SECRET,
                "grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&scope=" + enc(scope));
    }

    static Map<String, Object> refreshed(String refreshToken) {
        HttpResponse<String> r = BrowserFlows.refresh(server(), refreshToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    // RFC 9700 §4.14.2: a rotated refresh token used again means it leaked; the whole family is revoked.
    @Test
    void whenARotatedRefreshTokenIsReusedThenInvalidGrantAndTheWholeFamilyIsRevoked() {
        Map<String, Object> first = grant("offline_access photos.read");
        Map<String, Object> second = refreshed((String) first.get("refresh_token"));
        assertThat(active(server(), second.get("access_token"))).isTrue();

        assertTokenError(refresh(server(), (String) first.get("refresh_token")), 400, "invalid_grant",
                "refresh token was already used; all tokens of this grant are revoked");
        assertTokenError(refresh(server(), (String) second.get("refresh_token")), 400, "invalid_grant", "refresh token has been revoked");
        assertThat(active(server(), second.get("access_token"))).isFalse();
        assertThat(active(server(), first.get("access_token"))).isFalse();
    }

    // RFC 6749 §6: the refresh token is bound to the client it was issued to.
    @Test
    void whenAnotherClientPresentsTheRefreshTokenThenInvalidGrantAndTheTokenStillWorksForItsClient() {
        String rt = (String) grant("offline_access photos.read").get("refresh_token");
        assertTokenError(server().postForm("/token", "grant_type=refresh_token&client_id=mobile&refresh_token=" + enc(rt)),
                400, "invalid_grant", "refresh token was issued to another client");
        // RFC 6749 §5.2: a client not registered for the refresh grant is refused before the token is looked at.
        assertTokenError(server().postBasic("/token", "firstparty", FIRSTPARTY_SECRET, "grant_type=refresh_token&refresh_token=" + enc(rt)),
                400, "unauthorized_client", "client is not allowed to use grant_type refresh_token");
        assertThat(refreshed(rt)).containsKey("refresh_token");
    }

    // RFC 6749 §6: the requested scope MUST NOT include any scope not originally granted.
    @Test
    void whenTheScopeIsWiderThanTheGrantThenInvalidScopeAndTheTokenIsNotUsedUp() {
        String rt = (String) grant("offline_access photos.read").get("refresh_token");
        assertTokenError(narrowed(rt, "photos.upload"), 400, "invalid_scope", "scope photos.upload was not granted to this refresh token");
        assertTokenError(narrowed(rt, "photos.read photos.manage"), 400, "invalid_scope",
                "scope photos.delete photos.manage photos.upload was not granted to this refresh token");
        assertTokenError(narrowed(rt, "openid"), 400, "invalid_scope", "scope openid was not granted to this refresh token");
        assertThat(refreshed(rt).get("scope")).isEqualTo("offline_access photos.read");
    }

    // RFC 6749 §3.3 and §5.2: a malformed scope is invalid_scope.
    @Test
    void whenTheScopeIsMalformedThenInvalidScope() {
        String rt = (String) grant("offline_access photos.read").get("refresh_token");
        assertTokenError(narrowed(rt, "photos.read\"x"), 400, "invalid_scope", "malformed scope");
        assertTokenError(narrowed(rt, "photos.read  offline_access"), 400, "invalid_scope", "malformed scope");
        assertThat(refreshed(rt)).containsKey("access_token");
    }

    // RFC 6749 §3.2: parameters MUST NOT be included more than once.
    @Test
    void whenTheRefreshTokenIsDuplicatedThenInvalidRequest() {
        String rt = (String) grant("offline_access photos.read").get("refresh_token");
        assertTokenError(server().postBasic("/token", "photoprint", PHOTOPRINT_SECRET,
                        "grant_type=refresh_token&refresh_token=" + enc(rt) + "&refresh_token=" + enc(rt)),
                400, "invalid_request", "parameter 'refresh_token' is included more than once");
        assertThat(refreshed(rt)).containsKey("access_token");
    }

    // OpenID Connect Core §11: a refresh token only when offline_access was granted.
    @Test
    void whenOfflineAccessIsNotGrantedThenNoRefreshToken() {
        Map<String, Object> without = grant("photos.read");
        assertThat(without).containsKey("access_token").doesNotContainKey("refresh_token");

        Pkce pkce = Pkce.generate();
        HttpResponse<String> consent = alice.authorize(photoprint("offline_access photos.upload", pkce, "u"));
        Map<String, String> params = WebUser.redirectParams(alice.consent(consent, "approve", Set.of("offline_access")));
        Map<String, Object> unticked = json(exchange(server(), params.get("code"), pkce));
        assertThat(unticked.get("scope")).isEqualTo("photos.upload");
        assertThat(unticked).doesNotContainKey("refresh_token");
    }

    // RFC 6749 §6 / RFC 9700 §4.14.2: a refresh token that has expired (30 days unused) is refused.
    @Test
    void whenTheRefreshTokenHasExpiredThenInvalidGrant() {
        String rt = (String) grant("offline_access photos.read").get("refresh_token");
        env.clock().advance(Duration.ofDays(29));
        String next = (String) refreshed(rt).get("refresh_token");
        env.clock().advance(Duration.ofDays(31));
        assertTokenError(refresh(server(), next), 400, "invalid_grant", "refresh token has expired");
    }

    // DESIGN.md, connected apps: taking back consent ends the refresh tokens that carried it, at once.
    @Test
    void whenTheConsentIsRevokedThenTheRefreshTokenAndItsAccessTokenAreRevoked() {
        Map<String, Object> read = grant("offline_access photos.read");
        Map<String, Object> upload = grant("offline_access photos.upload");
        server().server().store().revokeConsent("alice", "photoprint", ScopeSet.of("photos.upload"), env.clock().instant());
        assertTokenError(refresh(server(), (String) upload.get("refresh_token")), 400, "invalid_grant", "refresh token has been revoked");
        assertThat(active(server(), upload.get("access_token"))).isFalse();
        // The grant without the revoked scope lives on.
        assertThat(active(server(), read.get("access_token"))).isTrue();
        String next = (String) refreshed((String) read.get("refresh_token")).get("refresh_token");

        server().server().store().revokeConsent("alice", "photoprint", null, env.clock().instant());
        assertTokenError(refresh(server(), next), 400, "invalid_grant", "refresh token has been revoked");
    }

    // RFC 7009 §2.1: a client can revoke its refresh token, and SHOULD thereby end the access tokens of the same grant.
    @Test
    void whenTheClientRevokesItsRefreshTokenThenTheGrantEnds() {
        Map<String, Object> t = grant("offline_access photos.read");
        String rt = (String) t.get("refresh_token");
        HttpResponse<String> other = server().postBasic("/revoke", "firstparty", FIRSTPARTY_SECRET, "token=" + enc(rt));
        assertTokenError(other, 400, "unauthorized_client", "the token was not issued to this client");
        assertThat(active(server(), t.get("access_token"))).isTrue();

        HttpResponse<String> r = server().postBasic("/revoke", "photoprint", PHOTOPRINT_SECRET,
                "token=" + enc(rt) + "&token_type_hint=refresh_token");
        assertThat(r.statusCode()).isEqualTo(200);
        assertTokenError(refresh(server(), rt), 400, "invalid_grant", "refresh token has been revoked");
        assertThat(active(server(), t.get("access_token"))).isFalse();
    }
}
