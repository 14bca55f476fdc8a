package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ScopeSet;

import java.util.List;
import java.util.Map;

/**
 * What {@link ScopePolicy} decided: the scopes granted (implications expanded), the audiences of
 * the token, and every requested scope that was dropped with its reason.
 */
public record ScopeDecision(ScopeSet granted, List<String> audiences, Map<String, DropReason> dropped) {
    public ScopeDecision {
        audiences = List.copyOf(audiences);
        dropped = Map.copyOf(dropped);
    }
}
