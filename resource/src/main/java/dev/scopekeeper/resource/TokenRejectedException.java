package dev.scopekeeper.resource;

/**
 * An access token that {@link TokenVerifier} refused. The {@link #reason()} is for programs (metrics,
 * logs, tests); the message is a fixed, safe description that never contains any part of the token,
 * so it may be sent to the client as an RFC 6750 {@code error_description}.
 *
 * <p>Rejections are expected and may be frequent under attack, so the exception carries no stack trace.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused; each value names the step of the {@link TokenVerifier} chain that failed. */
    public enum Reason {
        /** Not a JWS compact serialization, not base64url, not JSON, a bad claim type, or too long. */
        MALFORMED,
        /** The {@code typ} header is not {@code at+jwt} (RFC 9068 §4). */
        WRONG_TYPE,
        /** {@code alg} is not in the allow-list (never {@code none} or HMAC), or does not fit the key. */
        ALGORITHM_NOT_ALLOWED,
        /** No {@code kid}, or no key with that {@code kid} in the issuer's JWKS. */
        UNKNOWN_KEY,
        /** The signature does not verify. */
        BAD_SIGNATURE,
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER,
        /** {@code aud} does not contain the configured audience. */
        WRONG_AUDIENCE,
        /** {@code exp} has passed (beyond the clock skew). */
        EXPIRED,
        /** {@code nbf} is still in the future (beyond the clock skew). */
        NOT_YET_VALID,
        /** {@code iat} is in the future (beyond the clock skew). */
        ISSUED_IN_FUTURE,
        /** A claim RFC 9068 §2.2 requires is absent. */
        MISSING_CLAIM,
        /** The {@link RevocationList} says the token's {@code jti} is revoked. */
        REVOKED,
        /** The issuer's introspection endpoint says the token is not active (RFC 7662 §2.2). */
        INACTIVE
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String description) {
        super(description, null, false, false);
        if (reason == null || description == null) {
            throw new IllegalArgumentException("reason and description are required");
        }
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The safe description (same as {@link #getMessage()}). */
    public String description() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "TokenRejectedException[" + reason + ": " + getMessage() + "]";
    }
}
