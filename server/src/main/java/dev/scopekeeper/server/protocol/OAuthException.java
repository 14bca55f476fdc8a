package dev.scopekeeper.server.protocol;

/** Carries an {@link OAuthError} out of deep code to the one place that renders it. */
public final class OAuthException extends RuntimeException {
    private final OAuthError error;

    public OAuthException(OAuthError error) {
        super(error.code() + (error.description() == null ? "" : ": " + error.description()), null, false, false);
        this.error = error;
    }

    public OAuthError error() {
        return error;
    }
}
