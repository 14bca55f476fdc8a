package dev.scopekeeper.server.web;

import java.util.List;

/**
 * The consent page: the app, and each scope it asks for with its description, grouped by API.
 * {@code groups} are the scopes the user may untick (each a checkbox named {@code grant} with the
 * scope as value, checked by default); {@code alreadyGranted} were granted to this app before and
 * are listed for information; {@code unavailable} are scopes the user's roles do not permit (shown
 * greyed out, never a checkbox). The form posts {@code csrf}, the hidden fields (the request, including its own {@code scope}), the ticked
 * {@code grant} values and a button {@code decision} = {@code approve} | {@code deny}.
 */
public record ConsentView(String action, String csrfToken, String username, String clientName, String clientId,
                          boolean firstParty, List<ApiGroup> groups, List<ScopeItem> alreadyGranted,
                          List<ScopeItem> unavailable, List<LoginView.Field> hidden) {
    public ConsentView {
        groups = List.copyOf(groups);
        alreadyGranted = List.copyOf(alreadyGranted);
        unavailable = List.copyOf(unavailable);
        hidden = List.copyOf(hidden);
    }

    /** The scopes of one API ({@code apiName} null for OpenID Connect and offline access). */
    public record ApiGroup(String apiName, List<ScopeItem> scopes) {
        public ApiGroup {
            scopes = List.copyOf(scopes);
        }
    }

    public record ScopeItem(String scope, String description) {
    }
}
