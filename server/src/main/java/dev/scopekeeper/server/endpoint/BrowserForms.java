package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthError;

import java.nio.charset.StandardCharsets;

/** Parameters of a browser (or other non-token) request: the query of a GET, the form body of a POST. */
final class BrowserForms {
    private BrowserForms() {
    }

    static FormParameters parameters(Request request) {
        if ("POST".equals(request.method())) {
            if (!FormPost.isForm(request.contentType())) {
                throw OAuthError.INVALID_REQUEST.withDescription("content type must be application/x-www-form-urlencoded").exception();
            }
            return FormPost.decode(request.body());
        }
        String query = request.query();
        return FormPost.decode(query == null ? new byte[0] : query.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The form body of a POST that a page of ours submitted. */
    static FormParameters form(Request request) {
        if (!"POST".equals(request.method())) {
            throw OAuthError.METHOD_NOT_ALLOWED.withDescription("use POST").exception();
        }
        return parameters(request);
    }
}
