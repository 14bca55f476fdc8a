package dev.scopekeeper.fga;

import java.util.Objects;

/**
 * A relationship tuple in its canonical form {@code object#relation@subject}, e.g.
 * {@code doc:1#viewer@user:anne}, {@code doc:1#viewer@group:eng#member}, {@code doc:1#viewer@user:*}.
 */
public record Tuple(ObjectRef object, String relation, Subject subject) implements Comparable<Tuple> {

    public Tuple {
        Objects.requireNonNull(object, "object");
        Identifiers.requireRelation(relation);
        Objects.requireNonNull(subject, "subject");
    }

    public static Tuple of(String object, String relation, String subject) {
        return new Tuple(ObjectRef.parse(object), relation, Subject.parse(subject));
    }

    /** Parses the canonical form {@code type:id#relation@subject}. */
    public static Tuple parse(String s) {
        Objects.requireNonNull(s, "s");
        int at = s.indexOf('@');
        int hash = at < 0 ? -1 : s.lastIndexOf('#', at);
        if (at < 0 || hash <= 0) {
            throw FgaException.invalidInput("tuple '" + Identifiers.printable(s)
                    + "' is not of the form type:id#relation@subject");
        }
        return new Tuple(ObjectRef.parse(s.substring(0, hash)), s.substring(hash + 1, at),
                Subject.parse(s.substring(at + 1)));
    }

    @Override
    public int compareTo(Tuple o) {
        int c = object.compareTo(o.object);
        if (c != 0) {
            return c;
        }
        c = relation.compareTo(o.relation);
        return c != 0 ? c : subject.compareTo(o.subject);
    }

    @Override
    public String toString() {
        return object + "#" + relation + "@" + subject;
    }
}
