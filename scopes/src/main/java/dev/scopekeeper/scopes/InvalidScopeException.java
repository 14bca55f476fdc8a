package dev.scopekeeper.scopes;

/**
 * A scope token or scope string that breaks RFC 6749 §3.3 or this server's limits.
 * Messages are safe to show to clients: the offending value is quoted with every
 * character outside printable ASCII escaped, and long values are shortened.
 */
public final class InvalidScopeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 64;

    private final String offendingValue;

    public InvalidScopeException(String message, String offendingValue) {
        super(message);
        this.offendingValue = offendingValue;
    }

    /** The bad token, or null when the problem is with the scope string as a whole. */
    public String offendingValue() {
        return offendingValue;
    }

    static InvalidScopeException nullToken() {
        return new InvalidScopeException("scope token is null", null);
    }

    static InvalidScopeException emptyToken() {
        return new InvalidScopeException("scope token is empty", "");
    }

    static InvalidScopeException badChar(String token, int index) {
        int cp = token.codePointAt(index);
        String code = cp < 0x80 ? String.format("0x%02X", cp) : String.format("U+%04X", cp);
        return new InvalidScopeException("scope token " + quote(token)
                + " contains a character not allowed by RFC 6749 §3.3 (" + code + " at index " + index + ")", token);
    }

    static InvalidScopeException nullString() {
        return new InvalidScopeException("scope string is null", null);
    }

    static InvalidScopeException emptyString() {
        return new InvalidScopeException("scope string is empty", null);
    }

    static InvalidScopeException leadingSpace() {
        return new InvalidScopeException("scope string has an empty token (leading space at index 0)", null);
    }

    static InvalidScopeException trailingSpace(int index) {
        return new InvalidScopeException("scope string has an empty token (trailing space at index " + index + ")", null);
    }

    static InvalidScopeException doubleSpace(int index) {
        return new InvalidScopeException("scope string has an empty token (two spaces at index " + index + ")", null);
    }

    static InvalidScopeException tooLong() {
        return new InvalidScopeException(
                "scope string is longer than " + ScopeSyntax.MAX_SCOPE_STRING_LENGTH + " characters", null);
    }

    static InvalidScopeException tooManyTokens() {
        return new InvalidScopeException("more than " + ScopeSyntax.MAX_TOKENS + " scope tokens", null);
    }

    /** {@code value} in double quotes; '"' and '\' backslash-escaped, non-printable or non-ASCII as \\uXXXX. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        boolean cut = value.length() > MAX_QUOTED;
        String shown = cut ? value.substring(0, MAX_QUOTED) : value;
        StringBuilder sb = new StringBuilder(shown.length() + 8).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c <= 0x7E) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.append(cut ? "\"..." : "\"").toString();
    }
}
