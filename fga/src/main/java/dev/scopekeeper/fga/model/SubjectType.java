package dev.scopekeeper.fga.model;

import java.util.Objects;

/**
 * One allowed subject type of a directly assignable relation: {@code user} (a concrete object of
 * that type), {@code group#member} (a userset: every subject of that relation of a group), or
 * {@code user:*} (the public wildcard: every user).
 *
 * @param type the subject's object type
 * @param relation the userset relation, or null
 * @param wildcard true for {@code type:*}; never together with a relation
 */
public record SubjectType(String type, String relation, boolean wildcard) {

    public SubjectType {
        Objects.requireNonNull(type, "type");
        if (wildcard && relation != null) {
            throw new IllegalArgumentException("a wildcard subject type has no relation");
        }
    }

    public static SubjectType of(String type) {
        return new SubjectType(type, null, false);
    }

    public static SubjectType userset(String type, String relation) {
        return new SubjectType(type, Objects.requireNonNull(relation, "relation"), false);
    }

    public static SubjectType wildcard(String type) {
        return new SubjectType(type, null, true);
    }

    /** As written in the DSL: {@code user}, {@code group#member}, {@code user:*}. */
    @Override
    public String toString() {
        return wildcard ? type + ":*" : relation == null ? type : type + "#" + relation;
    }
}
