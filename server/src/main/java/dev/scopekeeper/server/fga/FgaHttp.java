package dev.scopekeeper.server.fga;

import dev.scopekeeper.server.endpoint.BearerAccess;
import dev.scopekeeper.server.endpoint.Endpoint;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.http.Route;
import dev.scopekeeper.server.policy.BuiltInApis;

import java.util.Map;
import java.util.Set;

/**
 * What every FGA endpoint shares: the bearer check for the FGA API's audience and a scope, the
 * engine's errors rendered, the body limit, and the answer's headers (no caching: answers change
 * with every write).
 */
public final class FgaHttp {
    /** Largest request body: a model's DSL or a batch of tuples. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final BearerAccess bearer;
    private final String audience;

    public FgaHttp(BearerAccess bearer, String issuer) {
        this.bearer = bearer;
        this.audience = BuiltInApis.fgaAudience(issuer);
    }

    /** {@code endpoint} for a token with the FGA audience and {@code scope}, its engine errors rendered. */
    Endpoint require(String scope, Endpoint endpoint) {
        return bearer.guard(audience, scope, FgaErrors.rendered(endpoint));
    }

    static Route get(String path, String name, Endpoint endpoint) {
        return Route.get(path, name, endpoint).withMaxBody(MAX_BODY_BYTES);
    }

    static Route post(String path, String name, Endpoint endpoint) {
        return Route.post(path, name, endpoint).withMaxBody(MAX_BODY_BYTES);
    }

    /** One path, read with GET and written with POST. */
    static Route getAndPost(String path, String name, Endpoint get, Endpoint post) {
        return new Route(path, Set.of("GET", "HEAD", "POST"), name,
                request -> "POST".equals(request.method()) ? post.handle(request) : get.handle(request), MAX_BODY_BYTES);
    }

    static Response ok(Object body) {
        return Response.noStore(200, body);
    }

    static Response created(Object body, String location) {
        return Response.json(201, body, Map.of("Cache-Control", "no-store", "Location", location));
    }
}
