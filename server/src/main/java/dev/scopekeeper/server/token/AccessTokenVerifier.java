package dev.scopekeeper.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies an access token that this server issued, for introspection, revocation and the bearer-protected
 * endpoints: parse → typ {@code at+jwt} → kid of one of our published keys and the algorithm of that key
 * (the alg allow-list) → signature → issuer → expiry. It does not check revocation (the caller
 * does) nor audience (the server accepts its tokens for every audience).
 *
 * <p>Tokens that verified are remembered ({@link #CACHE_SIZE} at most, expired ones dropped first),
 * because a client sends the same bearer token with many requests, and the parse and signature check
 * are the largest part of the server's own work on such a request (an RS256 verification is a 2048-bit
 * modular exponentiation). An entry is keyed by the SHA-256 of the whole token, so any change to the
 * token misses it, and is used only while the token has not expired and its key is still published: a
 * key withdrawn from the JWKS stops its tokens at once. Refusals are not remembered. Thread-safe.
 */
public final class AccessTokenVerifier {
    /** Verified tokens remembered, about 1 KiB each. */
    static final int CACHE_SIZE = 2048;

    private record Verified(JWTClaimsSet claims, String kid, Instant expires) { }

    private final String issuer;
    private final SigningKeys keys;
    private final Clock clock;
    private final Map<ByteBuffer, Verified> verified = new ConcurrentHashMap<>();
    private final int cacheSize;

    public AccessTokenVerifier(String issuer, SigningKeys keys, Clock clock) {
        this(issuer, keys, clock, CACHE_SIZE);
    }

    AccessTokenVerifier(String issuer, SigningKeys keys, Clock clock, int cacheSize) {
        this.issuer = issuer;
        this.keys = keys;
        this.clock = clock;
        this.cacheSize = cacheSize;
    }

    /** The claims of a valid token of ours, or empty for anything else (malformed, foreign, tampered, expired). */
    public Optional<JWTClaimsSet> verify(String token) {
        ByteBuffer key = ByteBuffer.wrap(OpaqueTokens.sha256(token.getBytes(StandardCharsets.UTF_8)));
        Verified v = verified.get(key);
        if (v == null) {
            v = verifyFully(token);
            if (v == null) {
                return Optional.empty();
            }
            remember(key, v);
        }
        // Checked on every use, remembered or not: the token expires (RFC 7519 §4.1.4), or its key is withdrawn
        // from the JWKS (RFC 9068 §4: validated with the issuer's published keys), meanwhile.
        if (!v.expires().isAfter(clock.instant()) || !keys.current().published().containsKey(v.kid())) {
            verified.remove(key);
            return Optional.empty();
        }
        return Optional.of(v.claims());
    }

    private Verified verifyFully(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            // RFC 9068 §4: the typ header must be at+jwt.
            if (!SigningKeys.AT_JWT.equals(jwt.getHeader().getType())) {
                return null;
            }
            String kid = jwt.getHeader().getKeyID();
            SigningKeys.Published key = kid == null ? null : keys.current().published().get(kid);
            // RFC 8725 §3.1: accept only the algorithm the key is for; never 'none'.
            if (key == null || !key.algorithm().jws().equals(jwt.getHeader().getAlgorithm())) {
                return null;
            }
            if (!jwt.verify(key.verifier())) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!issuer.equals(claims.getIssuer()) || exp == null) {
                return null;
            }
            return new Verified(claims, kid, exp.toInstant());
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return null;
        }
    }

    private void remember(ByteBuffer key, Verified v) {
        if (verified.size() >= cacheSize) {
            Instant now = clock.instant();
            verified.values().removeIf(e -> !e.expires().isAfter(now));
            if (verified.size() >= cacheSize) {
                verified.clear(); // every entry still valid: start again rather than track recency on every hit
            }
        }
        verified.put(key, v);
    }

    /** Remembered tokens (for tests). */
    int remembered() {
        return verified.size();
    }
}
