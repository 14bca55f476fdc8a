package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.policy.ProtocolScopes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenID Connect userinfo (Core §5.3), a protected resource: a bearer access token (RFC 6750 §2.1,
 * header only) of ours, unrevoked, for any audience, with the {@code openid} scope. Errors per RFC 6750 §3.
 */
public final class UserInfoEndpoint implements Endpoint {
    private final BearerAccess bearer;

    public UserInfoEndpoint(BearerAccess bearer) {
        this.bearer = bearer;
    }

    @Override
    public Response handle(Request request) {
        BearerAccess.Outcome access = bearer.check(request, null, ProtocolScopes.OPENID);
        if (!access.granted()) {
            return access.refusal();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", access.claims().getSubject());
        body.put("preferred_username", access.claims().getSubject());
        return Response.noStore(200, body);
    }
}
