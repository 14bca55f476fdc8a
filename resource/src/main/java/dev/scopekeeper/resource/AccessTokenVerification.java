package dev.scopekeeper.resource;

/**
 * What {@link Guard} needs of a verifier: {@link TokenVerifier} checks JWTs locally; {@link IntrospectionVerifier}
 * asks the issuer (RFC 7662) for opaque tokens. Both return the same {@link VerifiedToken}.
 */
public interface AccessTokenVerification {
    /**
     * @throws TokenRejectedException the token is not acceptable (401 invalid_token)
     * @throws JwksUnavailableException the issuer could not be asked (503)
     */
    VerifiedToken verify(String token) throws TokenRejectedException;

    String issuer();

    String audience();
}
