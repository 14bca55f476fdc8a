package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.token.SigningKeys;

import java.util.Map;

/** The public signing keys (RFC 7517 JWK Set): the active key and retired ones whose tokens may still be valid. */
public final class JwksEndpoint implements Endpoint {
    private final SigningKeys keys;

    public JwksEndpoint(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public Response handle(Request request) {
        // Verifiers cache keys themselves and refetch on an unknown kid; HTTP caches must revalidate.
        return Response.rawJson(200, keys.current().jwksJson(), Map.of("Cache-Control", "no-cache"));
    }
}
