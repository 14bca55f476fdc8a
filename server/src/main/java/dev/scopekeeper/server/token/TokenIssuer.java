package dev.scopekeeper.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.scopes.ScopeSet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Issues JWT access tokens per RFC 9068, signed with the active key. */
public final class TokenIssuer {
    private final String issuer;
    private final SigningKeys keys;
    private final Duration lifetime;
    private final Clock clock;

    public TokenIssuer(String issuer, SigningKeys keys, Duration lifetime, Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * @param subject   the resource owner, or the client itself for client_credentials (RFC 9068 §2.2)
     * @param audiences the APIs the token is for (RFC 9068 §3, RFC 8707)
     */
    public IssuedToken issue(String subject, String clientId, List<String> audiences, ScopeSet scope) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = now.plus(lifetime);
        String jti = TokenIds.next();
        // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti are required; scope per §2.2.3.
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .expirationTime(Date.from(exp))
                .issueTime(Date.from(now))
                .jwtID(jti)
                .claim("client_id", clientId)
                .claim("scope", scope.toString());
        if (audiences.size() == 1) {
            claims.audience(audiences.get(0));
        } else {
            claims.audience(audiences);
        }
        SigningKeys.Snapshot k = keys.current();
        SignedJWT jwt = new SignedJWT(k.header(), claims.build());
        try {
            jwt.sign(k.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed with key " + k.kid(), e);
        }
        return new IssuedToken(jwt.serialize(), jti, now, exp);
    }

    public String issuer() {
        return issuer;
    }

    public Duration lifetime() {
        return lifetime;
    }
}
