package dev.scopekeeper.resource;

import java.util.List;
import java.util.Optional;

/**
 * Strict extraction of a bearer token from the Authorization header (RFC 6750 §2.1):
 * <pre>
 * credentials = "Bearer" 1*SP b64token
 * b64token    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * </pre>
 * The scheme is matched case-insensitively (RFC 7235 §2.1); exactly one space and exactly one token follow it.
 * Anything else that claims the Bearer scheme (two tokens, a comma, extra or trailing spaces, a second
 * {@code Bearer}) is an {@link InvalidRequest}, never a guess at which part was meant.
 *
 * <p>Only the header is supported: the form-body and query methods (RFC 6750 §2.2, §2.3) are not, and an adapter
 * that sees {@code access_token} in the query or body as well as the header should answer {@code invalid_request}
 * ("more than one method", §3.1).
 */
public final class BearerToken {

    private static final String SCHEME = "Bearer";

    private BearerToken() {
    }

    /**
     * The token of one Authorization header value.
     *
     * @param authorization the header value, or null if the request has none
     * @return empty if there is no header, an empty one, or another scheme (e.g. Basic): the request carries no
     *         bearer token (RFC 6750 §3.1: answer 401 without an error code)
     * @throws InvalidRequest if the header uses the Bearer scheme but is malformed
     */
    public static Optional<String> extract(String authorization) throws InvalidRequest {
        if (authorization == null || authorization.isEmpty()) {
            return Optional.empty();
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        if (!scheme.equalsIgnoreCase(SCHEME)) {
            if (isToken(scheme)) {
                return Optional.empty();
            }
            throw new InvalidRequest("the Authorization header is malformed");
        }
        if (space < 0 || space == authorization.length() - 1) {
            throw new InvalidRequest("the Authorization header has the Bearer scheme but no token");
        }
        String token = authorization.substring(space + 1);
        if (token.length() > TokenVerifier.MAX_TOKEN_LENGTH) {
            throw new InvalidRequest("the bearer token is too long");
        }
        if (!isB64Token(token)) {
            throw new InvalidRequest("the Authorization header must hold exactly one bearer token");
        }
        return Optional.of(token);
    }

    /**
     * The token of a request's Authorization headers, all of them: more than one header is an
     * {@link InvalidRequest} (which one would be meant is a guess).
     */
    public static Optional<String> extract(List<String> authorizationHeaders) throws InvalidRequest {
        if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
            return Optional.empty();
        }
        if (authorizationHeaders.size() > 1) {
            throw new InvalidRequest("the request has more than one Authorization header");
        }
        return extract(authorizationHeaders.get(0));
    }

    /** RFC 6750 §2.1 b64token. */
    static boolean isB64Token(String s) {
        int n = s.length();
        int end = n;
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** RFC 7230 §3.2.6 token (an auth-scheme name). */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
