package dev.scopekeeper.server.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key as kept in the store: the private JWK as JSON (Nimbus {@code JWK.toJSONString()}),
 * its JWS algorithm, when it was created and, once rotated out, when it was retired. A retired key
 * signs nothing but stays in the JWKS until every token it signed has expired.
 */
public record SigningKey(String kid, String algorithm, String privateJwkJson, Instant createdAt, Instant retiredAt) {
    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateJwkJson, "privateJwkJson");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isActive() {
        return retiredAt == null;
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", " + algorithm + ", retired=" + retiredAt + "]";
    }
}
