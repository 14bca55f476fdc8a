package dev.scopekeeper.resource;

import dev.scopekeeper.resource.TokenRejectedException.Reason;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.scopekeeper.resource.Fixture.assertRejected;
import static dev.scopekeeper.resource.TestKeys.RSA;
import static dev.scopekeeper.resource.TestKeys.RSA_2;
import static org.assertj.core.api.Assertions.assertThat;

/** The verified-token cache: what a hit re-checks, and what never gets in. */
class TokenCacheTest {
    private final Fixture f = new Fixture(RSA);
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger revocationChecks = new AtomicInteger();
    private final RevocationList revocations = jti -> {
        revocationChecks.incrementAndGet();
        return revoked.contains(jti);
    };
    private final TokenVerifier verifier = f.verifierBuilder().revocationList(revocations).build();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void whenSameTokenVerifiedTwiceThenTheSecondIsACacheHitWithTheSameResult() throws Exception {
        String token = f.token(RSA).sign();
        VerifiedToken first = verifier.verify(token);
        assertThat(verifier.isCached(token)).isTrue();
        assertThat(verifier.verify(token)).isSameAs(first);
    }

    @Test
    void whenCachedTokenExpiresThenItIsRejected() throws Exception {
        String token = f.token(RSA).claim("exp", f.clock.instant().getEpochSecond() + 60).sign();
        verifier.verify(token);
        f.clock.advance(Duration.ofSeconds(60 + 29));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        f.clock.advance(Duration.ofSeconds(1));
        assertRejected(verifier, token, Reason.EXPIRED);
        f.clock.advance(Duration.ofDays(1));
        assertRejected(verifier, token, Reason.EXPIRED);
    }

    @Test
    void whenCachedTokenIsRevokedThenRejected() throws Exception {
        Tokens t = f.token(RSA);
        String token = t.sign();
        verifier.verify(token);
        revoked.add(t.jti());
        assertThat(verifier.isCached(token)).isTrue();
        assertRejected(verifier, token, Reason.REVOKED);
        assertRejected(verifier, token, Reason.REVOKED);
    }

    @Test
    void whenUncachedTokenIsRevokedThenRejected() {
        Tokens t = f.token(RSA);
        revoked.add(t.jti());
        assertRejected(verifier, t.sign(), Reason.REVOKED);
        assertRejected(f.verifierBuilder().revocationList(revocations).cacheSize(0).build(), t.sign(), Reason.REVOKED);
    }

    @Test
    void whenVerifiedThenRevocationIsAskedEveryTime() throws Exception {
        String token = f.token(RSA).sign();
        for (int i = 0; i < 3; i++) {
            verifier.verify(token);
        }
        assertThat(revocationChecks).hasValue(3);
    }

    @Test
    void whenTokenRejectedThenItIsNotCached() {
        String wrongAudience = f.token(RSA).claim("aud", "https://other.example").sign();
        assertRejected(verifier, wrongAudience, Reason.WRONG_AUDIENCE);
        assertThat(verifier.isCached(wrongAudience)).isFalse();
        String notYet = f.token(RSA).claim("nbf", f.clock.instant().getEpochSecond() + 600).sign();
        assertRejected(verifier, notYet, Reason.NOT_YET_VALID);
        assertThat(verifier.isCached(notYet)).isFalse();
    }

    @Test
    void whenOneCharacterDiffersThenItIsNotACacheHit() throws Exception {
        String token = f.token(RSA).sign();
        verifier.verify(token);
        int i = token.indexOf('.') + 5;
        String changed = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
        assertRejected(verifier, changed, Reason.BAD_SIGNATURE);
    }

    @Test
    void whenTheIssuerWithdrawsTheKeyThenItsCachedTokensAreRejected() throws Exception {
        String token = f.token(RSA).sign();
        verifier.verify(token);
        f.server.publish(RSA_2);
        f.clock.advance(Duration.ofSeconds(11));
        // a token of the new key makes the source refetch; the old key is gone from the set
        verifier.verify(f.token(RSA_2).sign());
        assertRejected(verifier, token, Reason.UNKNOWN_KEY);
        assertThat(verifier.isCached(token)).isFalse();
    }

    @Test
    void whenCacheDisabledThenNothingIsCached() throws Exception {
        TokenVerifier uncached = f.verifierBuilder().cacheSize(0).build();
        String token = f.token(RSA).sign();
        uncached.verify(token);
        assertThat(uncached.isCached(token)).isFalse();
        assertThat(uncached.verify(token).subject()).isEqualTo("alice");
    }
}
