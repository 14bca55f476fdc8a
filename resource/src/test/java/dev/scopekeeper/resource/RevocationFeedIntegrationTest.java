package dev.scopekeeper.resource;

import dev.scopekeeper.resource.RevocationFeed.Status;
import dev.scopekeeper.resource.TokenRejectedException.Reason;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.testing.TestServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static dev.scopekeeper.resource.Fixture.assertRejected;
import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.INDEXER_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** The feed client following the real authorization server's {@code /revocations} (issue 4: refused within 1 s). */
class RevocationFeedIntegrationTest {
    private static final String PHOTOS = "https://photos.example.com";
    private static final Duration BOUND = Duration.ofSeconds(3);

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private RevocationFeed feed;

    @AfterEach
    void close() {
        if (feed != null) {
            feed.close();
        }
    }

    private RevocationFeed startFeed(String secret) {
        feed = RevocationFeed.forIssuer(server.issuer()).clientCredentials("archiver", secret).build();
        feed.start();
        return feed;
    }

    private static String revoke(String token) {
        HttpResponse<String> r = server.postBasic("/revoke", "indexer", INDEXER_SECRET, "token=" + TestServer.enc(token));
        assertThat(r.statusCode()).isEqualTo(200);
        return token;
    }

    @Test
    void whenATokenIsRevokedAtTheServerThenTheVerifierRefusesItWithinOneSecond() throws Exception {
        RevocationFeed f = startFeed(ARCHIVER_SECRET);
        TokenVerifier verifier = TokenVerifier.builder().issuer(server.issuer()).audience(PHOTOS).revocationList(f).build();
        String token = server.token("indexer", INDEXER_SECRET, "photos.read");
        assertThat(verifier.verify(token).subject()).isEqualTo("indexer"); // now cached: only revocation can stop it

        revoke(token);
        long millis = Await.until(BOUND, "the revoked token is refused", () -> refused(verifier, token));

        System.out.printf("revoke -> refusal: %d ms%n", millis);
        assertThat(millis).isLessThan(1000);
        assertRejected(verifier, token, Reason.REVOKED);
        assertThat(f.health().status()).isEqualTo(Status.UP);
    }

    private static boolean refused(TokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return false;
        } catch (TokenRejectedException e) {
            assertThat(e.reason()).isEqualTo(Reason.REVOKED);
            return true;
        }
    }

    @Test
    void whenAUsersAppIsDisconnectedThenItsAccessTokensAreListedWithinOneSecond() {
        RevocationFeed f = startFeed(ARCHIVER_SECRET);
        String jti = "user-" + UUID.randomUUID();
        server.server().store().recordAccessToken(jti, "alice", "photoprint", ScopeSet.of("photos.read"), null,
                Instant.now().plusSeconds(300));
        assertThat(f.isRevoked(jti)).isFalse();

        server.server().store().revokeConsent("alice", "photoprint", null, Instant.now());
        long millis = Await.until(BOUND, "the user's token is listed", () -> f.isRevoked(jti));
        System.out.printf("disconnect -> listed: %d ms%n", millis);

        assertThat(millis).isLessThan(1000);
    }

    @Test
    void whenTokensWereRevokedBeforeStartThenTheSnapshotHasThem() throws Exception {
        String token = revoke(server.token("indexer", INDEXER_SECRET, "photos.read"));
        TokenVerifier verifier = TokenVerifier.builder().issuer(server.issuer()).audience(PHOTOS).build();
        String jti = verifier.verify(token).jti();

        RevocationFeed f = startFeed(ARCHIVER_SECRET);

        assertThat(f.isRevoked(jti)).isTrue();
        assertRejected(TokenVerifier.builder().issuer(server.issuer()).audience(PHOTOS).revocationList(f).build(),
                token, Reason.REVOKED);
    }

    @Test
    void whenTheSecretIsWrongThenDownWithTheErrorAndTokensStillVerify() throws Exception {
        RevocationFeed f = startFeed("wrong-secret");
        assertThat(f.health().status()).isEqualTo(Status.DOWN);
        assertThat(f.health().lastError()).contains("HTTP 401");
        TokenVerifier verifier = TokenVerifier.builder().issuer(server.issuer()).audience(PHOTOS).revocationList(f).build();
        assertThat(verifier.verify(server.token("indexer", INDEXER_SECRET, "photos.read")).subject()).isEqualTo("indexer");
    }
}
