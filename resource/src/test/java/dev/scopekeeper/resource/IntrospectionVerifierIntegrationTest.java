package dev.scopekeeper.resource;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Introspection mode (RFC 7662) against the real authorization server. */
class IntrospectionVerifierIntegrationTest {
    static final String IMAGING = "https://imaging.example.com";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static IntrospectionVerifier verifier(String audience, Duration ttl) {
        return IntrospectionVerifier.builder().issuer(server.issuer()).audience(audience)
                .clientCredentials("archiver", ARCHIVER_SECRET).cacheTtl(ttl).build();
    }

    static TokenRejectedException.Reason rejection(IntrospectionVerifier v, String token) {
        try {
            v.verify(token);
            throw new AssertionError("accepted");
        } catch (TokenRejectedException e) {
            return e.reason();
        }
    }

    @Test
    void whenTheIssuerSaysActiveThenTheTokenIsVerifiedWithItsClaims() throws Exception {
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images");
        VerifiedToken verified = verifier(IMAGING, Duration.ZERO).verify(token);
        assertThat(verified.subject()).isEqualTo("archiver");
        assertThat(verified.clientId()).isEqualTo("archiver");
        assertThat(verified.scope()).isEqualTo(ScopeSet.of("read:images"));
        assertThat(verified.audiences()).containsExactly(IMAGING);
    }

    @Test
    void whenTheTokenIsForAnotherAudienceThenWrongAudience() {
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images");
        assertThat(rejection(verifier("https://photos.example.com", Duration.ZERO), token))
                .isEqualTo(TokenRejectedException.Reason.WRONG_AUDIENCE);
    }

    @Test
    void whenTheTokenIsUnknownOrMalformedThenInactiveOrMalformed() {
        assertThat(rejection(verifier(IMAGING, Duration.ZERO), "opaque-garbage")).isEqualTo(TokenRejectedException.Reason.INACTIVE);
        assertThat(rejection(verifier(IMAGING, Duration.ZERO), "")).isEqualTo(TokenRejectedException.Reason.MALFORMED);
    }

    @Test
    void whenRevokedThenInactiveWithoutCacheButStillAcceptedWhileACachedAnswerLasts() throws Exception {
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images");
        IntrospectionVerifier uncached = verifier(IMAGING, Duration.ZERO);
        IntrospectionVerifier cached = verifier(IMAGING, Duration.ofSeconds(30));
        uncached.verify(token);
        cached.verify(token);

        assertThat(server.postBasic("/revoke", "archiver", ARCHIVER_SECRET, "token=" + enc(token)).statusCode()).isEqualTo(200);

        assertThat(rejection(uncached, token)).isEqualTo(TokenRejectedException.Reason.INACTIVE);
        // The documented trade-off of the cache: the answer is reused until its ttl ends.
        assertThat(cached.verify(token).subject()).isEqualTo("archiver");
    }

    @Test
    void whenTheResourceServersCredentialsAreWrongThenTheIssuerIsUnavailableNotTheToken() {
        IntrospectionVerifier wrong = IntrospectionVerifier.builder().issuer(server.issuer()).audience(IMAGING)
                .clientCredentials("archiver", "wrong-secret").build();
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images");
        assertThatThrownBy(() -> wrong.verify(token)).isInstanceOf(JwksUnavailableException.class).hasMessageContaining("401");
    }

    @Test
    void whenUsedByTheGuardThenTheSameRfc6750Decisions() throws Exception {
        Guard guard = Guard.builder(verifier(IMAGING, Duration.ZERO), "imaging")
                .routes(ProtectedRoutes.builder().route("GET", "/studies", ScopeRequirement.allOf("read:images")).build()).build();
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images");
        assertThat(guard.check(new BearerRequest("GET", "/studies", java.util.List.of("Bearer " + token), false, false)))
                .isInstanceOf(Guard.Authorized.class);
    }
}
