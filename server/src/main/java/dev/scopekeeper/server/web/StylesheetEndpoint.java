package dev.scopekeeper.server.web;

import dev.scopekeeper.server.endpoint.Endpoint;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;

/** TEMPORARY stub (replaced by the web branch). */
public final class StylesheetEndpoint implements Endpoint {
    @Override
    public Response handle(Request request) {
        return new Response(200, "text/css;charset=UTF-8", new byte[0], java.util.Map.of());
    }
}
