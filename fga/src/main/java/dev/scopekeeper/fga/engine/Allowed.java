package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.model.SubjectType;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The subject types a direct assignment allows, as sets, so that testing a stored subject against
 * them costs a hash lookup and no allocation.
 */
final class Allowed {

    private final Set<String> concrete = new HashSet<>();
    private final Set<String> wildcards = new HashSet<>();
    private final Map<String, Set<String>> usersets = new HashMap<>();

    Allowed(Collection<SubjectType> types) {
        for (SubjectType t : types) {
            if (t.wildcard()) {
                wildcards.add(t.type());
            } else if (t.relation() != null) {
                usersets.computeIfAbsent(t.type(), k -> new HashSet<>()).add(t.relation());
            } else {
                concrete.add(t.type());
            }
        }
    }

    /** Whether a tuple with this subject counts under the model (older tuples may not). */
    boolean allows(Subject s) {
        if (s.relation() != null) {
            Set<String> relations = usersets.get(s.type());
            return relations != null && relations.contains(s.relation());
        }
        return s.isWildcard() ? wildcards.contains(s.type()) : concrete.contains(s.type());
    }

    boolean allowsConcrete(String type) {
        return concrete.contains(type);
    }

    boolean allowsUserset(String type, String relation) {
        Set<String> relations = usersets.get(type);
        return relations != null && relations.contains(relation);
    }

    boolean allowsWildcard(String type) {
        return wildcards.contains(type);
    }

    /** Whether any userset or wildcard is allowed, i.e. whether check must look past the exact tuple. */
    boolean hasIndirect() {
        return !usersets.isEmpty() || !wildcards.isEmpty();
    }

    boolean hasUsersets() {
        return !usersets.isEmpty();
    }

    Set<String> concreteTypes() {
        return concrete;
    }

    /** Subject type → the userset relations allowed on it ({@code group → {member}}). */
    Map<String, Set<String>> usersets() {
        return usersets;
    }
}
