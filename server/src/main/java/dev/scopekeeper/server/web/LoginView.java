package dev.scopekeeper.server.web;

import java.util.List;

/**
 * The login page. {@code clientName} names the app that sent the user here (null on a direct visit,
 * e.g. to the connected-apps page); {@code error} is a message for the user (null for none);
 * {@code username} pre-fills the field after a failed attempt; {@code hidden} are form fields to
 * post back unchanged (the authorization request, or where to return to), in order.
 */
public record LoginView(String action, String csrfToken, String clientName, String username, String error,
                        List<Field> hidden) {
    public LoginView {
        hidden = List.copyOf(hidden);
    }

    /** A hidden form field. */
    public record Field(String name, String value) {
    }
}
