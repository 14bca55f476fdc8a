package dev.scopekeeper.fga.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A type of object ({@code document}) and its relations in declaration order.
 *
 * @param name the type name
 * @param relations relation name → its rewrite, in declaration order
 */
public record TypeDefinition(String name, Map<String, Rewrite> relations) {

    public TypeDefinition {
        Objects.requireNonNull(name, "name");
        relations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(relations));
    }

    public Optional<Rewrite> relation(String relation) {
        return Optional.ofNullable(relations.get(relation));
    }
}
