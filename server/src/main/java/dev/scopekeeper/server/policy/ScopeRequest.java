package dev.scopekeeper.server.policy;

import java.util.List;

/**
 * The scope-related part of a request: the raw {@code scope} parameter (null when omitted or
 * empty, RFC 6749 §3.1) and the {@code resource} parameters (RFC 8707).
 */
public record ScopeRequest(String scope, List<String> resources) {
    public ScopeRequest {
        resources = List.copyOf(resources);
    }

    public static ScopeRequest of(String scope) {
        return new ScopeRequest(scope, List.of());
    }
}
