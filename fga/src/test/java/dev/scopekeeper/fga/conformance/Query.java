package dev.scopekeeper.fga.conformance;

import dev.scopekeeper.fga.Identifiers;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;

/**
 * The compact query forms of the conformance files: {@code doc#viewer@user:anne} for list-objects
 * (type, relation, subject) and {@code doc:1#viewer} for list-users (object, relation). Checks use
 * the canonical tuple form and {@link dev.scopekeeper.fga.Tuple#parse}.
 */
record Query(String type, ObjectRef object, String relation, Subject subject) {

    static Query listObjects(String s) {
        int at = s.indexOf('@');
        int hash = at < 0 ? -1 : s.indexOf('#');
        if (at < 0 || hash < 0 || hash > at) {
            throw new IllegalArgumentException("'" + s + "' is not of the form type#relation@subject");
        }
        String type = s.substring(0, hash);
        String relation = s.substring(hash + 1, at);
        if (!Identifiers.isName(type) || !Identifiers.isName(relation)) {
            throw new IllegalArgumentException("'" + s + "' does not start with a valid type#relation");
        }
        return new Query(type, null, relation, Subject.parse(s.substring(at + 1)));
    }

    static Query listUsers(String s) {
        int hash = s.lastIndexOf('#');
        if (hash < 0 || !Identifiers.isName(s.substring(hash + 1))) {
            throw new IllegalArgumentException("'" + s + "' is not of the form type:id#relation");
        }
        ObjectRef object = ObjectRef.parse(s.substring(0, hash));
        return new Query(object.type(), object, s.substring(hash + 1), null);
    }
}
