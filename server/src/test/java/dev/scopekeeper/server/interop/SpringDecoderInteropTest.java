package dev.scopekeeper.server.interop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.token.SigningAlgorithm;
import dev.scopekeeper.server.token.SigningKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An independent resource server, Spring Security's {@link NimbusJwtDecoder}, configured with
 * nothing but our JWKS URI and issuer, accepts our RFC 9068 access tokens for every signing
 * algorithm and rejects forged, foreign, expired and unsigned ones.
 *
 * <p>RS256, PS256 and ES256 only: Spring Security 6.5 cannot verify EdDSA (its {@link SignatureAlgorithm}
 * has no EdDSA, and Nimbus's {@code JWSVerificationKeySelector} yields no key for an OKP JWK), which
 * {@link #whenEdDsaThenSpringCannotVerifyIt} pins down so that the docs can say so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringDecoderInteropTest {
    private final Map<SigningAlgorithm, TestServer> servers = new EnumMap<>(SigningAlgorithm.class);

    @BeforeAll
    void startServers() {
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            servers.put(alg, InteropServers.start(s -> s.withAlgorithm(alg)));
        }
    }

    @AfterAll
    void stopServers() {
        servers.values().forEach(TestServer::close);
    }

    /** The resource server as a Spring Boot application would configure it: JWKS URI, issuer, at+jwt. */
    static JwtDecoder decoder(String jwksIssuer, String expectedIssuer, SigningAlgorithm alg) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksIssuer + "/jwks")
                .jwsAlgorithm(SignatureAlgorithm.from(alg.wire()))
                // RFC 9068 §4: the typ header must be at+jwt (Nimbus's default accepts only JWT or none).
                .jwtProcessorCustomizer(p -> p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"))))
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(expectedIssuer));
        return decoder;
    }

    static JwtDecoder decoder(TestServer server, SigningAlgorithm alg) {
        return decoder(server.issuer(), server.issuer(), alg);
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "PS256", "ES256"})
    void whenOurTokenThenSpringDecodesItsClaims(SigningAlgorithm alg) {
        TestServer server = servers.get(alg);
        String token = server.token("multi", TestServer.MULTI_SECRET, "photos.read read:images");

        Jwt jwt = decoder(server, alg).decode(token);

        assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt").containsEntry("alg", alg.wire())
                .containsEntry("kid", server.server().keys().current().kid());
        assertThat(jwt.getIssuer().toString()).isEqualTo(server.issuer());
        assertThat(jwt.getSubject()).isEqualTo("multi");
        assertThat(jwt.getClaimAsString("client_id")).isEqualTo("multi");
        assertThat(jwt.getAudience()).containsExactlyInAnyOrder("https://photos.example.com", "https://imaging.example.com");
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("photos.read read:images");
        assertThat(jwt.getId()).isNotBlank();
        assertThat(jwt.getIssuedAt()).isNotNull();
        assertThat(jwt.getExpiresAt()).isAfter(jwt.getIssuedAt());
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "PS256", "ES256"})
    void whenSingleAudienceThenSpringSeesOneAudience(SigningAlgorithm alg) {
        TestServer server = servers.get(alg);
        String token = server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");

        Jwt jwt = decoder(server, alg).decode(token);

        assertThat(jwt.getSubject()).isEqualTo("archiver");
        assertThat(jwt.getClaimAsString("client_id")).isEqualTo("archiver");
        assertThat(jwt.getAudience()).containsExactly("https://imaging.example.com");
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("read:images");
    }

    @Test
    void whenSpringsOwnRfc9068ValidatorThenTokenAccepted() {
        TestServer server = servers.get(SigningAlgorithm.RS256);
        String token = server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
        // Spring's own RFC 9068 profile: typ at+jwt, required claims, issuer, audience, client_id.
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(server.issuer() + "/jwks").validateType(false).build();
        decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
                .issuer(server.issuer()).audience("https://imaging.example.com").clientId("archiver").build());

        assertThat(decoder.decode(token).getSubject()).isEqualTo("archiver");
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "PS256", "ES256"})
    void whenPayloadTamperedThenRejected(SigningAlgorithm alg) {
        TestServer server = servers.get(alg);
        String token = server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
        String[] parts = token.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"scope\":\"read:images\"");
        String forged = payload.replace("\"scope\":\"read:images\"", "\"scope\":\"read:images delete:images\"");
        String tampered = parts[0] + "." + Base64URL.encode(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThatThrownBy(() -> decoder(server, alg).decode(tampered))
                .isInstanceOf(BadJwtException.class).hasMessageContaining("Invalid signature");
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "PS256", "ES256"})
    void whenSignatureTamperedThenRejected(SigningAlgorithm alg) {
        TestServer server = servers.get(alg);
        String token = server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64URL.from(token.substring(dot + 1)).decode();
        signature[signature.length / 2] ^= 0x01;
        String tampered = token.substring(0, dot + 1) + Base64URL.encode(signature);

        assertThatThrownBy(() -> decoder(server, alg).decode(tampered))
                .isInstanceOf(BadJwtException.class).hasMessageContaining("Invalid signature");
    }

    @Test
    void whenTokenFromAnotherServerThenRejectedForItsUnknownKey() {
        SigningAlgorithm alg = SigningAlgorithm.RS256;
        try (TestServer other = InteropServers.start(s -> s.withAlgorithm(alg))) {
            String foreign = other.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");

            assertThatThrownBy(() -> decoder(servers.get(alg), alg).decode(foreign))
                    .isInstanceOf(BadJwtException.class).hasMessageContaining("no matching key");
        }
    }

    @Test
    void whenSignatureValidButIssuerForeignThenRejectedByIssuerValidator() {
        SigningAlgorithm alg = SigningAlgorithm.RS256;
        TestServer ours = servers.get(alg);
        try (TestServer other = InteropServers.start(s -> s.withAlgorithm(alg))) {
            String foreign = other.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
            // Keys of the other server, so only the issuer check can stop it.
            JwtDecoder otherKeysOurIssuer = decoder(other.issuer(), ours.issuer(), alg);

            assertThatThrownBy(() -> otherKeysOurIssuer.decode(foreign))
                    .isInstanceOf(JwtValidationException.class).hasMessageContaining("iss");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "ES256"})
    void whenTokenExpiredThenRejected(SigningAlgorithm alg) {
        // An hour in the past with 1-second tokens: far outside Spring's 60 s clock skew.
        try (TestServer past = InteropServers.start(s -> s.withAlgorithm(alg)
                .withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))
                .withTokenLifetime(Duration.ofSeconds(1)))) {
            String expired = past.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");

            assertThatThrownBy(() -> decoder(past, alg).decode(expired))
                    .isInstanceOf(JwtValidationException.class).hasMessageContaining("expired");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "ES256"})
    void whenAlgNoneThenRejected(SigningAlgorithm alg) throws ParseException {
        TestServer server = servers.get(alg);
        JWTClaimsSet claims = SignedJWT.parse(server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images"))
                .getJWTClaimsSet();
        String unsigned = new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), claims).serialize();
        assertThat(unsigned).endsWith(".");

        assertThatThrownBy(() -> decoder(server, alg).decode(unsigned)).isInstanceOf(BadJwtException.class)
                .hasMessageContaining("Unsupported algorithm of none");
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "ES256"})
    void whenTypIsNotAtJwtThenRejectedEvenWithOurSignature(SigningAlgorithm alg) throws Exception {
        TestServer server = servers.get(alg);
        JWTClaimsSet claims = SignedJWT.parse(server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images"))
                .getJWTClaimsSet();
        String plainJwt = signWithServerKey(server, JOSEObjectType.JWT, claims);
        String atJwt = signWithServerKey(server, SigningKeys.AT_JWT, claims);

        assertThat(decoder(server, alg).decode(atJwt).getSubject()).isEqualTo("archiver");
        assertThatThrownBy(() -> decoder(server, alg).decode(plainJwt))
                .isInstanceOf(BadJwtException.class).hasMessageContaining("type");
    }

    @Test
    void whenDecoderAllowsAnotherAlgorithmThenOurTokenRejected() {
        // The alg allow-list works both ways: an RS256-only resource server refuses ES256 tokens.
        String es256 = servers.get(SigningAlgorithm.ES256).token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
        JwtDecoder rs256Only = decoder(servers.get(SigningAlgorithm.ES256), SigningAlgorithm.RS256);

        assertThatThrownBy(() -> rs256Only.decode(es256)).isInstanceOf(BadJwtException.class)
                .hasMessageContaining("Another algorithm expected");
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenEdDsaThenSpringCannotVerifyIt() {
        TestServer server = servers.get(SigningAlgorithm.EDDSA);
        String token = server.token("archiver", TestServer.ARCHIVER_SECRET, "read:images");
        assertThat(SignatureAlgorithm.from("EdDSA")).isNull();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(server.issuer() + "/jwks").validateType(false)
                .jwtProcessorCustomizer(p -> p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.EdDSA,
                        ((JWSVerificationKeySelector<SecurityContext>) p.getJWSKeySelector()).getJWKSource())))
                .build();

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class)
                .hasMessageContaining("no matching key");
    }

    private static String signWithServerKey(TestServer server, JOSEObjectType typ, JWTClaimsSet claims)
            throws JOSEException {
        SigningKeys.Snapshot k = server.server().keys().current();
        JWSHeader header = new JWSHeader.Builder(k.header()).type(typ).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(k.signer());
        return jwt.serialize();
    }
}
