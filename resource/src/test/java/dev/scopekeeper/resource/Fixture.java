package dev.scopekeeper.resource;

import com.nimbusds.jose.jwk.JWK;
import dev.scopekeeper.resource.TokenRejectedException.Reason;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stub authorization server publishing some keys, a hand-moved clock, and verifiers for them. */
final class Fixture implements AutoCloseable {
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final AuthServerStub server;
    final JwksSource jwks;

    Fixture(JWK... published) {
        server = new AuthServerStub(published);
        jwks = jwks().build();
    }

    /** A key source on the stub, on the test clock; background refreshes run inline. */
    JwksSource.Builder jwks() {
        return JwksSource.forIssuer(server.issuer()).clock(clock).refreshExecutor(Runnable::run);
    }

    TokenVerifier.Builder verifierBuilder() {
        return TokenVerifier.builder().issuer(server.issuer()).audience(Tokens.AUDIENCE).clock(clock).keys(jwks);
    }

    TokenVerifier verifier() {
        return verifierBuilder().build();
    }

    /** A valid token signed with {@code key}, issued now. */
    Tokens token(JWK key) {
        return Tokens.signedWith(key, server.issuer(), clock.instant());
    }

    static void assertRejected(TokenVerifier verifier, String token, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    @Override
    public void close() {
        server.close();
    }
}
