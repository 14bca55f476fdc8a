package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ScopeSet;

import java.util.List;
import java.util.Map;

/**
 * What {@link ScopePolicy} decided: the scopes granted (implications expanded), the audiences of
 * the token, every requested scope that was dropped with its reason, and the requested scopes that
 * were kept, before implications are expanded (what a consent page offers).
 */
public record ScopeDecision(ScopeSet granted, List<String> audiences, Map<String, DropReason> dropped, ScopeSet requested) {
    public ScopeDecision {
        audiences = List.copyOf(audiences);
        dropped = Map.copyOf(dropped);
    }

    public ScopeDecision(ScopeSet granted, List<String> audiences, Map<String, DropReason> dropped) {
        this(granted, audiences, dropped, granted);
    }
}
