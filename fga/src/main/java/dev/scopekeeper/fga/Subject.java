package dev.scopekeeper.fga;

import java.util.Objects;

/**
 * The subject of a tuple or a query: a concrete object ({@code user:anne}), a userset
 * ({@code group:eng#member}: every subject of that relation) or the wildcard of a type
 * ({@code user:*}: every user).
 *
 * @param type the subject's type
 * @param id its id, or {@code *} for the wildcard
 * @param relation the userset relation, or null
 */
public record Subject(String type, String id, String relation) implements Comparable<Subject> {

    public static final String WILDCARD = "*";

    public Subject {
        Identifiers.requireType(type);
        Identifiers.requireId(id, true);
        if (relation != null) {
            Identifiers.requireRelation(relation);
            if (WILDCARD.equals(id)) {
                throw FgaException.invalidInput("a wildcard subject has no relation: " + type + ":*#" + relation);
            }
        }
    }

    public static Subject of(String type, String id) {
        return new Subject(type, id, null);
    }

    public static Subject userset(String type, String id, String relation) {
        return new Subject(type, id, Objects.requireNonNull(relation, "relation"));
    }

    public static Subject wildcard(String type) {
        return new Subject(type, WILDCARD, null);
    }

    /** Parses {@code user:anne}, {@code group:eng#member} or {@code user:*}. */
    public static Subject parse(String s) {
        Objects.requireNonNull(s, "s");
        int hash = s.indexOf('#');
        String objectPart = hash < 0 ? s : s.substring(0, hash);
        String relation = hash < 0 ? null : s.substring(hash + 1);
        int colon = objectPart.indexOf(':');
        if (colon <= 0 || colon == objectPart.length() - 1 || (relation != null && relation.isEmpty())) {
            throw FgaException.invalidInput("subject '" + Identifiers.printable(s)
                    + "' is not of the form type:id, type:id#relation or type:*");
        }
        return new Subject(objectPart.substring(0, colon), objectPart.substring(colon + 1), relation);
    }

    public boolean isWildcard() {
        return WILDCARD.equals(id);
    }

    public boolean isUserset() {
        return relation != null;
    }

    /** The object part ({@code group:eng} of {@code group:eng#member}); not for a wildcard. */
    public ObjectRef object() {
        if (isWildcard()) {
            throw new IllegalStateException("a wildcard is not an object: " + this);
        }
        return new ObjectRef(type, id);
    }

    @Override
    public int compareTo(Subject o) {
        int c = type.compareTo(o.type);
        if (c != 0) {
            return c;
        }
        c = id.compareTo(o.id);
        if (c != 0) {
            return c;
        }
        return relation == null ? (o.relation == null ? 0 : -1) : o.relation == null ? 1 : relation.compareTo(o.relation);
    }

    @Override
    public String toString() {
        return relation == null ? type + ":" + id : type + ":" + id + "#" + relation;
    }
}
