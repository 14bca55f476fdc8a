package dev.scopekeeper.fga.model;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization model: its types and their relations. Immutable. A model is only built by the
 * DSL parser or by tests; {@link ModelValidator} decides whether it may be used.
 *
 * @param schemaVersion the DSL schema version ("1.1")
 * @param types type name → definition, in declaration order
 */
public record AuthorizationModel(String schemaVersion, Map<String, TypeDefinition> types) {

    public AuthorizationModel {
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    public static AuthorizationModel of(List<TypeDefinition> types) {
        Map<String, TypeDefinition> byName = new LinkedHashMap<>();
        for (TypeDefinition t : types) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("type " + t.name() + " is defined twice");
            }
        }
        return new AuthorizationModel("1.1", byName);
    }

    public Optional<TypeDefinition> type(String type) {
        return Optional.ofNullable(types.get(type));
    }

    /** The rewrite of {@code type#relation}, if both exist. */
    public Optional<Rewrite> relation(String type, String relation) {
        TypeDefinition t = types.get(type);
        return t == null ? Optional.empty() : t.relation(relation);
    }

    /**
     * The subject types that may be written directly on {@code type#relation}: those of every
     * {@link Rewrite.This} at the top of its rewrite or inside a union, intersection or
     * exclusion. Empty if the relation is not directly assignable (or does not exist).
     */
    public List<SubjectType> directlyAssignable(String type, String relation) {
        List<SubjectType> out = new ArrayList<>();
        relation(type, relation).ifPresent(r -> collectDirect(r, out));
        return out;
    }

    // Java 17: no pattern matching for switch, so the sealed type is walked with instanceof.
    private static void collectDirect(Rewrite r, List<SubjectType> out) {
        if (r instanceof Rewrite.This t) {
            out.addAll(t.allowed());
        } else if (r instanceof Rewrite.Union u) {
            u.children().forEach(c -> collectDirect(c, out));
        } else if (r instanceof Rewrite.Intersection i) {
            i.children().forEach(c -> collectDirect(c, out));
        } else if (r instanceof Rewrite.Exclusion e) {
            collectDirect(e.base(), out);
            collectDirect(e.subtract(), out);
        }
    }

    /**
     * Checks that a tuple may be written under this model: the object type and relation exist,
     * the relation is directly assignable, and the subject matches one of its allowed subject
     * types (a concrete subject needs {@code type}, a userset {@code type#relation}, a wildcard
     * {@code type:*}).
     *
     * @throws FgaException {@link FgaException.Code#INVALID_TUPLE} naming what is wrong
     */
    public void validate(Tuple tuple) {
        String objectType = tuple.object().type();
        if (!types.containsKey(objectType)) {
            throw FgaException.invalidTuple(tuple, "type '" + objectType + "' is not defined in the model");
        }
        if (relation(objectType, tuple.relation()).isEmpty()) {
            throw FgaException.invalidTuple(tuple,
                    "relation '" + tuple.relation() + "' is not defined on type '" + objectType + "'");
        }
        List<SubjectType> allowed = directlyAssignable(objectType, tuple.relation());
        if (allowed.isEmpty()) {
            throw FgaException.invalidTuple(tuple,
                    "relation '" + objectType + "#" + tuple.relation() + "' is not directly assignable");
        }
        Subject s = tuple.subject();
        if (!types.containsKey(s.type())) {
            throw FgaException.invalidTuple(tuple, "type '" + s.type() + "' is not defined in the model");
        }
        for (SubjectType st : allowed) {
            if (st.type().equals(s.type()) && st.wildcard() == s.isWildcard()
                    && Objects.equals(st.relation(), s.relation())) {
                return;
            }
        }
        throw FgaException.invalidTuple(tuple, "subject '" + s + "' is not allowed on '" + objectType + "#"
                + tuple.relation() + "' (allowed: " + allowed + ")");
    }
}
