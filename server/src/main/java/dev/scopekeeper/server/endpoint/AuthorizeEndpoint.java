package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.consent.AuthorizationFlow;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthException;
import dev.scopekeeper.server.web.ErrorView;
import dev.scopekeeper.server.web.Pages;


/**
 * The authorization endpoint (RFC 6749 §3.1): GET with the request in the query, or POST with it
 * in a form body (OpenID Connect Core §3.1.2.1). A browser is on the other end, so errors that
 * cannot go back to a verified redirect URI are pages, never JSON and never redirects.
 */
public final class AuthorizeEndpoint implements Endpoint {
    private final AuthorizationFlow flow;

    public AuthorizeEndpoint(AuthorizationFlow flow) {
        this.flow = flow;
    }

    @Override
    public Response handle(Request request) {
        FormParameters params;
        try {
            params = BrowserForms.parameters(request);
        } catch (OAuthException e) {
            return Pages.error(new ErrorView(400, "This sign-in link is not valid", e.error().description(), e.error().code()));
        }
        return flow.start(request, params);
    }
}
