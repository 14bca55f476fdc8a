package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.consent.AuthorizationFlow;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthException;
import dev.scopekeeper.server.session.Session;
import dev.scopekeeper.server.session.Sessions;
import dev.scopekeeper.server.web.ErrorView;
import dev.scopekeeper.server.web.Pages;

import java.util.Optional;

/** POST /authorize/consent: the consent form, only from the signed-in user's own page (session + CSRF token). */
public final class ConsentEndpoint implements Endpoint {
    private final AuthorizationFlow flow;
    private final Sessions sessions;

    public ConsentEndpoint(AuthorizationFlow flow, Sessions sessions) {
        this.flow = flow;
        this.sessions = sessions;
    }

    @Override
    public Response handle(Request request) {
        FormParameters form;
        String csrf;
        try {
            form = BrowserForms.form(request);
            csrf = form.single("csrf");
        } catch (OAuthException e) {
            return Pages.error(new ErrorView(400, "The form was not valid", e.error().description(), e.error().code()));
        }
        Optional<Session> session = sessions.current(request);
        if (session.isEmpty()) {
            return Pages.error(new ErrorView(400, "Your session has ended",
                    "Please go back to the app and start again.", "invalid_request"));
        }
        // RFC 6749 §10.12 (CSRF): a consent decision counts only when posted from the page we showed to this session.
        if (!Sessions.csrfMatches(session.get(), csrf)) {
            return Pages.error(new ErrorView(403, "This form has expired",
                    "Nothing was granted. Please go back to the app and start again.", "invalid_request"));
        }
        return flow.consent(request, form, session.get());
    }
}
