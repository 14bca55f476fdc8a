package dev.scopekeeper.resource;

/**
 * The relationship engine gave no usable answer: unreachable, too slow, a 5xx, a malformed or oversized answer, or
 * it (or the token endpoint) refused this resource server's own credentials. Access decisions fail closed: answer
 * 503, never "allowed". The message is for logs (it names URLs and causes), not for clients.
 */
public final class RelationshipUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RelationshipUnavailableException(String message) {
        super(message);
    }

    public RelationshipUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
