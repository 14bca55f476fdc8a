package dev.scopekeeper.resource;

/**
 * Which access tokens have been revoked before their expiry, by {@code jti}. {@link TokenVerifier} asks it on
 * every verification, cached or not, so an implementation must answer from memory and quickly ({@link RevocationFeed}
 * keeps such a set, fed by the authorization server; DESIGN.md "Data": revocation reaches resource
 * servers through the feed, not a call per request). Must be thread-safe.
 */
@FunctionalInterface
public interface RevocationList {

    /** Revokes nothing: a revoked token stays valid here until its {@code exp}. */
    RevocationList NONE = jti -> false;

    /** True if the token with this {@code jti} must no longer be accepted. */
    boolean isRevoked(String jti);
}
