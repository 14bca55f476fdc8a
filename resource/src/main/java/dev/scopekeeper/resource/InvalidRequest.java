package dev.scopekeeper.resource;

/**
 * A malformed request for a protected resource (RFC 6750 §3.1 {@code invalid_request}, HTTP 400), such as an
 * Authorization header with two credentials. The message is a fixed, safe description (no header echo).
 */
public final class InvalidRequest extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidRequest(String description) {
        super(description, null, false, false);
    }

    public String description() {
        return getMessage();
    }
}
