package dev.scopekeeper.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds access tokens for tests, well-formed by default (RFC 9068, as the server issues them) and made hostile
 * one property at a time. Signing is Nimbus's.
 */
final class Tokens {
    static final String AUDIENCE = "https://photos.example.com";

    private final JWK key;
    private JWSAlgorithm alg;
    private String typ = "at+jwt";
    private String kid;
    private final Map<String, Object> extraHeader = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private Tokens(JWK key, String issuer, Instant now) {
        this.key = key;
        this.alg = TestKeys.defaultAlgorithm(key);
        this.kid = key.getKeyID();
        claims.put("iss", issuer);
        claims.put("sub", "alice");
        claims.put("aud", AUDIENCE);
        claims.put("exp", now.getEpochSecond() + 300);
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("client_id", "photo-app");
        claims.put("scope", "photos.read photos.upload");
    }

    /** A valid token of {@code issuer}, issued at {@code now}, valid 5 minutes, signed with {@code key}. */
    static Tokens signedWith(JWK key, String issuer, Instant now) {
        return new Tokens(key, issuer, now);
    }

    Tokens alg(JWSAlgorithm value) {
        alg = value;
        return this;
    }

    /** Null leaves typ out. */
    Tokens typ(String value) {
        typ = value;
        return this;
    }

    /** Null leaves kid out. */
    Tokens kid(String value) {
        kid = value;
        return this;
    }

    Tokens header(String name, Object value) {
        extraHeader.put(name, value);
        return this;
    }

    Tokens claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    Tokens without(String claim) {
        claims.remove(claim);
        return this;
    }

    String jti() {
        return (String) claims.get("jti");
    }

    String sign() {
        return sign(signer(key));
    }

    /** Signs with another signer (e.g. HMAC), keeping this header. */
    String sign(JWSSigner signer) {
        JWSHeader.Builder h = new JWSHeader.Builder(alg).keyID(kid);
        if (typ != null) {
            h.type(new JOSEObjectType(typ));
        }
        extraHeader.forEach((name, value) -> {
            if (name.equals("crit")) {
                @SuppressWarnings("unchecked")
                Collection<String> crit = (Collection<String>) value;
                h.criticalParams(new HashSet<>(crit));
            } else {
                h.customParam(name, value);
            }
        });
        JWSObject jws = new JWSObject(h.build(), new Payload(JSONObjectUtils.toJSONString(claims)));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /** The three parts from raw JSON (nothing checked): for hostile headers Nimbus would refuse to build. */
    static String raw(String headerJson, String payloadJson, String signature) {
        return b64(headerJson) + "." + b64(payloadJson) + "." + signature;
    }

    /** This token's claims as JSON. */
    String payloadJson() {
        return JSONObjectUtils.toJSONString(claims);
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static JWSSigner signer(JWK key) {
        try {
            if (key instanceof RSAKey rsa) {
                // weak keys allowed: tests sign with them to prove the verifier ignores them
                return new RSASSASigner(rsa, Set.of(AllowWeakRSAKey.getInstance()));
            }
            if (key instanceof ECKey ec) {
                return new ECDSASigner(ec);
            }
            if (key instanceof OctetKeyPair okp) {
                return new Ed25519Signer(okp);
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException("no signer for " + key.getKeyType());
    }

    /** An HMAC signer keyed with the given bytes (the "public key as HMAC secret" attack). */
    static JWSSigner hmac(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

}
