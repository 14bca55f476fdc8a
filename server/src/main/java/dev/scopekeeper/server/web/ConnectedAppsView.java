package dev.scopekeeper.server.web;

import java.time.Instant;
import java.util.List;

/**
 * The signed-in user's connected apps: every app holding a grant, each scope with its description
 * and when it was granted. Each scope has a revoke form (POST {@code revokeAction} with
 * {@code csrf}, {@code client_id}, {@code scope}); each app a revoke-all form (the same without
 * {@code scope}). {@code notice} confirms the last action (null for none). A sign-out form posts
 * {@code csrf} to {@code logoutAction}.
 */
public record ConnectedAppsView(String username, String csrfToken, String revokeAction, String logoutAction,
                                String notice, List<App> apps) {
    public ConnectedAppsView {
        apps = List.copyOf(apps);
    }

    public record App(String clientId, String clientName, boolean firstParty, List<GrantedScope> scopes) {
        public App {
            scopes = List.copyOf(scopes);
        }
    }

    public record GrantedScope(String scope, String description, String apiName, Instant grantedAt) {
    }
}
