package dev.scopekeeper.resource;

import dev.scopekeeper.resource.TokenRejectedException.Reason;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.token.SigningAlgorithm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.scopekeeper.resource.Fixture.assertRejected;
import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.INDEXER_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** Tokens of the real authorization server (the server module's TestServer), verified by this library. */
class AuthorizationServerIntegrationTest {
    private static final String PHOTOS = "https://photos.example.com";
    private static final ScopeCatalog CATALOG = ConfigLoader.parse("test.yaml", TestServer.CONFIG).catalog();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static TokenVerifier photosVerifier(TestServer on) {
        return TokenVerifier.builder().issuer(on.issuer()).audience(PHOTOS).build();
    }

    @Test
    void whenClientCredentialsTokenFromTheServerThenVerifiedWithItsScope() throws Exception {
        String token = server.token("indexer", INDEXER_SECRET, "photos.manage");
        VerifiedToken v = photosVerifier(server).verify(token);
        assertThat(v.subject()).isEqualTo("indexer");
        assertThat(v.clientId()).isEqualTo("indexer");
        // the server writes the implied scopes into the token too
        assertThat(v.scope()).isEqualTo(ScopeSet.of("photos.manage", "photos.read", "photos.upload", "photos.delete"));
        assertThat(v.audiences()).containsExactly(PHOTOS);
        assertThat(v.claims()).containsEntry("iss", server.issuer());
        assertThat(ScopeRequirement.allOf("photos.read").withCatalog(CATALOG).isSatisfiedBy(v.scope())).isTrue();
        assertThat(ScopeRequirement.allOf("read:images").withCatalog(CATALOG).isSatisfiedBy(v.scope())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void whenServerSignsWithAnyOfItsAlgorithmsThenVerified(SigningAlgorithm alg) throws Exception {
        try (TestServer other = TestServer.start(DatabaseSettings.h2Memory("rs_" + UUID.randomUUID().toString().replace("-", "")),
                s -> s.withAlgorithm(alg))) {
            String token = other.token("indexer", INDEXER_SECRET, "photos.read");
            assertThat(photosVerifier(other).verify(token).scope()).isEqualTo(ScopeSet.of("photos.read"));
        }
    }

    @Test
    void whenTokenIsForAnotherApiThenWrongAudience() {
        String imaging = server.token("archiver", ARCHIVER_SECRET, "read:images");
        assertRejected(photosVerifier(server), imaging, Reason.WRONG_AUDIENCE);
    }

    @Test
    void whenServerRotatesItsKeyThenTheNewKidIsFetchedAndBothTokensVerify() throws Exception {
        JwksSource keys = JwksSource.forIssuer(server.issuer()).minRefetchInterval(Duration.ofMillis(1)).build();
        TokenVerifier verifier = TokenVerifier.builder().issuer(server.issuer()).audience(PHOTOS).keys(keys).build();
        String before = server.token("indexer", INDEXER_SECRET, "photos.read");
        verifier.verify(before);
        server.server().keys().rotate();
        Thread.sleep(5);
        String after = server.token("indexer", INDEXER_SECRET, "photos.read");
        assertThat(verifier.verify(after).subject()).isEqualTo("indexer");
        assertThat(verifier.verify(before).subject()).isEqualTo("indexer");
    }

    /**
     * Revocation at the authorization server does not reach a resource server that verifies locally: that is the
     * revocation feed's job (DESIGN.md "Data"). Until a feed client fills a {@link RevocationList}, a revoked
     * token is accepted until its exp (5 minutes by default), cached or not.
     */
    @Test
    void whenTokenRevokedAtTheServerThenStillAcceptedWithoutARevocationListButRejectedWithOne() throws Exception {
        String token = server.token("indexer", INDEXER_SECRET, "photos.read");
        TokenVerifier verifier = photosVerifier(server);
        String jti = verifier.verify(token).jti();

        HttpResponse<String> revoked = server.postBasic("/revoke", "indexer", INDEXER_SECRET, "token=" + token);
        assertThat(revoked.statusCode()).isEqualTo(200);
        HttpResponse<String> introspected = server.postBasic("/introspect", "indexer", INDEXER_SECRET, "token=" + token);
        assertThat(TestServer.json(introspected)).containsEntry("active", false);

        assertThat(verifier.verify(token).jti()).isEqualTo(jti);
        assertThat(TokenVerifier.builder().issuer(server.issuer()).audience(PHOTOS).cacheSize(0).build()
                .verify(token).jti()).isEqualTo(jti);

        RevocationList fromFeed = jti::equals;
        assertRejected(TokenVerifier.builder().issuer(server.issuer()).audience(PHOTOS).revocationList(fromFeed).build(),
                token, Reason.REVOKED);
    }
}
