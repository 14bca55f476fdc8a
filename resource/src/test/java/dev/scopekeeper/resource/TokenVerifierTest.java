package dev.scopekeeper.resource;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import dev.scopekeeper.resource.TokenRejectedException.Reason;
import dev.scopekeeper.scopes.ScopeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.resource.Fixture.assertRejected;
import static dev.scopekeeper.resource.TestKeys.EC;
import static dev.scopekeeper.resource.TestKeys.ED25519;
import static dev.scopekeeper.resource.TestKeys.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every step of the chain, each with the hostile tokens that must fail there. */
class TokenVerifierTest {
    private final Fixture f = new Fixture(RSA, EC, ED25519);
    private final TokenVerifier verifier = f.verifier();

    @AfterEach
    void stop() {
        f.close();
    }

    private void rejected(String token, Reason reason) {
        assertRejected(verifier, token, reason);
    }

    // --- valid tokens

    @Test
    void whenValidRs256TokenThenVerifiedWithItsClaims() throws Exception {
        Tokens t = f.token(RSA);
        VerifiedToken v = verifier.verify(t.sign());
        assertThat(v.subject()).isEqualTo("alice");
        assertThat(v.clientId()).isEqualTo("photo-app");
        assertThat(v.scope()).isEqualTo(ScopeSet.of("photos.read", "photos.upload"));
        assertThat(v.audiences()).containsExactly(Tokens.AUDIENCE);
        assertThat(v.expiresAt()).isEqualTo(Fixture.START.plusSeconds(300));
        assertThat(v.jti()).isEqualTo(t.jti());
        assertThat(v.claims()).containsEntry("iss", f.server.issuer()).containsEntry("iat", Fixture.START.getEpochSecond());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA"})
    void whenSignedWithAnyDefaultAlgorithmThenVerified(String alg) throws Exception {
        JWK key = switch (alg) {
            case "RS256", "PS256" -> RSA;
            case "ES256" -> EC;
            default -> ED25519;
        };
        assertThat(verifier.verify(f.token(key).alg(JWSAlgorithm.parse(alg)).sign()).subject()).isEqualTo("alice");
    }

    @Test
    void whenTokenHasNoScopeClaimThenScopeIsEmpty() throws Exception {
        assertThat(verifier.verify(f.token(RSA).without("scope").sign()).scope()).isEqualTo(ScopeSet.empty());
    }

    @Test
    void whenClaimsReadThenTheyCannotBeChanged() throws Exception {
        VerifiedToken v = verifier.verify(f.token(RSA).claim("roles", List.of("a", "b")).claim("x", Map.of("k", List.of(1))).sign());
        assertThatThrownBy(() -> v.claims().put("sub", "mallory")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> roles = (List<Object>) v.claims().get("roles");
        assertThatThrownBy(() -> roles.add("admin")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> x = (Map<String, Object>) v.claims().get("x");
        assertThatThrownBy(() -> x.put("k", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> v.audiences().add("other")).isInstanceOf(UnsupportedOperationException.class);
    }

    // --- 1. parse

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "abc.def", "a.b.c.d", "a.b.c.d.e", ".b.c", "a..c", "!!!.e30.sig", "eyJ=.e30.sig",
            "e30.e30.e30 ", " e30.e30.e30", "eyJhbGciOiJSUzI1NiJ9.e30.sig\n"})
    void whenNotThreeBase64UrlPartsThenMalformed(String token) {
        rejected(token, Reason.MALFORMED);
    }

    @Test
    void whenNullThenMalformed() {
        rejected(null, Reason.MALFORMED);
    }

    @Test
    void whenHeaderIsNotJsonThenMalformed() {
        rejected(Tokens.b64("hello") + "." + Tokens.b64("{}") + ".c2ln", Reason.MALFORMED);
        rejected(Tokens.b64("[\"at+jwt\"]") + "." + Tokens.b64("{}") + ".c2ln", Reason.MALFORMED);
        rejected(Tokens.b64("null") + "." + Tokens.b64("{}") + ".c2ln", Reason.MALFORMED);
        // a length no base64 encoding has
        rejected("eyJhbGciOiJSUzI1NiJ9a.e30.c2ln", Reason.MALFORMED);
    }

    @Test
    void whenHeaderHasDuplicateMembersThenMalformed() {
        String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"alg\":\"none\"}";
        rejected(Tokens.raw(header, "{}", "c2ln"), Reason.MALFORMED);
    }

    @Test
    void whenLongerThanTheLimitThenMalformedBeforeAnyDecoding() {
        String valid = f.token(RSA).claim("pad", "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH)).sign();
        rejected(valid, Reason.MALFORMED);
        assertThat(f.server.jwksRequests).hasValue(0);
    }

    @Test
    void whenHeaderHasCritThenMalformed() {
        rejected(f.token(RSA).header("crit", List.of("exp")).header("exp", 1).sign(), Reason.MALFORMED);
    }

    @Test
    void whenPayloadIsNotJsonThenMalformed() throws Exception {
        // Only the issuer's key can sign it, but the issuer's mistakes must not pass either.
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(RSA.getKeyID()).build(), new Payload("not json"));
        jws.sign(Tokens.signer(RSA));
        rejected(jws.serialize(), Reason.MALFORMED);
    }

    // --- 2. typ

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "at+JWT+x", "application/jwt", "at-jwt", ""})
    void whenTypIsNotAtJwtThenWrongType(String typ) {
        rejected(f.token(RSA).typ(typ).sign(), Reason.WRONG_TYPE);
    }

    @Test
    void whenTypMissingThenWrongType() {
        rejected(f.token(RSA).typ(null).sign(), Reason.WRONG_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT"})
    void whenTypIsAtJwtInAnySpellingThenVerified(String typ) throws Exception {
        assertThat(verifier.verify(f.token(RSA).typ(typ).sign()).subject()).isEqualTo("alice");
    }

    // --- 3. alg

    @Test
    void whenAlgNoneAndUnsignedThenAlgorithmNotAllowed() {
        String header = "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}";
        rejected(Tokens.raw(header, f.token(RSA).payloadJson(), ""), Reason.ALGORITHM_NOT_ALLOWED);
        rejected(Tokens.raw(header.replace("none", "None"), f.token(RSA).payloadJson(), ""), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void whenHs256SignedWithTheRsaPublicKeyAsSecretThenAlgorithmNotAllowed() throws Exception {
        byte[] der = RSA.toRSAPublicKey().getEncoded();
        rejected(f.token(RSA).alg(JWSAlgorithm.HS256).sign(Tokens.hmac(der)), Reason.ALGORITHM_NOT_ALLOWED);
        byte[] jwkJson = RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        rejected(f.token(RSA).alg(JWSAlgorithm.HS512).sign(Tokens.hmac(jwkJson)), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void whenHeaderSaysEs256ButKidIsTheRsaKeyThenAlgorithmNotAllowed() {
        // Signed with a real EC key, but naming the RSA key: the key decides which algorithm it verifies.
        rejected(f.token(EC).kid(RSA.getKeyID()).sign(), Reason.ALGORITHM_NOT_ALLOWED);
        rejected(f.token(RSA).kid(EC.getKeyID()).sign(), Reason.ALGORITHM_NOT_ALLOWED);
        rejected(f.token(ED25519).kid(RSA.getKeyID()).sign(), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void whenAlgorithmOutsideTheAllowListThenAlgorithmNotAllowed() {
        TokenVerifier rsOnly = f.verifierBuilder().allowedAlgorithms("RS256").build();
        assertRejected(rsOnly, f.token(EC).sign(), Reason.ALGORITHM_NOT_ALLOWED);
        assertRejected(rsOnly, f.token(RSA).alg(JWSAlgorithm.PS256).sign(), Reason.ALGORITHM_NOT_ALLOWED);
        rejected(f.token(RSA).alg(JWSAlgorithm.RS512).sign(), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void whenAlgNameInOtherCaseThenAlgorithmNotAllowed() {
        String header = "{\"alg\":\"rs256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}";
        rejected(Tokens.raw(header, f.token(RSA).payloadJson(), "c2ln"), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "HS384", "HS512", "ES256K", "rs256", "RSA-OAEP"})
    void whenBuilderAsksForAnUnsafeAlgorithmThenRefused(String alg) {
        assertThatThrownBy(() -> f.verifierBuilder().allowedAlgorithms("RS256", alg))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be allowed");
    }

    // --- 4./5. kid and key

    @Test
    void whenKidMissingThenUnknownKeyWithoutFetching() {
        rejected(f.token(RSA).kid(null).sign(), Reason.UNKNOWN_KEY);
        assertThat(f.server.jwksRequests).hasValue(0);
    }

    @Test
    void whenKidIsNotAStringThenUnknownKey() {
        String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":7}";
        rejected(Tokens.raw(header, f.token(RSA).payloadJson(), "c2ln"), Reason.UNKNOWN_KEY);
    }

    @Test
    void whenKidUnknownThenUnknownKey() {
        rejected(f.token(TestKeys.rsa("elsewhere")).sign(), Reason.UNKNOWN_KEY);
    }

    // --- 6. signature

    @Test
    void whenPayloadTamperedThenBadSignature() {
        String valid = f.token(RSA).sign();
        String[] parts = valid.split("\\.");
        String forged = f.token(RSA).claim("scope", "photos.read photos.upload photos.delete").payloadJson();
        rejected(parts[0] + "." + Tokens.b64(forged) + "." + parts[2], Reason.BAD_SIGNATURE);
    }

    @Test
    void whenSignatureTamperedThenBadSignature() {
        for (JWK key : List.of(RSA, EC, ED25519)) {
            String valid = f.token(key).sign();
            int i = valid.lastIndexOf('.') + 10;
            char flipped = valid.charAt(i) == 'A' ? 'B' : 'A';
            rejected(valid.substring(0, i) + flipped + valid.substring(i + 1), Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void whenSignatureStrippedOrTruncatedThenBadSignature() {
        String valid = f.token(EC).sign();
        rejected(valid.substring(0, valid.lastIndexOf('.') + 1), Reason.BAD_SIGNATURE);
        rejected(valid.substring(0, valid.length() - 8), Reason.BAD_SIGNATURE);
    }

    @Test
    void whenSignedByAnotherKeyUnderOurKidThenBadSignature() {
        JWK impostor = TestKeys.rsa(RSA.getKeyID());
        rejected(f.token(impostor).sign(), Reason.BAD_SIGNATURE);
        rejected(f.token(TestKeys.ec(EC.getKeyID(), Curve.P_256)).sign(), Reason.BAD_SIGNATURE);
        rejected(f.token(TestKeys.ed25519(ED25519.getKeyID())).sign(), Reason.BAD_SIGNATURE);
    }

    // --- 7. iss

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "", "HTTP://127.0.0.1"})
    void whenIssuerDiffersThenWrongIssuer(String iss) {
        rejected(f.token(RSA).claim("iss", iss).sign(), Reason.WRONG_ISSUER);
    }

    @Test
    void whenIssuerDiffersOnlyByATrailingSlashThenWrongIssuer() {
        rejected(f.token(RSA).claim("iss", f.server.issuer() + "/").sign(), Reason.WRONG_ISSUER);
    }

    @Test
    void whenIssuerIsNotAStringThenWrongIssuer() {
        rejected(f.token(RSA).claim("iss", List.of(f.server.issuer())).sign(), Reason.WRONG_ISSUER);
    }

    // --- 8. aud

    @Test
    void whenAudienceDiffersThenWrongAudience() {
        rejected(f.token(RSA).claim("aud", "https://contacts.example.com").sign(), Reason.WRONG_AUDIENCE);
        rejected(f.token(RSA).claim("aud", Tokens.AUDIENCE + "/").sign(), Reason.WRONG_AUDIENCE);
        rejected(f.token(RSA).claim("aud", List.of()).sign(), Reason.WRONG_AUDIENCE);
    }

    @Test
    void whenAudienceArrayContainsOursThenVerifiedWithAllAudiences() throws Exception {
        VerifiedToken v = verifier.verify(f.token(RSA).claim("aud", List.of("https://events.example.com", Tokens.AUDIENCE)).sign());
        assertThat(v.audiences()).containsExactly("https://events.example.com", Tokens.AUDIENCE);
    }

    @Test
    void whenAudienceArrayLacksOursThenWrongAudience() {
        rejected(f.token(RSA).claim("aud", List.of("https://events.example.com", "https://a.example")).sign(), Reason.WRONG_AUDIENCE);
    }

    @Test
    void whenAudienceHasANonStringThenMalformed() {
        rejected(f.token(RSA).claim("aud", List.of(Tokens.AUDIENCE, 7)).sign(), Reason.MALFORMED);
        rejected(f.token(RSA).claim("aud", 7).sign(), Reason.MALFORMED);
    }

    // --- 9. times

    @Test
    void whenExpiredBeyondTheSkewThenExpired() {
        Instant now = f.clock.instant();
        rejected(f.token(RSA).claim("iat", now.minusSeconds(400).getEpochSecond())
                .claim("exp", now.minusSeconds(30).getEpochSecond()).sign(), Reason.EXPIRED);
        rejected(f.token(RSA).claim("iat", now.minusSeconds(400).getEpochSecond())
                .claim("exp", now.minusSeconds(3600).getEpochSecond()).sign(), Reason.EXPIRED);
    }

    @Test
    void whenExpiredWithinTheSkewThenVerified() throws Exception {
        Instant now = f.clock.instant();
        String token = f.token(RSA).claim("exp", now.minusSeconds(29).getEpochSecond()).sign();
        assertThat(verifier.verify(token).expiresAt()).isEqualTo(now.minusSeconds(29));
    }

    @Test
    void whenSkewIsZeroThenExpiryIsExact() throws Exception {
        TokenVerifier exact = f.verifierBuilder().clockSkew(Duration.ZERO).cacheSize(0).build();
        Instant now = f.clock.instant();
        assertRejected(exact, f.token(RSA).claim("exp", now.getEpochSecond()).sign(), Reason.EXPIRED);
        assertThat(exact.verify(f.token(RSA).claim("exp", now.getEpochSecond() + 1).sign()).subject()).isEqualTo("alice");
    }

    @Test
    void whenNotBeforeIsInTheFutureThenNotYetValid() throws Exception {
        Instant now = f.clock.instant();
        rejected(f.token(RSA).claim("nbf", now.plusSeconds(60).getEpochSecond()).sign(), Reason.NOT_YET_VALID);
        assertThat(verifier.verify(f.token(RSA).claim("nbf", now.plusSeconds(20).getEpochSecond()).sign()).subject())
                .isEqualTo("alice");
    }

    @Test
    void whenIssuedInTheFutureBeyondTheSkewThenIssuedInFuture() throws Exception {
        Instant now = f.clock.instant();
        rejected(f.token(RSA).claim("iat", now.plusSeconds(31).getEpochSecond()).sign(), Reason.ISSUED_IN_FUTURE);
        assertThat(verifier.verify(f.token(RSA).claim("iat", now.plusSeconds(30).getEpochSecond()).sign()).subject())
                .isEqualTo("alice");
    }

    @Test
    void whenNumericDatesAreFractionalThenAccepted() throws Exception {
        Instant now = f.clock.instant();
        VerifiedToken v = verifier.verify(f.token(RSA).claim("exp", now.getEpochSecond() + 60.75).claim("iat", now.getEpochSecond() + 0.5).sign());
        assertThat(v.expiresAt()).isEqualTo(now.plusSeconds(60));
    }

    @Test
    void whenNumericDateIsNotANumberOrAbsurdThenMalformed() {
        Instant now = f.clock.instant();
        rejected(f.token(RSA).claim("exp", String.valueOf(now.getEpochSecond() + 60)).sign(), Reason.MALFORMED);
        rejected(f.token(RSA).claim("exp", Long.MAX_VALUE).sign(), Reason.MALFORMED);
        rejected(f.token(RSA).claim("exp", 1e300).sign(), Reason.MALFORMED);
        rejected(f.token(RSA).claim("nbf", true).sign(), Reason.MALFORMED);
    }

    @Test
    void whenClockSkewAboveFiveMinutesThenRefused() {
        assertThatThrownBy(() -> f.verifierBuilder().clockSkew(Duration.ofMinutes(6))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.verifierBuilder().clockSkew(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    // --- 10. required claims

    @ParameterizedTest
    @ValueSource(strings = {"iss", "aud", "exp", "iat", "sub", "client_id", "jti"})
    void whenRequiredClaimMissingThenMissingClaim(String claim) {
        assertThatThrownBy(() -> verifier.verify(f.token(RSA).without(claim).sign()))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM);
                    assertThat(e.getMessage()).isEqualTo("the access token has no '" + claim + "' claim");
                });
    }

    @Test
    void whenSubjectIsNotAStringThenMalformed() {
        rejected(f.token(RSA).claim("sub", 42).sign(), Reason.MALFORMED);
        rejected(f.token(RSA).claim("jti", "").sign(), Reason.MALFORMED);
    }

    @Test
    void whenScopeIsNotAValidScopeStringThenMalformed() {
        rejected(f.token(RSA).claim("scope", "photos.read  photos.upload").sign(), Reason.MALFORMED);
        rejected(f.token(RSA).claim("scope", "bad\"scope").sign(), Reason.MALFORMED);
        rejected(f.token(RSA).claim("scope", List.of("photos.read")).sign(), Reason.MALFORMED);
    }

    // --- builder and messages

    @Test
    void whenIssuerOrAudienceMissingThenBuilderRefuses() {
        assertThatThrownBy(() -> TokenVerifier.builder().audience(Tokens.AUDIENCE).build()).hasMessageContaining("issuer");
        assertThatThrownBy(() -> TokenVerifier.builder().issuer("https://as.example").build()).hasMessageContaining("audience");
        assertThatThrownBy(() -> TokenVerifier.builder().issuer("http://as.example")).hasMessageContaining("https");
        assertThatThrownBy(() -> TokenVerifier.builder().issuer("https://as.example?x=1")).hasMessageContaining("query");
    }

    @Test
    void whenKeySourceIsForAnotherIssuerThenBuilderRefuses() {
        JwksSource other = JwksSource.forIssuer("https://other.example").build();
        assertThatThrownBy(() -> f.verifierBuilder().keys(other).build()).hasMessageContaining("other.example");
    }

    @Test
    void whenRejectedThenTheMessageNeverContainsTheToken() {
        List<String> hostile = List.of(f.token(RSA).claim("aud", "x").sign(), f.token(RSA).typ("JWT").sign(),
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", f.token(TestKeys.rsa("zz")).sign());
        hostile.forEach(t -> assertThatThrownBy(() -> verifier.verify(t))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
                    for (String part : t.split("\\.")) {
                        if (part.length() > 3) {
                            assertThat(e.getMessage()).doesNotContain(part);
                        }
                    }
                    assertThat(e.getStackTrace()).isEmpty();
                }));
    }
}
