package dev.scopekeeper.server.web;

/**
 * An error shown in the browser instead of redirecting (unknown client, unregistered redirect URI,
 * bad or expired form): {@code title} and {@code message} for the user, {@code error} the OAuth
 * error code or null.
 */
public record ErrorView(int status, String title, String message, String error) {
}
