package dev.scopekeeper.scopes;

/**
 * The scope grammar of RFC 6749 §3.3, kept in one place.
 *
 * <pre>
 * scope       = scope-token *( SP scope-token )
 * scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
 * </pre>
 *
 * The limits are not in the RFC; they bound the work done on untrusted input.
 */
public final class ScopeSyntax {

    /** Longest scope string {@link ScopeSet#parse} accepts. */
    public static final int MAX_SCOPE_STRING_LENGTH = 4096;

    /** Most tokens (duplicates included) {@link ScopeSet#parse} accepts. */
    public static final int MAX_TOKENS = 100;

    /** The only separator between scope tokens. */
    static final char SP = ' ';

    private ScopeSyntax() {
    }

    /** True iff {@code c} may appear in a scope-token. */
    public static boolean isTokenChar(char c) {
        // RFC 6749 §3.3: %x21 / %x23-5B / %x5D-7E, i.e. visible ASCII except '"' and '\'
        return c >= 0x21 && c <= 0x7E && c != 0x22 && c != 0x5C;
    }

    /** True iff {@code token} is a non-empty scope-token made only of allowed characters. */
    public static boolean isValidToken(String token) {
        return token != null && !token.isEmpty() && indexOfInvalidChar(token) < 0;
    }

    /** Throws {@link InvalidScopeException} unless {@code token} is a valid scope-token. */
    public static void requireValidToken(String token) {
        if (token == null) {
            throw InvalidScopeException.nullToken();
        }
        // RFC 6749 §3.3: scope-token = 1*( ... ), so at least one character
        if (token.isEmpty()) {
            throw InvalidScopeException.emptyToken();
        }
        int bad = indexOfInvalidChar(token);
        if (bad >= 0) {
            throw InvalidScopeException.badChar(token, bad);
        }
    }

    /** Index of the first character not allowed in a scope-token, or -1. */
    static int indexOfInvalidChar(String token) {
        for (int i = 0, n = token.length(); i < n; i++) {
            if (!isTokenChar(token.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
