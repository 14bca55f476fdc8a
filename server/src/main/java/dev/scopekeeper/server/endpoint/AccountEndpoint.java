package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.scopes.ScopeSyntax;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientRegistry;
import dev.scopekeeper.server.consent.AuthorizationFlow;
import dev.scopekeeper.server.consent.ConsentGrant;
import dev.scopekeeper.server.policy.CurrentCatalog;
import dev.scopekeeper.server.policy.ProtocolScopes;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthException;
import dev.scopekeeper.server.session.Session;
import dev.scopekeeper.server.session.Sessions;
import dev.scopekeeper.server.store.ConsentStore;
import dev.scopekeeper.server.web.ConnectedAppsView;
import dev.scopekeeper.server.web.ErrorView;
import dev.scopekeeper.server.web.LoginView;
import dev.scopekeeper.server.web.Pages;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in user's connected apps: GET /account lists every app holding a grant; POST
 * /account/revoke takes back one scope or the whole grant (refresh tokens die at once, access
 * tokens are reported inactive by introspection at once); POST /logout ends the session.
 */
public final class AccountEndpoint {
    public static final String PATH = "/account";
    public static final String REVOKE_PATH = "/account/revoke";
    public static final String LOGOUT_PATH = "/logout";
    private static final Map<String, String> NOTICES = Map.of(
            "app", "The app's access was removed. Its tokens no longer work.",
            "scope", "The permission was revoked. The app's tokens that carried it no longer work.",
            "none", "Nothing to revoke: the app no longer held that permission.");

    private final ConsentStore consents;
    private final ClientRegistry clients;
    private final CurrentCatalog catalog;
    private final Sessions sessions;
    private final AuthorizationFlow flow;
    private final Clock clock;

    public AccountEndpoint(ConsentStore consents, ClientRegistry clients, CurrentCatalog catalog, Sessions sessions,
                           AuthorizationFlow flow, Clock clock) {
        this.consents = consents;
        this.clients = clients;
        this.catalog = catalog;
        this.sessions = sessions;
        this.flow = flow;
        this.clock = clock;
    }

    public Endpoint page() {
        return request -> {
            Optional<Session> session = sessions.current(request);
            if (session.isEmpty()) {
                return flow.loginPage(request, List.of(new LoginView.Field("return_to", LoginEndpoint.RETURN_TO_ACCOUNT)),
                        null, null, null);
            }
            String notice = null;
            try {
                String done = BrowserForms.parameters(request).single("done");
                notice = done == null ? null : NOTICES.get(done);
            } catch (OAuthException e) {
                // An unreadable query only loses the notice.
            }
            return Pages.connectedApps(view(session.get(), notice));
        };
    }

    public Endpoint revoke() {
        return request -> withForm(request, (form, session) -> {
            String clientId = form.single("client_id");
            String scope = form.single("scope");
            if (clientId == null || (scope != null && !ScopeSyntax.isValidToken(scope))) {
                return Pages.error(new ErrorView(400, "The form was not valid", "No app or permission was named.", "invalid_request"));
            }
            boolean revoked = consents.revokeConsent(session.username(), clientId,
                    scope == null ? null : ScopeSet.of(scope), clock.instant());
            return Response.redirect(303, PATH + "?done=" + (!revoked ? "none" : scope == null ? "app" : "scope"), Pages.securityHeaders());
        });
    }

    public Endpoint logout() {
        return request -> withForm(request, (form, session) -> {
            sessions.end(request);
            return Response.redirect(303, PATH, Pages.securityHeaders()).withHeader("Set-Cookie", sessions.clearSessionCookie());
        });
    }

    private interface FormAction {
        Response run(FormParameters form, Session session);
    }

    private Response withForm(Request request, FormAction action) {
        FormParameters form;
        try {
            form = BrowserForms.form(request);
            Optional<Session> session = sessions.current(request);
            if (session.isEmpty()) {
                return Response.redirect(303, PATH, Pages.securityHeaders());
            }
            // RFC 6749 §10.12 (CSRF): only a form from our own page, for this session, changes anything.
            if (!Sessions.csrfMatches(session.get(), form.single("csrf"))) {
                return Pages.error(new ErrorView(403, "This form has expired", "Nothing was changed. Please reload the page and try again.", "invalid_request"));
            }
            return action.run(form, session.get());
        } catch (OAuthException e) {
            return Pages.error(new ErrorView(400, "The form was not valid", e.error().description(), e.error().code()));
        }
    }

    private ConnectedAppsView view(Session session, String notice) {
        ScopeCatalog cat = catalog.catalog();
        List<ConnectedAppsView.App> apps = new ArrayList<>();
        for (ConsentGrant grant : consents.listConsents(session.username())) {
            Optional<Client> client = clients.find(grant.clientId());
            List<ConnectedAppsView.GrantedScope> scopes = new ArrayList<>();
            for (Map.Entry<String, Instant> s : grant.scopes().entrySet()) {
                String name = s.getKey();
                String description = ProtocolScopes.description(cat, name);
                String api = cat.apiOf(name).map(a -> a.name() == null ? a.audience() : a.name()).orElse("Your account");
                scopes.add(new ConnectedAppsView.GrantedScope(name, description, api, s.getValue()));
            }
            apps.add(new ConnectedAppsView.App(grant.clientId(), client.map(Client::name).orElse(grant.clientId()),
                    client.map(Client::firstParty).orElse(false), scopes));
        }
        return new ConnectedAppsView(session.username(), session.csrfToken(), REVOKE_PATH, LOGOUT_PATH, notice, apps);
    }
}
