package dev.scopekeeper.server.consent;

import dev.scopekeeper.server.protocol.OAuthError;

/**
 * An authorization request that fails. With a verified redirect URI the error goes back to the
 * client (RFC 6749 §4.1.2.1); without one ({@code redirectUri} null) it is shown to the user, never
 * redirected, so the server cannot be used as an open redirector (RFC 9700 §4.11.2).
 */
public final class AuthorizationError extends RuntimeException {
    private final OAuthError error;
    private final String redirectUri;
    private final String state;

    AuthorizationError(OAuthError error, String redirectUri, String state) {
        super(error.code() + ": " + error.description(), null, false, false);
        this.error = error;
        this.redirectUri = redirectUri;
        this.state = state;
    }

    static AuthorizationError shown(OAuthError error) {
        return new AuthorizationError(error, null, null);
    }

    public OAuthError error() {
        return error;
    }

    /** Null when the error must be shown, not redirected. */
    public String redirectUri() {
        return redirectUri;
    }

    public String state() {
        return state;
    }
}
