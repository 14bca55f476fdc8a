package dev.scopekeeper.server.consent;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.scopes.ScopeSyntax;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientRegistry;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.grant.AuthorizationCode;
import dev.scopekeeper.server.policy.CurrentCatalog;
import dev.scopekeeper.server.policy.ProtocolScopes;
import dev.scopekeeper.server.policy.ScopeDecision;
import dev.scopekeeper.server.policy.ScopePolicy;
import dev.scopekeeper.server.policy.ScopeRequest;
import dev.scopekeeper.server.policy.UserRoles;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;
import dev.scopekeeper.server.session.Session;
import dev.scopekeeper.server.session.Sessions;
import dev.scopekeeper.server.store.AuthorizationCodeStore;
import dev.scopekeeper.server.store.ConsentStore;
import dev.scopekeeper.server.store.UserStore;
import dev.scopekeeper.server.token.OpaqueTokens;
import dev.scopekeeper.server.user.User;
import dev.scopekeeper.server.web.ConsentView;
import dev.scopekeeper.server.web.ErrorView;
import dev.scopekeeper.server.web.LoginView;
import dev.scopekeeper.server.web.Pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization endpoint's flow (DESIGN.md): request → client and redirect URI verified →
 * login → ScopePolicy with the user's roles → consent for what is new and needs it → single-use
 * code → redirect with code, state and iss. The login and consent forms carry the request's
 * parameters, and every step verifies them again: nothing about a pending request is trusted from
 * an earlier step.
 */
public final class AuthorizationFlow {
    /** RFC 6749 §4.1.2: a maximum authorization code lifetime of 10 minutes is RECOMMENDED; we use 60 s. */
    public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    public static final String LOGIN_ACTION = "/login";
    public static final String CONSENT_ACTION = "/authorize/consent";

    private final String issuer;
    private final ClientRegistry clients;
    private final CurrentCatalog catalog;
    private final UserStore users;
    private final ConsentStore consents;
    private final AuthorizationCodeStore codes;
    private final Sessions sessions;
    private final Clock clock;

    public AuthorizationFlow(String issuer, ClientRegistry clients, CurrentCatalog catalog, UserStore users,
                             ConsentStore consents, AuthorizationCodeStore codes, Sessions sessions, Clock clock) {
        this.issuer = issuer;
        this.clients = clients;
        this.catalog = catalog;
        this.users = users;
        this.consents = consents;
        this.codes = codes;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** GET or POST /authorize. */
    public Response start(Request http, FormParameters params) {
        try {
            AuthorizationRequest request = parse(params);
            // Refuse a request that can never succeed before asking anyone for a password.
            policy(request, UserRoles.of(catalog.catalog(), Map.of(), java.util.Set.of()));
            Optional<Session> session = sessions.current(http);
            if (session.isEmpty() || request.prompts("login") || tooOld(session.get(), request.maxAge())) {
                // OpenID Connect Core §3.1.2.6: prompt=none and the user must log in → login_required.
                if (request.prompts("none")) {
                    throw redirectError(request, OAuthError.LOGIN_REQUIRED.withDescription("the user is not signed in"));
                }
                return loginPage(http, params, request.client().name(), null, null);
            }
            return decide(http, request, session.get());
        } catch (AuthorizationError e) {
            return fail(http, e);
        }
    }

    /** Right after a successful login: the login satisfies prompt=login and max_age. */
    public Response afterLogin(Request http, FormParameters params, Session session) {
        try {
            return decide(http, parse(params), session);
        } catch (AuthorizationError e) {
            return fail(http, e);
        }
    }

    /** POST of the consent form (the endpoint has verified the session and the CSRF token). */
    public Response consent(Request http, FormParameters form, Session session) {
        try {
            AuthorizationRequest request = parse(form);
            String decision = single(request, form, "decision");
            if ("deny".equals(decision)) {
                // RFC 6749 §4.1.2.1: the resource owner denied the request.
                throw redirectError(request, OAuthError.ACCESS_DENIED.withDescription("the user denied the request"));
            }
            if (!"approve".equals(decision)) {
                throw redirectError(request, OAuthError.INVALID_REQUEST.withDescription("decision must be approve or deny"));
            }
            Context c = context(request, session);
            ScopeSet ticked = ScopeSet.of(form.all("grant").stream().filter(ScopeSyntax::isValidToken).toList());
            // Only what was offered can be approved: a forged checkbox grants nothing.
            ScopeSet approvedNow = c.toAsk().intersect(ticked);
            ScopeSet granted = c.kept().minus(c.toAsk()).union(approvedNow);
            if (granted.isEmpty()) {
                throw redirectError(request, OAuthError.ACCESS_DENIED.withDescription("the user approved no scope"));
            }
            if (!approvedNow.isEmpty()) {
                consents.addConsent(c.user().username(), request.client().id(), approvedNow, clock.instant());
            }
            return issueCode(http, c, granted);
        } catch (AuthorizationError e) {
            return fail(http, e);
        }
    }

    /** The login page for an authorization request (its parameters ride along as hidden fields). */
    public Response loginPage(Request http, FormParameters params, String clientName, String username, String error) {
        return loginPage(http, hiddenFields(params), clientName, username, error);
    }

    /** The authorization request's parameters, as sent, for the next form to post back. */
    private static List<LoginView.Field> hiddenFields(FormParameters params) {
        List<LoginView.Field> hidden = new ArrayList<>();
        for (String name : AuthorizationRequest.PARAMETERS) {
            params.all(name).forEach(v -> hidden.add(new LoginView.Field(name, v)));
        }
        return hidden;
    }

    public Response loginPage(Request http, List<LoginView.Field> hidden, String clientName, String username, String error) {
        Sessions.LoginToken token = sessions.loginToken(http);
        Response page = Pages.login(new LoginView(LOGIN_ACTION, token.token(), clientName, username, error, hidden));
        return token.setCookie() == null ? page : page.withHeader("Set-Cookie", token.setCookie());
    }

    /** The client's name for the login page, when the parameters name a known client. */
    public String clientName(FormParameters params) {
        try {
            String id = params.single("client_id");
            return id == null ? null : clients.find(id).map(Client::name).orElse(null);
        } catch (OAuthException e) {
            return null;
        }
    }

    private AuthorizationRequest parse(FormParameters params) {
        return AuthorizationRequest.parse(params, clients::find);
    }

    private record Context(AuthorizationRequest request, Session session, User user, UserRoles roles,
                           ScopeDecision decision, ScopeSet kept, ScopeSet remembered, ScopeSet toAsk) {
    }

    private Context context(AuthorizationRequest request, Session session) {
        ScopeCatalog cat = catalog.catalog();
        User user = users.findUser(session.username()).orElseThrow(() -> redirectError(request,
                OAuthError.ACCESS_DENIED.withDescription("the signed-in user no longer exists")));
        UserRoles roles = UserRoles.of(cat, catalog.roles(), user.roles());
        ScopeDecision decision = policy(request, roles);
        ScopeSet kept = decision.requested();
        if (kept.isEmpty()) {
            throw redirectError(request, OAuthError.ACCESS_DENIED.withDescription(
                    "none of the requested scopes is available to this account"));
        }
        ScopeSet remembered = consents.findConsent(user.username(), request.client().id())
                .map(g -> ScopeSet.of(g.scopes().keySet())).orElse(ScopeSet.empty());
        ScopeSet toAsk;
        if (!request.client().needsConsent()) {
            toAsk = ScopeSet.empty();
        } else if (request.prompts("consent")) {
            toAsk = kept;
        } else {
            // Remembered consent: only what was not granted before (a granted broad scope covers what it implies).
            toAsk = kept.minus(cat.expand(remembered));
        }
        return new Context(request, session, user, roles, decision, kept, remembered, toAsk);
    }

    private Response decide(Request http, AuthorizationRequest request, Session session) {
        Context c = context(request, session);
        if (!c.toAsk().isEmpty()) {
            // OpenID Connect Core §3.1.2.6: prompt=none and consent is needed → consent_required.
            if (request.prompts("none")) {
                throw redirectError(request, OAuthError.CONSENT_REQUIRED.withDescription("the user has not granted all requested scopes"));
            }
            return consentPage(c);
        }
        ScopeSet newlyGranted = c.kept().minus(catalog.catalog().expand(c.remembered()));
        if (!newlyGranted.isEmpty()) {
            // First-party clients are not asked, but what they hold is still listed on the connected-apps page.
            consents.addConsent(c.user().username(), request.client().id(), newlyGranted, clock.instant());
        }
        return issueCode(http, c, c.kept());
    }

    private Response consentPage(Context c) {
        ScopeCatalog cat = catalog.catalog();
        Map<String, List<ConsentView.ScopeItem>> byApi = new LinkedHashMap<>();
        for (ApiDefinition api : cat.apis()) {
            for (ScopeDefinition s : api.scopes()) {
                if (c.toAsk().contains(s.name())) {
                    byApi.computeIfAbsent(api.name() == null ? api.audience() : api.name(), k -> new ArrayList<>())
                            .add(new ConsentView.ScopeItem(s.name(), s.description()));
                }
            }
        }
        List<ConsentView.ApiGroup> groups = new ArrayList<>();
        List<ConsentView.ScopeItem> account = items(c.toAsk().intersect(ProtocolScopes.ALL));
        if (!account.isEmpty()) {
            groups.add(new ConsentView.ApiGroup(null, account));
        }
        byApi.forEach((name, items) -> groups.add(new ConsentView.ApiGroup(name, items)));
        List<LoginView.Field> hidden = hiddenFields(c.request().raw());
        Client client = c.request().client();
        return Pages.consent(new ConsentView(CONSENT_ACTION, c.session().csrfToken(), c.user().username(), client.name(),
                client.id(), client.firstParty(), groups, items(c.kept().minus(c.toAsk())),
                items(ScopeSet.of(c.decision().dropped().keySet())), hidden));
    }

    private List<ConsentView.ScopeItem> items(ScopeSet scopes) {
        ScopeCatalog cat = catalog.catalog();
        List<ConsentView.ScopeItem> items = new ArrayList<>();
        for (String s : scopes.values()) {
            items.add(new ConsentView.ScopeItem(s, ProtocolScopes.description(cat, s)));
        }
        return items;
    }

    private Response issueCode(Request http, Context c, ScopeSet granted) {
        AuthorizationRequest request = c.request();
        ScopeCatalog cat = catalog.catalog();
        ScopeSet scope = cat.expand(granted);
        if (request.includeGrantedScopes()) {
            // Incremental authorization: add what the user granted this client before, as far as the
            // client and the user's roles still allow it (and within the requested resources).
            ScopeSet earlier = c.roles().filter(c.remembered().intersect(cat.expand(request.client().allowedScopes())));
            if (!request.resources().isEmpty()) {
                earlier = ScopeSet.of(earlier.values().stream().filter(s -> ProtocolScopes.isProtocolScope(s)
                        || cat.apiOf(s).map(a -> request.resources().contains(a.audience())).orElse(false)).toList());
            }
            scope = scope.union(cat.expand(earlier));
        }
        List<String> audiences = request.resources().isEmpty() ? List.copyOf(cat.audiencesOf(scope)) : c.decision().audiences();
        String code = OpaqueTokens.generate();
        Instant now = clock.instant();
        codes.saveCode(new AuthorizationCode(OpaqueTokens.hash(code), request.client().id(), c.user().username(),
                request.redirectUri(), scope, audiences, request.codeChallenge(), request.nonce(), c.session().authTime(),
                now, now.plus(CODE_LIFETIME)));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        return redirect(http, request.redirectUri(), params, request.state());
    }

    private ScopeDecision policy(AuthorizationRequest request, UserRoles roles) {
        try {
            return ScopePolicy.decideForUser(catalog.catalog(), request.client(),
                    new ScopeRequest(request.scope(), request.resources()), roles);
        } catch (OAuthException e) {
            throw redirectError(request, e.error());
        }
    }

    private boolean tooOld(Session session, Integer maxAge) {
        // OpenID Connect Core §3.1.2.1: max_age is the allowable time since the user last authenticated.
        return maxAge != null && session.authTime().plusSeconds(maxAge).isBefore(clock.instant());
    }

    private static String single(AuthorizationRequest request, FormParameters form, String name) {
        try {
            return form.single(name);
        } catch (OAuthException e) {
            throw redirectError(request, e.error());
        }
    }

    private static AuthorizationError redirectError(AuthorizationRequest request, OAuthError error) {
        return new AuthorizationError(error, request.redirectUri(), request.state());
    }

    private Response fail(Request http, AuthorizationError e) {
        if (e.redirectUri() == null) {
            OAuthError error = e.error();
            return Pages.error(new ErrorView(error.status() == 401 ? 400 : error.status(), "This sign-in link is not valid",
                    error.description() + ". The app that sent you here may be misconfigured; you can close this page.", error.code()));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", e.error().code());
        if (e.error().description() != null) {
            params.put("error_description", e.error().description());
        }
        return redirect(http, e.redirectUri(), params, e.state());
    }

    // RFC 6749 §4.1.2: code (or error) and state as query parameters of the redirect URI; RFC 9207 §2: iss.
    private Response redirect(Request http, String redirectUri, Map<String, String> params, String state) {
        StringBuilder b = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer);
        boolean first = true;
        for (Map.Entry<String, String> p : params.entrySet()) {
            b.append(first ? "" : "&").append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            first = false;
        }
        return Response.redirect("POST".equals(http.method()) ? 303 : 302, b.toString(), Pages.securityHeaders());
    }
}
