package dev.scopekeeper.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.scopekeeper.server.store.KeyStore;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signing keys, read from the store so every node of a cluster signs with the same key.
 * Holds an immutable snapshot: the active signer, a verifier per published key, and the JWKS
 * document. {@link #reload()} refreshes it (the server calls it on a schedule, which bounds how long
 * a node takes to see a rotation made elsewhere).
 *
 * <p>A retired key is published until {@code retiredAt + publishFor} (the longest token lifetime
 * plus clock skew), so tokens it signed keep verifying until they expire; then it is deleted.
 */
public final class SigningKeys {
    /** RFC 9068 §2.1: the JOSE header typ of a JWT access token. */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final KeyStore store;
    private final SigningAlgorithm algorithm;
    private final Duration publishFor;
    private final Clock clock;
    private volatile Snapshot snapshot;

    /** The state of the keys at one moment. */
    public record Snapshot(String kid, JWSHeader header, JWSSigner signer, Map<String, Published> published, String jwksJson) {
    }

    /** A key that verifies: its algorithm and a verifier for it. */
    public record Published(SigningAlgorithm algorithm, JWSVerifier verifier) {
    }

    public SigningKeys(KeyStore store, SigningAlgorithm algorithm, Duration publishFor, Clock clock) {
        this.store = store;
        this.algorithm = algorithm;
        this.publishFor = publishFor;
        this.clock = clock;
    }

    /** Loads the keys; creates a key of the configured algorithm if none is active. */
    public SigningKeys start() {
        List<SigningKey> keys = store.listKeys();
        SigningKey active = keys.stream().filter(SigningKey::isActive).findFirst().orElse(null);
        if (active == null) {
            store.insertKey(newKey());
        } else if (!active.algorithm().equals(algorithm.wire())) {
            // The configured algorithm changed: rotate, keeping the old key published for its tokens.
            store.rotate(newKey(), clock.instant());
        }
        reload();
        return this;
    }

    /** Retires the active key and makes a new one of the configured algorithm. */
    public SigningKey rotate() {
        SigningKey next = newKey();
        store.rotate(next, clock.instant());
        reload();
        return next;
    }

    public void reload() {
        Instant now = clock.instant();
        List<SigningKey> keys = store.listKeys();
        SigningKey active = keys.stream().filter(SigningKey::isActive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no active signing key in the store"));
        try {
            List<JWK> publicKeys = new ArrayList<>();
            Map<String, Published> published = new HashMap<>();
            for (SigningKey k : keys) {
                if (k.isActive() || k.retiredAt().plus(publishFor).isAfter(now)) {
                    JWK jwk = JWK.parse(k.privateJwkJson());
                    SigningAlgorithm alg = SigningAlgorithm.fromWire(k.algorithm());
                    publicKeys.add(jwk.toPublicJWK());
                    published.put(k.kid(), new Published(alg, alg.verifier(jwk)));
                }
            }
            SigningAlgorithm activeAlg = SigningAlgorithm.fromWire(active.algorithm());
            JWK activeJwk = JWK.parse(active.privateJwkJson());
            // Parsed back from its own encoding, the header keeps that encoding: Nimbus would otherwise
            // re-serialise and re-encode the same header for every token.
            JWSHeader header = JWSHeader.parse(
                    new JWSHeader.Builder(activeAlg.jws()).type(AT_JWT).keyID(active.kid()).build().toBase64URL());
            String jwks = new JWKSet(publicKeys).toString(true);
            snapshot = new Snapshot(active.kid(), header, activeAlg.signer(activeJwk), Map.copyOf(published), jwks);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("a signing key in the store cannot be read", e);
        }
    }

    /** Deletes keys retired long enough ago that no token they signed can still be valid. */
    public int purgeExpired() {
        return store.deleteRetiredBefore(clock.instant().minus(publishFor));
    }

    public Snapshot current() {
        Snapshot s = snapshot;
        if (s == null) {
            throw new IllegalStateException("signing keys not started");
        }
        return s;
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    private SigningKey newKey() {
        JWK jwk = algorithm.generate();
        return new SigningKey(jwk.getKeyID(), algorithm.wire(), jwk.toJSONString(), clock.instant(), null);
    }
}
