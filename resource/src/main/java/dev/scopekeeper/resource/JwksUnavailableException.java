package dev.scopekeeper.resource;

/**
 * No key set could be obtained from the issuer (never fetched successfully: the authorization server is
 * unreachable, its metadata names another issuer, or its JWKS is not valid). This is the resource server's
 * problem, not the client's: answer 503, not 401. The message is for logs (it names URLs and causes).
 */
public final class JwksUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JwksUnavailableException(String message) {
        super(message);
    }

    public JwksUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
