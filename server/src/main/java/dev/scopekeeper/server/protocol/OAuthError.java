package dev.scopekeeper.server.protocol;

import java.util.Objects;

/**
 * An OAuth error as a value that carries its HTTP status (RFC 6749 §5.2, RFC 6750 §3.1, RFC 7009
 * §2.2.1, RFC 8707 §2). The constants are the standard codes with their default status;
 * {@link #withDescription} returns a copy. One renderer writes them all.
 *
 * <p>The description is made safe for the wire here: RFC 6749 §5.2 allows only
 * %x20-21 / %x23-5B / %x5D-7E in {@code error_description}, so other characters (quotes,
 * backslashes, control and non-ASCII characters, including ones echoed from a hostile request)
 * are replaced and long values are cut.
 */
public record OAuthError(String code, String description, int status) {

    public static final OAuthError INVALID_REQUEST = new OAuthError("invalid_request", null, 400);
    public static final OAuthError INVALID_CLIENT = new OAuthError("invalid_client", null, 401);
    public static final OAuthError INVALID_GRANT = new OAuthError("invalid_grant", null, 400);
    public static final OAuthError UNAUTHORIZED_CLIENT = new OAuthError("unauthorized_client", null, 400);
    public static final OAuthError UNSUPPORTED_GRANT_TYPE = new OAuthError("unsupported_grant_type", null, 400);
    public static final OAuthError INVALID_SCOPE = new OAuthError("invalid_scope", null, 400);
    public static final OAuthError INVALID_TARGET = new OAuthError("invalid_target", null, 400);
    public static final OAuthError UNSUPPORTED_TOKEN_TYPE = new OAuthError("unsupported_token_type", null, 400);
    public static final OAuthError METHOD_NOT_ALLOWED = new OAuthError("invalid_request", null, 405);
    public static final OAuthError NOT_FOUND = new OAuthError("not_found", null, 404);
    public static final OAuthError SERVER_ERROR = new OAuthError("server_error", null, 500);
    public static final OAuthError TEMPORARILY_UNAVAILABLE = new OAuthError("temporarily_unavailable", null, 503);
    // RFC 6749 §4.1.2.1: authorization endpoint errors (sent to the client by redirect; the status is for shown errors).
    public static final OAuthError UNSUPPORTED_RESPONSE_TYPE = new OAuthError("unsupported_response_type", null, 400);
    public static final OAuthError ACCESS_DENIED = new OAuthError("access_denied", null, 403);
    // OpenID Connect Core §3.1.2.6.
    public static final OAuthError LOGIN_REQUIRED = new OAuthError("login_required", null, 400);
    public static final OAuthError CONSENT_REQUIRED = new OAuthError("consent_required", null, 400);
    // RFC 6750 §3.1: errors of a protected resource (userinfo).
    public static final OAuthError INVALID_TOKEN = new OAuthError("invalid_token", null, 401);
    public static final OAuthError INSUFFICIENT_SCOPE = new OAuthError("insufficient_scope", null, 403);

    static final int MAX_DESCRIPTION = 300;

    public OAuthError {
        Objects.requireNonNull(code, "code");
        description = description == null ? null : safe(description);
    }

    public OAuthError withDescription(String text) {
        return new OAuthError(code, text, status);
    }

    /** Same as {@code withDescription(String.format(format, args))}. */
    public OAuthError describe(String format, Object... args) {
        return withDescription(String.format(java.util.Locale.ROOT, format, args));
    }

    public OAuthError withStatus(int newStatus) {
        return new OAuthError(code, description, newStatus);
    }

    public OAuthException exception() {
        return new OAuthException(this);
    }

    /** Makes text fit the error_description character set of RFC 6749 §5.2 and a sane length. */
    static String safe(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_DESCRIPTION + 3));
        for (int i = 0; i < text.length() && b.length() < MAX_DESCRIPTION; i++) {
            char c = text.charAt(i);
            if (c == '§') {
                b.append("section ");
                if (i + 1 < text.length() && text.charAt(i + 1) == ' ') {
                    i++;
                }
            } else if (c == '"') {
                b.append('\'');
            } else if (c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)) {
                b.append(c);
            } else {
                b.append('?');
            }
        }
        if (b.length() >= MAX_DESCRIPTION) {
            b.setLength(MAX_DESCRIPTION);
            b.append("...");
        }
        return b.toString();
    }

    /** A request value quoted for an error description, cut to a readable length. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "'" + cut + "'";
    }
}
