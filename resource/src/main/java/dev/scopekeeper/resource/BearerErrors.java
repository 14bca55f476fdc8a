package dev.scopekeeper.resource;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes the RFC 6750 §3 error responses of one protected resource (its realm):
 * <ul>
 *   <li>no token: 401, {@code Bearer realm="..."} and no error code (§3.1: the client may not know it needs one);</li>
 *   <li>a token that failed verification: 401 {@code invalid_token};</li>
 *   <li>a malformed request: 400 {@code invalid_request};</li>
 *   <li>a valid token without the scope: 403 {@code insufficient_scope} with {@code scope="..."}.</li>
 * </ul>
 * Every quoted value is restricted to RFC 6750 §3's {@code %x20-21 / %x23-5B / %x5D-7E}: the realm is checked
 * when this is made, descriptions are cleaned ({@code "} becomes {@code '}, anything else outside the set
 * {@code ?}), and scopes cannot contain {@code "} or {@code \} by RFC 6749 §3.3. A header can therefore never be
 * broken open by a value.
 */
public final class BearerErrors {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    private static final int MAX_DESCRIPTION = 200;

    private final String realm;

    private BearerErrors(String realm) {
        this.realm = realm;
    }

    /** @param realm the protection space, e.g. the API's name; printable ASCII without {@code "} or {@code \} */
    public static BearerErrors forRealm(String realm) {
        if (realm == null || realm.isEmpty()) {
            throw new IllegalArgumentException("realm must not be empty");
        }
        for (int i = 0; i < realm.length(); i++) {
            if (!isSafe(realm.charAt(i))) {
                throw new IllegalArgumentException("realm may hold only printable ASCII without '\"' and '\\' (RFC 6750 section 3)");
            }
        }
        return new BearerErrors(realm);
    }

    public String realm() {
        return realm;
    }

    /** RFC 6750 §3.1: the request had no token; no error code or description. */
    public BearerError missingToken() {
        return new BearerError(401, null, "Bearer realm=\"" + realm + "\"", "{}");
    }

    public BearerError invalidToken(TokenRejectedException rejection) {
        return invalidToken(rejection.description());
    }

    /** RFC 6750 §3.1 invalid_token: expired, revoked, malformed or otherwise invalid. */
    public BearerError invalidToken(String description) {
        return error(401, INVALID_TOKEN, description, null);
    }

    public BearerError invalidRequest(InvalidRequest request) {
        return invalidRequest(request.description());
    }

    /** RFC 6750 §3.1 invalid_request. */
    public BearerError invalidRequest(String description) {
        return error(400, INVALID_REQUEST, description, null);
    }

    /** RFC 6750 §3.1 insufficient_scope, naming the scope the request needs (§3 {@code scope} attribute). */
    public BearerError insufficientScope(ScopeRequirement required) {
        String description = required.isAnyOf()
                ? "the access token needs one of these scopes: " + required.describe()
                : "the access token needs these scopes: " + required.describe();
        return error(403, INSUFFICIENT_SCOPE, description, required.describe());
    }

    /**
     * RFC 6750 §3.1 insufficient_scope without a {@code scope} attribute: no scope would do (a route closed to every
     * token).
     */
    public BearerError insufficientScope(String description) {
        return error(403, INSUFFICIENT_SCOPE, description, null);
    }

    private BearerError error(int status, String code, String description, String scope) {
        String safeDescription = description == null ? null : clean(description, MAX_DESCRIPTION);
        StringBuilder header = new StringBuilder(96).append("Bearer realm=\"").append(realm)
                .append("\", error=\"").append(code).append('"');
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        if (safeDescription != null && !safeDescription.isEmpty()) {
            header.append(", error_description=\"").append(safeDescription).append('"');
            body.put("error_description", safeDescription);
        }
        if (scope != null) {
            String safeScope = clean(scope, scope.length());
            header.append(", scope=\"").append(safeScope).append('"');
            body.put("scope", safeScope);
        }
        return new BearerError(status, code, header.toString(), JSONObjectUtils.toJSONString(body));
    }

    /** RFC 6750 §3: error_description and scope values are %x20-21 / %x23-5B / %x5D-7E. */
    static boolean isSafe(char c) {
        return c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
    }

    static String clean(String text, int max) {
        int n = Math.min(text.length(), max);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            b.append(isSafe(c) ? c : c == '"' ? '\'' : '?');
        }
        return b.toString();
    }
}
