package dev.scopekeeper.server.endpoint;

import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.basic;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /revocations: the feed resource servers follow to refuse revoked tokens within a second. */
class RevocationFeedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static HttpResponse<String> feed(String query) {
        return server.send("GET", RevocationFeedEndpoint.PATH + query, "Authorization", basic("archiver", ARCHIVER_SECRET));
    }

    static String revokedToken() throws Exception {
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images");
        assertThat(server.postBasic("/revoke", "archiver", ARCHIVER_SECRET, "token=" + enc(token)).statusCode()).isEqualTo(200);
        return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    }

    @SuppressWarnings("unchecked")
    static List<String> jtis(HttpResponse<String> r) {
        return ((List<Map<String, Object>>) json(r).get("revoked")).stream().map(m -> (String) m.get("jti")).toList();
    }

    @Test
    void whenReadWithoutACursorThenEveryUnexpiredRevocationAndACursor() throws Exception {
        String jti = revokedToken();
        HttpResponse<String> r = feed("");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(jtis(r)).contains(jti);
        assertThat((String) json(r).get("cursor")).matches("[0-9]+");
        assertThat(json(r)).containsEntry("more", false);
    }

    @Test
    void whenLongPollingThenARevocationArrivesWithinASecond() throws Exception {
        String cursor = (String) json(feed("")).get("cursor");
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images");
        String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> feed("?since=" + cursor + "&wait=20"));

        long revokedAt = System.nanoTime();
        server.postBasic("/revoke", "archiver", ARCHIVER_SECRET, "token=" + enc(token));
        HttpResponse<String> r = poll.get(20, TimeUnit.SECONDS);
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - revokedAt).toMillis();

        assertThat(jtis(r)).contains(jti);
        // The bound: refused everywhere within 1 s; the feed's share must be well inside it.
        assertThat(elapsedMillis).isLessThan(1000);
        assertThat(Long.parseLong((String) json(r).get("cursor"))).isGreaterThan(Long.parseLong(cursor));
    }

    @Test
    void whenNothingIsRevokedThenTheLongPollAnswersAfterTheWaitWithTheSameCursor() {
        String cursor = (String) json(feed("")).get("cursor");
        long start = System.nanoTime();
        HttpResponse<String> r = feed("?since=" + cursor + "&wait=1");
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isGreaterThanOrEqualTo(900);
        assertThat(json(r).get("cursor")).isEqualTo(cursor);
    }

    @Test
    void whenTheCallerIsNotAnAuthenticatedConfidentialClientThen401() {
        HttpResponse<String> anonymous = server.get(RevocationFeedEndpoint.PATH);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous)).containsEntry("error", "invalid_client");
        HttpResponse<String> wrong = server.send("GET", RevocationFeedEndpoint.PATH, "Authorization", basic("archiver", "wrong-secret"));
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void whenTheCursorOrWaitIsMalformedThenInvalidRequest() {
        assertThat(json(feed("?since=yesterday"))).isEqualTo(TestServer.error("invalid_request", "since must be a cursor returned by this feed"));
        assertThat(json(feed("?since=1&wait=31"))).isEqualTo(TestServer.error("invalid_request", "wait must be 0 to 30 seconds"));
        assertThat(feed("?since=1&since=2").statusCode()).isEqualTo(400);
    }

    @Test
    void whenAUsersConsentIsRevokedThenItsAccessTokensAppearOnTheFeed() {
        String cursor = (String) json(feed("")).get("cursor");
        server.server().store().recordAccessToken("feed-jti-1", "alice", "photoprint",
                dev.scopekeeper.scopes.ScopeSet.of("photos.read"), null, java.time.Instant.now().plusSeconds(300));
        server.server().store().revokeConsent("alice", "photoprint", null, java.time.Instant.now());
        assertThat(jtis(feed("?since=" + cursor))).contains("feed-jti-1");
    }
}
