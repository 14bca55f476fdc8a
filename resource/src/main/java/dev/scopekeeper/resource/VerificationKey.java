package dev.scopekeeper.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;

import java.util.Optional;
import java.util.Set;

/**
 * One public key of the issuer's JWKS, the algorithms its key type can verify, and a Nimbus verifier built
 * once for it (verifiers are thread-safe and reused for every token signed with the key).
 */
record VerificationKey(String kid, Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {

    /** RFC 7518 §3.3 asks for 2048 bits at least; smaller RSA keys are ignored. */
    static final int MIN_RSA_BITS = 2048;

    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    boolean accepts(JWSAlgorithm alg) {
        return algorithms.contains(alg);
    }

    /**
     * A verification key for {@code jwk}, or empty when the JWK cannot verify signatures here: no {@code kid},
     * {@code use} other than {@code sig}, {@code key_ops} without {@code verify}, a symmetric key (HMAC is never
     * accepted), an RSA key under 2048 bits, a curve we do not verify, or an {@code alg} that does not fit it.
     */
    static Optional<VerificationKey> from(JWK jwk) {
        String kid = jwk.getKeyID();
        if (kid == null || kid.isEmpty()) {
            return Optional.empty();
        }
        // RFC 7517 §4.2, §4.3: keys meant for encryption only are not signature keys.
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return Optional.empty();
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return Optional.empty();
        }
        try {
            Set<JWSAlgorithm> algorithms;
            JWSVerifier verifier;
            if (jwk instanceof RSAKey rsa) {
                if (rsa.size() < MIN_RSA_BITS) {
                    return Optional.empty();
                }
                algorithms = RSA;
                verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
            } else if (jwk instanceof ECKey ec) {
                // RFC 7518 §3.4: each ECDSA algorithm has its own curve.
                JWSAlgorithm alg = ecAlgorithm(ec.getCurve());
                if (alg == null) {
                    return Optional.empty();
                }
                algorithms = Set.of(alg);
                verifier = new ECDSAVerifier(ec.toECPublicKey());
            } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                // RFC 8037 §3.1 (EdDSA) and RFC 9864 (the fully specified Ed25519)
                algorithms = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
                verifier = new Ed25519Verifier(okp.toPublicJWK());
            } else {
                return Optional.empty();
            }
            // RFC 7517 §4.4: a key that names its algorithm is used with that algorithm only.
            if (jwk.getAlgorithm() != null) {
                JWSAlgorithm only = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
                if (!algorithms.contains(only)) {
                    return Optional.empty();
                }
                algorithms = Set.of(only);
            }
            return Optional.of(new VerificationKey(kid, algorithms, verifier));
        } catch (JOSEException e) {
            return Optional.empty();
        }
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        return null;
    }
}
