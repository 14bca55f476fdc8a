package dev.scopekeeper.server.web;

import dev.scopekeeper.server.web.ConsentView.ApiGroup;
import dev.scopekeeper.server.web.ConsentView.ScopeItem;
import dev.scopekeeper.server.web.LoginView.Field;

import java.time.Instant;
import java.util.List;

/** Realistic views for the page tests, and hostile ones. */
final class SampleViews {
    /** Markup, both quote kinds, an ampersand and an attribute breakout, all in one value. */
    static final String HOSTILE = "<script>alert(1)</script> Tom & \"Jerry\" 'x' \"><img src=x onerror=alert(2)>";

    private SampleViews() {
    }

    static LoginView login() {
        return new LoginView("/login", "csrf-login-4f2a", "Photo Printer", null, null,
                List.of(new Field("return_to", "/authorize?client_id=photo-printer&state=af0i")));
    }

    static LoginView failedLogin() {
        return new LoginView("/login", "csrf-login-4f2a", null, "alice", "Wrong username or password.", List.of());
    }

    static ConsentView consent(boolean firstParty) {
        return new ConsentView("/consent", "csrf-consent-91bc", "alice", "Photo Printer", "photo-printer", firstParty,
                List.of(new ApiGroup("Photos API", List.of(
                                new ScopeItem("photos.read", "See your photos"),
                                new ScopeItem("photos.upload", "Upload photos"))),
                        new ApiGroup(null, List.of(
                                new ScopeItem("openid", "Confirm who you are"),
                                new ScopeItem("offline_access", "Stay connected when you are not using the app")))),
                List.of(new ScopeItem("profile", "See your name and username")),
                List.of(new ScopeItem("photos.delete", "Delete your photos")),
                List.of(new Field("request", "req-7f3a9c"), new Field("client_id", "photo-printer")));
    }

    static ConnectedAppsView connectedApps() {
        return new ConnectedAppsView("alice", "csrf-apps-55d0", "/account/apps/revoke", "/logout",
                "Photo Printer can no longer upload photos.",
                List.of(new ConnectedAppsView.App("photo-printer", "Photo Printer", false, List.of(
                                granted("photos.read", "See your photos", "Photos API", "2026-11-22T09:30:00Z"),
                                granted("openid", "Confirm who you are", null, "2026-11-22T09:30:00Z"))),
                        new ConnectedAppsView.App("console", "Scopekeeper Console", true, List.of(
                                granted("read:images", "Read imaging studies", "Imaging archive", "2026-10-03T23:59:59Z")))));
    }

    static ConnectedAppsView noApps() {
        return new ConnectedAppsView("alice", "csrf-apps-55d0", "/account/apps/revoke", "/logout", null, List.of());
    }

    static ErrorView error() {
        return new ErrorView(400, "This link cannot be used", "The app sent you here with a redirect address it has not registered.",
                "invalid_request");
    }

    static ConnectedAppsView.GrantedScope granted(String scope, String description, String api, String at) {
        return new ConnectedAppsView.GrantedScope(scope, description, api, Instant.parse(at));
    }

    static ScopeItem hostileScope() {
        return new ScopeItem("x" + HOSTILE, HOSTILE);
    }
}
