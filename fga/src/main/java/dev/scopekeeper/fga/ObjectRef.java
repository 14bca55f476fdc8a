package dev.scopekeeper.fga;

import java.util.Objects;

/**
 * An object: {@code type:id}, e.g. {@code photo:456}.
 */
public record ObjectRef(String type, String id) implements Comparable<ObjectRef> {

    public ObjectRef {
        Identifiers.requireType(type);
        Identifiers.requireId(id, false);
    }

    /** Parses {@code type:id}. @throws FgaException INVALID_TUPLE on a malformed value */
    public static ObjectRef parse(String s) {
        Objects.requireNonNull(s, "s");
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw FgaException.invalidInput("object '" + Identifiers.printable(s) + "' is not of the form type:id");
        }
        return new ObjectRef(s.substring(0, colon), s.substring(colon + 1));
    }

    @Override
    public int compareTo(ObjectRef o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return type + ":" + id;
    }
}
