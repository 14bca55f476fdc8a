package dev.scopekeeper.server.consent;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What a user has granted one client: each scope with the time it was first granted. */
public record ConsentGrant(String username, String clientId, Map<String, Instant> scopes) {
    public ConsentGrant {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(clientId, "clientId");
        scopes = java.util.Collections.unmodifiableMap(new TreeMap<>(scopes));
    }
}
