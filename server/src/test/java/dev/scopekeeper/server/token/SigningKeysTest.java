package dev.scopekeeper.server.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys in the store, every signing algorithm, rotation and the verifier's refusals. */
class SigningKeysTest {
    static final String ISS = "https://as.example.com";
    Database database;
    JdbcStore store;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));

    @BeforeEach
    void open() {
        database = Database.open(DatabaseSettings.h2Memory("keys_" + UUID.randomUUID().toString().replace("-", "")));
        store = new JdbcStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    SigningKeys keys(SigningAlgorithm alg) {
        return new SigningKeys(store, alg, Duration.ofMinutes(6), clock).start();
    }

    /** An access token for subject {@code sub}, scope {@code a}, issued by {@code iss} with the active key. */
    String token(SigningKeys keys, String iss, Duration lifetime, String sub) {
        return new TokenIssuer(iss, keys, lifetime, clock).issue(sub, "s", List.of("https://api.example.com"), ScopeSet.of("a")).value();
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void whenTokenIssuedWithAnyAlgorithmThenItVerifies(SigningAlgorithm alg) throws Exception {
        SigningKeys keys = keys(alg);
        TokenIssuer issuer = new TokenIssuer(ISS, keys, Duration.ofMinutes(5), clock);
        IssuedToken token = issuer.issue("svc", "svc", List.of("https://api.example.com"), ScopeSet.of("a", "b"));
        SignedJWT jwt = SignedJWT.parse(token.value());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(alg.jws());
        JWTClaimsSet claims = new AccessTokenVerifier(ISS, keys, clock).verify(token.value()).orElseThrow();
        assertThat(claims.getStringClaim("scope")).isEqualTo("a b");
        assertThat(claims.getJWTID()).isEqualTo(token.jti());
    }

    @Test
    void whenStartedTwiceThenTheSameKeyIsUsed() {
        String kid = keys(SigningAlgorithm.RS256).current().kid();
        assertThat(keys(SigningAlgorithm.RS256).current().kid()).isEqualTo(kid);
        assertThat(store.listKeys()).hasSize(1);
    }

    @Test
    void whenAlgorithmChangesThenKeyIsRotatedAndOldOneStaysPublished() {
        String rsaKid = keys(SigningAlgorithm.RS256).current().kid();
        SigningKeys ec = keys(SigningAlgorithm.ES256);
        assertThat(ec.current().header().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(ec.current().published()).containsKeys(rsaKid, ec.current().kid());
    }

    @Test
    void whenRetiredKeyIsOlderThanTheLongestTokenThenItIsUnpublishedAndPurged() {
        SigningKeys keys = keys(SigningAlgorithm.ES256);
        String old = keys.current().kid();
        keys.rotate();
        clock.advance(Duration.ofMinutes(5));
        keys.reload();
        assertThat(keys.current().published()).containsKey(old);
        assertThat(keys.purgeExpired()).isZero();
        clock.advance(Duration.ofMinutes(2));
        keys.reload();
        assertThat(keys.current().published()).doesNotContainKey(old);
        assertThat(keys.purgeExpired()).isEqualTo(1);
        assertThat(store.listKeys()).hasSize(1);
    }

    @Test
    void whenTokenExpiredOrForeignOrUnsignedThenVerifierRefuses() throws Exception {
        SigningKeys keys = keys(SigningAlgorithm.ES256);
        AccessTokenVerifier verifier = new AccessTokenVerifier(ISS, keys, clock);
        String token = token(keys, ISS, Duration.ofMinutes(5), "s");
        // Another issuer's token signed with our key.
        String foreign = token(keys, "https://evil.example.com", Duration.ofMinutes(5), "s");
        assertThat(verifier.verify(foreign)).isEmpty();
        // RFC 8725 §3.1: alg none is never accepted.
        String none = new PlainJWT(SignedJWT.parse(token).getJWTClaimsSet()).serialize();
        assertThat(verifier.verify(none)).isEmpty();
        // RFC 9068 §4: a JWT without typ at+jwt (e.g. an ID token) is not an access token.
        SignedJWT untyped = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.current().kid()).build(),
                SignedJWT.parse(token).getJWTClaimsSet());
        untyped.sign(keys.current().signer());
        assertThat(verifier.verify(untyped.serialize())).isEmpty();
        assertThat(verifier.verify(token)).isPresent();
        clock.advance(Duration.ofMinutes(5));
        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void whenTokenVerifiedOnceThenItIsRememberedButATamperedCopyIsStillRefused() throws Exception {
        SigningKeys keys = keys(SigningAlgorithm.RS256);
        AccessTokenVerifier verifier = new AccessTokenVerifier(ISS, keys, clock);
        String token = token(keys, ISS, Duration.ofMinutes(5), "s");

        JWTClaimsSet first = verifier.verify(token).orElseThrow();
        JWTClaimsSet second = verifier.verify(token).orElseThrow();

        assertThat(second).isSameAs(first);
        assertThat(verifier.remembered()).isEqualTo(1);
        // One character of the signature changed: another cache key, so the signature is checked and fails.
        int at = token.length() - 5;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        assertThat(verifier.verify(tampered)).isEmpty();
        // The same claims under another payload encoding (a changed claim) are refused too.
        String[] parts = token.split("\\.");
        String otherPayload = com.nimbusds.jose.util.Base64URL.encode(
                SignedJWT.parse(token).getJWTClaimsSet().toString().replace("\"scope\":\"a\"", "\"scope\":\"a b\"")).toString();
        assertThat(verifier.verify(parts[0] + "." + otherPayload + "." + parts[2])).isEmpty();
        assertThat(verifier.remembered()).isEqualTo(1);
    }

    @Test
    void whenRememberedTokensKeyIsWithdrawnThenTheTokenIsRefusedAtOnce() {
        SigningKeys keys = keys(SigningAlgorithm.ES256);
        AccessTokenVerifier verifier = new AccessTokenVerifier(ISS, keys, clock);
        // A token that outlives its key's publication (issued for longer than the keys are published for).
        String token = token(keys, ISS, Duration.ofMinutes(60), "s");
        assertThat(verifier.verify(token)).isPresent();

        keys.rotate();
        clock.advance(Duration.ofMinutes(7));
        keys.reload();

        assertThat(verifier.verify(token)).isEmpty();
        assertThat(verifier.remembered()).isZero();
    }

    @Test
    void whenMoreTokensThanTheCacheHoldsThenItStaysBoundedAndEveryTokenStillVerifies() {
        SigningKeys keys = keys(SigningAlgorithm.ES256);
        AccessTokenVerifier verifier = new AccessTokenVerifier(ISS, keys, clock, 16);
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tokens.add(token(keys, ISS, Duration.ofMinutes(5), "s" + i));
        }

        for (String t : tokens) {
            assertThat(verifier.verify(t)).isPresent();
            assertThat(verifier.remembered()).isLessThanOrEqualTo(16);
        }
        assertThat(verifier.verify(tokens.get(0)).orElseThrow().getSubject()).isEqualTo("s0");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
