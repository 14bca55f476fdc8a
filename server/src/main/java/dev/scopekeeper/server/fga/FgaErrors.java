package dev.scopekeeper.server.fga;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.server.endpoint.Endpoint;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;

import java.util.Locale;

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

    /** {@code endpoint} with the engine's errors rendered as JSON errors. */
    static Endpoint rendered(Endpoint endpoint) {
        return request -> {
            try {
                return endpoint.handle(request);
            } catch (FgaException e) {
                throw new OAuthException(of(e));
            }
        };
    }
}
