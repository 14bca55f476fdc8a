package dev.scopekeeper.server.fga;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Identifiers;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.store.TupleFilter;

/** The filter of a tuple listing as people write it, for the HTTP API and the CLI alike. */
public final class TupleFilters {
    private TupleFilters() {
    }

    /**
     * @param object {@code type:id}, or {@code type:} for every object of the type, or null
     * @param relation a relation name, or null
     * @param subject {@code user:anne}, {@code group:eng#member}, {@code user:*}, or null
     * @throws FgaException {@code INVALID_INPUT} naming the malformed value
     */
    public static TupleFilter parse(String object, String relation, String subject) {
        String type = null;
        String id = null;
        if (object != null) {
            if (object.indexOf(':') == object.length() - 1) {
                type = object.substring(0, object.length() - 1);
                if (!Identifiers.isName(type)) {
                    throw FgaException.invalidInput("object: type '" + Identifiers.printable(type)
                            + "' is not a valid name; use type:id or type:");
                }
            } else {
                ObjectRef ref = FgaValues.object("object", object);
                type = ref.type();
                id = ref.id();
            }
        }
        if (relation != null && !Identifiers.isName(relation)) {
            throw FgaException.invalidInput("relation: '" + Identifiers.printable(relation) + "' is not a valid name");
        }
        Subject s = subject == null ? null : FgaValues.subject("subject", subject);
        return new TupleFilter(type, id, relation, s);
    }
}
