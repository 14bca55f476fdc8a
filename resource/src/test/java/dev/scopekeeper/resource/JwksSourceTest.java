package dev.scopekeeper.resource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.scopekeeper.resource.TokenRejectedException.Reason;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.scopekeeper.resource.Fixture.assertRejected;
import static dev.scopekeeper.resource.TestKeys.RSA;
import static dev.scopekeeper.resource.TestKeys.RSA_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery, refetch on unknown kid, its rate limit, rotation, failures; counted on the stub server. */
class JwksSourceTest {
    private final Fixture f = new Fixture(RSA);

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void whenFirstTokenVerifiedThenMetadataAndJwksFetchedOnceAndReused() throws Exception {
        TokenVerifier verifier = f.verifierBuilder().cacheSize(0).build();
        for (int i = 0; i < 5; i++) {
            verifier.verify(f.token(RSA).sign());
        }
        assertThat(f.server.metadataRequests).hasValue(1);
        assertThat(f.server.jwksRequests).hasValue(1);
    }

    @Test
    void whenKidUnknownThenOneRefetchThenRejectedAndASecondUnknownKidInTheWindowDoesNotRefetch() throws Exception {
        TokenVerifier verifier = f.verifier();
        verifier.verify(f.token(RSA).sign());
        assertThat(f.server.jwksRequests).hasValue(1);
        f.clock.advance(Duration.ofSeconds(11));

        assertRejected(verifier, f.token(TestKeys.rsa("random-1")).sign(), Reason.UNKNOWN_KEY);
        assertThat(f.server.jwksRequests).hasValue(2);

        assertRejected(verifier, f.token(RSA).kid("random-2").sign(), Reason.UNKNOWN_KEY);
        assertRejected(verifier, f.token(RSA).kid("random-3").sign(), Reason.UNKNOWN_KEY);
        f.clock.advance(Duration.ofSeconds(9));
        assertRejected(verifier, f.token(RSA).kid("random-4").sign(), Reason.UNKNOWN_KEY);
        assertThat(f.server.jwksRequests).hasValue(2);
        assertThat(f.server.metadataRequests).hasValue(1);

        f.clock.advance(Duration.ofSeconds(2));
        assertRejected(verifier, f.token(RSA).kid("random-5").sign(), Reason.UNKNOWN_KEY);
        assertThat(f.server.jwksRequests).hasValue(3);
    }

    @Test
    void whenKeyRotatedThenRefetchedAndTheNewKeyAccepted() throws Exception {
        TokenVerifier verifier = f.verifier();
        String old = f.token(RSA).sign();
        verifier.verify(old);
        f.server.publish(RSA, RSA_2);
        f.clock.advance(Duration.ofSeconds(10));

        VerifiedToken v = verifier.verify(f.token(RSA_2).sign());
        assertThat(v.subject()).isEqualTo("alice");
        assertThat(f.server.jwksRequests).hasValue(2);
        assertThat(verifier.verify(old).subject()).isEqualTo("alice");
    }

    @Test
    void whenRefetchIntervalConfiguredThenItIsTheLimit() throws Exception {
        JwksSource slow = f.jwks().minRefetchInterval(Duration.ofMinutes(1)).build();
        TokenVerifier verifier = f.verifierBuilder().keys(slow).build();
        verifier.verify(f.token(RSA).sign());
        f.server.publish(RSA, RSA_2);
        f.clock.advance(Duration.ofSeconds(30));
        assertRejected(verifier, f.token(RSA_2).sign(), Reason.UNKNOWN_KEY);
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(verifier.verify(f.token(RSA_2).sign()).subject()).isEqualTo("alice");
        assertThat(f.server.jwksRequests).hasValue(2);
    }

    @Test
    void whenManyThreadsSendRandomKidsAtOnceThenAtMostOneFetch() throws Exception {
        TokenVerifier verifier = f.verifier();
        verifier.verify(f.token(RSA).sign());
        f.clock.advance(Duration.ofSeconds(11));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tokens.add(f.token(RSA).kid("random-" + i).sign());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Reason>> results = new ArrayList<>();
            for (String token : tokens) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        verifier.verify(token);
                        return null;
                    } catch (TokenRejectedException e) {
                        return e.reason();
                    }
                }));
            }
            start.countDown();
            for (Future<Reason> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(Reason.UNKNOWN_KEY);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.server.jwksRequests).hasValue(2);
    }

    @Test
    void whenRefetchFailsThenTheLastGoodKeysAreKept() throws Exception {
        TokenVerifier verifier = f.verifierBuilder().cacheSize(0).build();
        verifier.verify(f.token(RSA).sign());
        f.server.jwksStatus = 500;
        f.clock.advance(Duration.ofSeconds(11));
        assertRejected(verifier, f.token(RSA_2).sign(), Reason.UNKNOWN_KEY);
        assertThat(f.server.jwksRequests).hasValue(2);
        assertThat(verifier.verify(f.token(RSA).sign()).subject()).isEqualTo("alice");

        f.server.jwksStatus = 200;
        f.server.jwksBody = "{\"keys\": \"not a list\"}";
        f.clock.advance(Duration.ofSeconds(11));
        assertRejected(verifier, f.token(RSA_2).sign(), Reason.UNKNOWN_KEY);
        assertThat(verifier.verify(f.token(RSA).sign()).subject()).isEqualTo("alice");
    }

    @Test
    void whenNoKeysWereEverFetchedThenJwksUnavailableNotAnInvalidToken() {
        f.server.jwksStatus = 503;
        TokenVerifier verifier = f.verifier();
        assertThatThrownBy(() -> verifier.verify(f.token(RSA).sign()))
                .isInstanceOf(JwksUnavailableException.class).hasMessageContaining("HTTP 503");
        // within the rate-limit window: no new attempt, same answer
        assertThatThrownBy(() -> verifier.verify(f.token(RSA).sign())).isInstanceOf(JwksUnavailableException.class);
        assertThat(f.server.jwksRequests).hasValue(1);
    }

    @Test
    void whenMetadataNamesAnotherIssuerThenItsKeysAreRefused() {
        f.server.metadataIssuer = "https://evil.example";
        TokenVerifier verifier = f.verifier();
        assertThatThrownBy(() -> verifier.verify(f.token(RSA).sign()))
                .isInstanceOf(JwksUnavailableException.class).hasMessageContaining("names issuer https://evil.example");
        assertThatThrownBy(f.jwks::load).isInstanceOf(JwksUnavailableException.class).hasMessageContaining("8414");
        assertThat(f.server.jwksRequests).hasValue(0);
    }

    @Test
    void whenMetadataIssuerHasATrailingSlashThenRefused() {
        f.server.metadataIssuer = f.server.issuer() + "/";
        assertThatThrownBy(f.jwks::load).isInstanceOf(JwksUnavailableException.class);
    }

    @Test
    void whenLoadedAtStartThenTheFirstTokenNeedsNoFetch() throws Exception {
        f.jwks.load();
        assertThat(f.server.jwksRequests).hasValue(1);
        f.verifier().verify(f.token(RSA).sign());
        assertThat(f.server.jwksRequests).hasValue(1);
    }

    @Test
    void whenKeysOlderThanMaxAgeThenRefreshedAndAWithdrawnKeyNoLongerVerifies() throws Exception {
        JwksSource source = f.jwks().maxAge(Duration.ofMinutes(5)).build();
        TokenVerifier verifier = f.verifierBuilder().keys(source).cacheSize(0).build();
        verifier.verify(f.token(RSA).sign());
        f.server.publish(RSA_2);
        f.clock.advance(Duration.ofMinutes(6));
        // this use finds the keys stale and refreshes them (inline in tests, in the background otherwise)
        verifier.verify(f.token(RSA).sign());
        assertThat(f.server.jwksRequests).hasValue(2);
        assertRejected(verifier, f.token(RSA).sign(), Reason.UNKNOWN_KEY);
    }

    @Test
    void whenJwksHoldsKeysThatCannotVerifyHereThenTheyAreIgnored() throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        RSAKey encryption = new RSAKey.Builder(TestKeys.rsa("enc")).keyUse(KeyUse.ENCRYPTION).build();
        RSAKey signOnly = new RSAKey.Builder(TestKeys.rsa("sign-only")).keyUse(null).keyOperations(Set.of(KeyOperation.SIGN)).build();
        OctetSequenceKey hmac = new OctetSequenceKey.Builder(new byte[32]).keyID("hmac").build();
        JWK x25519 = new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(Curve.X25519).keyID("x25519").generate();
        f.server.jwksBody = "{\"keys\":[" + String.join(",", weak.toPublicJWK().toJSONString(), encryption.toPublicJWK().toJSONString(),
                signOnly.toPublicJWK().toJSONString(), hmac.toJSONString(), x25519.toPublicJWK().toJSONString(),
                RSA.toPublicJWK().toJSONString()) + "]}";
        TokenVerifier verifier = f.verifier();
        assertThat(verifier.verify(f.token(RSA).sign()).subject()).isEqualTo("alice");
        assertRejected(verifier, f.token(weak).sign(), Reason.UNKNOWN_KEY);
        assertRejected(verifier, f.token(encryption).sign(), Reason.UNKNOWN_KEY);
        assertRejected(verifier, f.token(signOnly).sign(), Reason.UNKNOWN_KEY);
        assertRejected(verifier, f.token(RSA).kid("hmac").alg(JWSAlgorithm.HS256).sign(Tokens.hmac(new byte[32])), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void whenJwkNamesItsAlgorithmThenOnlyThatAlgorithmVerifies() throws Exception {
        RSAKey rs256Only = new RSAKey.Builder(TestKeys.rsa("rs256-only")).algorithm(JWSAlgorithm.RS256).build();
        f.server.publish(rs256Only);
        TokenVerifier verifier = f.verifier();
        assertThat(verifier.verify(f.token(rs256Only).sign()).subject()).isEqualTo("alice");
        assertRejected(verifier, f.token(rs256Only).alg(JWSAlgorithm.PS256).sign(), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void whenTwoKeysShareAKidThenTheOneOfTheRightTypeVerifies() throws Exception {
        JWK ecSameKid = TestKeys.ec(RSA.getKeyID(), Curve.P_256);
        f.server.publish(RSA, ecSameKid);
        TokenVerifier verifier = f.verifier();
        assertThat(verifier.verify(f.token(RSA).sign()).subject()).isEqualTo("alice");
        assertThat(verifier.verify(f.token(ecSameKid).sign()).subject()).isEqualTo("alice");
    }

    @Test
    void whenJwksIsLargerThanOneMebibyteThenRefused() {
        f.server.jwksBody = "{\"keys\":[],\"pad\":\"" + "x".repeat(JwksSource.MAX_DOCUMENT_BYTES) + "\"}";
        assertThatThrownBy(f.jwks::load).isInstanceOf(JwksUnavailableException.class).hasMessageContaining("larger than");
    }

    @Test
    void whenIssuerHasAPathThenTheWellKnownSuffixGoesBeforeIt() {
        assertThat(JwksSource.metadataUriFor("https://as.example")).isEqualTo(URI.create("https://as.example/.well-known/oauth-authorization-server"));
        assertThat(JwksSource.metadataUriFor("https://as.example/")).isEqualTo(URI.create("https://as.example/.well-known/oauth-authorization-server"));
        assertThat(JwksSource.metadataUriFor("https://as.example:8443/tenant/a/"))
                .isEqualTo(URI.create("https://as.example:8443/.well-known/oauth-authorization-server/tenant/a"));
    }

    @Test
    void whenIssuerIsPlainHttpOffLoopbackThenRefused() {
        assertThatThrownBy(() -> JwksSource.forIssuer("http://as.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwksSource.forIssuer("ftp://as.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwksSource.forIssuer("https://as.example#x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(JwksSource.forIssuer("http://localhost:9000").build().metadataUri())
                .isEqualTo(URI.create("http://localhost:9000/.well-known/oauth-authorization-server"));
        assertThatThrownBy(() -> JwksSource.forIssuer("https://as.example").metadataUri(URI.create("http://as.example/m")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenServerIsDownThenUnavailableWithinTheTimeout() {
        String issuer = f.server.issuer();
        f.server.close();
        JwksSource source = JwksSource.forIssuer(issuer).timeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(source::load).isInstanceOf(JwksUnavailableException.class).hasMessageContaining("could not be fetched");
    }
}
