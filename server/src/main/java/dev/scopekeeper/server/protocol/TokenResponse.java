package dev.scopekeeper.server.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful token response (RFC 6749 §5.1). {@code scope} is always present, even when it equals
 * the request, so a client never has to guess what it got (RFC 6749 §3.3 makes it optional then).
 */
public record TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken, String idToken) {

    public TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken) {
        this(accessToken, expiresIn, scope, refreshToken, null);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", accessToken);
        m.put("token_type", "Bearer");
        m.put("expires_in", expiresIn);
        m.put("scope", scope);
        if (refreshToken != null) {
            m.put("refresh_token", refreshToken);
        }
        if (idToken != null) {
            m.put("id_token", idToken);
        }
        return m;
    }
}
