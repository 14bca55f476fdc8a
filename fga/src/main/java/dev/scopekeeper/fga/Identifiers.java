package dev.scopekeeper.fga;

/**
 * The grammar of names and ids, in one place. Type and relation names are DSL identifiers;
 * object ids are 1–256 characters without whitespace, control characters, {@code #} or {@code @}
 * (which delimit the canonical tuple form), and {@code *} only as the whole wildcard id.
 */
public final class Identifiers {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_ID_LENGTH = 256;
    private Identifiers() {
    }

    /** {@code [A-Za-z_][A-Za-z0-9_-]*}, at most {@link #MAX_NAME_LENGTH} characters; a loop, not a regex: it runs per tuple. */
    public static boolean isName(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '-'))) {
                return false;
            }
        }
        return true;
    }

    static void requireType(String type) {
        if (!isName(type)) {
            throw FgaException.invalidInput("type '" + printable(type)
                    + "' is not a valid name (letters, digits, _ and -, starting with a letter or _, at most "
                    + MAX_NAME_LENGTH + " characters)");
        }
    }

    static void requireRelation(String relation) {
        if (!isName(relation)) {
            throw FgaException.invalidInput("relation '" + printable(relation)
                    + "' is not a valid name (letters, digits, _ and -, starting with a letter or _, at most "
                    + MAX_NAME_LENGTH + " characters)");
        }
    }

    static void requireId(String id, boolean wildcardAllowed) {
        if (id == null || id.isEmpty()) {
            throw FgaException.invalidInput("an object id must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw FgaException.invalidInput("object id is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.equals(Subject.WILDCARD)) {
            if (!wildcardAllowed) {
                throw FgaException.invalidInput("an object id cannot be the wildcard '*'");
            }
            return;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)
                    || c == '#' || c == '@' || c == '*') {
                throw FgaException.invalidInput("object id '" + printable(id)
                        + "' contains a character that is not allowed (whitespace, control, #, @ or *)");
            }
        }
    }

    /** A value safe to echo in an error message: control characters escaped, at most 80 characters. */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '"' || c == '\\') {
                b.append(String.format("U+%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 80 || b.length() >= 80 ? b + "…" : b.toString();
    }
}
