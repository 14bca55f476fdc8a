package dev.scopekeeper.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * Verifies an access token that this server issued, for introspection and revocation:
 * parse → typ {@code at+jwt} → kid of one of our published keys and the algorithm of that key
 * (the alg allow-list) → signature → issuer → expiry. It does not check revocation (the caller
 * does) nor audience (the server accepts its tokens for every audience).
 */
public final class AccessTokenVerifier {
    private final String issuer;
    private final SigningKeys keys;
    private final Clock clock;

    public AccessTokenVerifier(String issuer, SigningKeys keys, Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.clock = clock;
    }

    /** The claims of a valid token of ours, or empty for anything else (malformed, foreign, tampered, expired). */
    public Optional<JWTClaimsSet> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            // RFC 9068 §4: the typ header must be at+jwt.
            if (!SigningKeys.AT_JWT.equals(jwt.getHeader().getType())) {
                return Optional.empty();
            }
            String kid = jwt.getHeader().getKeyID();
            SigningKeys.Published key = kid == null ? null : keys.current().published().get(kid);
            // RFC 8725 §3.1: accept only the algorithm the key is for; never 'none'.
            if (key == null || !key.algorithm().jws().equals(jwt.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            if (!jwt.verify(key.verifier())) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!issuer.equals(claims.getIssuer()) || exp == null || !exp.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
