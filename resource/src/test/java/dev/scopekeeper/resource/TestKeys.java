package dev.scopekeeper.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** Keys generated once per test run (RSA generation is slow), with Nimbus's generators. */
final class TestKeys {
    static final RSAKey RSA = rsa("rsa-1");
    static final RSAKey RSA_2 = rsa("rsa-2");
    static final ECKey EC = ec("ec-1", Curve.P_256);
    static final OctetKeyPair ED25519 = ed25519("ed-1");

    private TestKeys() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid, Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static OctetKeyPair ed25519(String kid) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm a key signs with by default in these tests. */
    static JWSAlgorithm defaultAlgorithm(JWK key) {
        if (key instanceof RSAKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECKey ec) {
            return Curve.P_384.equals(ec.getCurve()) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256;
        }
        return JWSAlgorithm.EdDSA;
    }
}
