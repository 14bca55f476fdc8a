package dev.scopekeeper.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.util.Arrays;
import java.util.Locale;

/**
 * The JWS algorithms Scopekeeper signs access tokens with, each with its key type. All key and
 * signature work is Nimbus JOSE+JWT's; this only picks the right Nimbus classes.
 * RS256 is the default (cheapest to verify on resource servers, DESIGN.md "Signing algorithm").
 */
public enum SigningAlgorithm {
    RS256(JWSAlgorithm.RS256),
    PS256(JWSAlgorithm.PS256),
    ES256(JWSAlgorithm.ES256),
    EDDSA(JWSAlgorithm.EdDSA);

    private final JWSAlgorithm jws;

    SigningAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    public JWSAlgorithm jws() {
        return jws;
    }

    public String wire() {
        return jws.getName();
    }

    public static SigningAlgorithm fromWire(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.wire().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported signing algorithm '" + name + "'; use one of "
                + Arrays.stream(values()).map(SigningAlgorithm::wire).toList());
    }

    /** A new private JWK for this algorithm, its kid the RFC 7638 thumbprint. */
    public JWK generate() {
        try {
            return switch (this) {
                case RS256, PS256 -> new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(jws).keyIDFromThumbprint(true).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(jws).keyIDFromThumbprint(true).generate();
                case EDDSA -> new OctetKeyPairGenerator(Curve.Ed25519).keyUse(KeyUse.SIGNATURE).algorithm(jws).keyIDFromThumbprint(true).generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + wire() + " key", e);
        }
    }

    public JWSSigner signer(JWK key) throws JOSEException {
        return switch (this) {
            case RS256, PS256 -> new RSASSASigner((RSAKey) key);
            case ES256 -> new ECDSASigner((ECKey) key);
            case EDDSA -> new Ed25519Signer((OctetKeyPair) key);
        };
    }

    public JWSVerifier verifier(JWK key) throws JOSEException {
        return switch (this) {
            case RS256, PS256 -> new RSASSAVerifier(((RSAKey) key).toRSAPublicKey());
            case ES256 -> new ECDSAVerifier(((ECKey) key).toPublicJWK());
            case EDDSA -> new Ed25519Verifier(((OctetKeyPair) key).toPublicJWK());
        };
    }

    @Override
    public String toString() {
        return wire().toUpperCase(Locale.ROOT);
    }
}
