package dev.scopekeeper.server.fga;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.dsl.DslSyntaxError;
import dev.scopekeeper.server.endpoint.Endpoint;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.protocol.OAuthError;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's errors on the wire: the code lowercased ({@code invalid_tuple}, {@code conflict}, ...)
 * with the engine's message (written to be shown to the caller) and the status of the contract
 * (docs/fga-http.md).
 */
final class FgaErrors {
    private FgaErrors() {
    }

    static int status(FgaException.Code code) {
        switch (code) {
            case MODEL_NOT_FOUND:
                return 404;
            case CONFLICT:
                return 409;
            // RFC 9110 §15.5.21: the request is well-formed but cannot be processed (the graph is too deep).
            case DEPTH_EXCEEDED:
                return 422;
            default:
                return 400;
        }
    }

    static OAuthError of(FgaException e) {
        return new OAuthError(e.code().name().toLowerCase(Locale.ROOT), e.getMessage(), status(e.code()));
    }

    /**
     * {@code endpoint} with the engine's errors rendered as JSON errors; a DSL syntax error also
     * carries its {@code line} and {@code column} as numbers, for an editor to point at.
     */
    static Endpoint rendered(Endpoint endpoint) {
        return request -> {
            try {
                return endpoint.handle(request);
            } catch (FgaException e) {
                return render(e);
            }
        };
    }

    static Response render(FgaException e) {
        OAuthError error = of(e);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("error_description", error.description());
        if (e.getCause() instanceof DslSyntaxError syntax) {
            body.put("line", syntax.line());
            body.put("column", syntax.column());
        }
        return Response.json(error.status(), body, Map.of("Cache-Control", "no-store", "Pragma", "no-cache"));
    }
}
