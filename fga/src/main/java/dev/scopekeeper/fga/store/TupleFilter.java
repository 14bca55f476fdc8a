package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;

/**
 * Which tuples a {@link TupleStore#page} returns; a null field matches anything. An object id
 * needs an object type.
 */
public record TupleFilter(String objectType, String objectId, String relation, Subject subject) {

    public static final TupleFilter ALL = new TupleFilter(null, null, null, null);

    public TupleFilter {
        if (objectId != null && objectType == null) {
            throw new IllegalArgumentException("an object id filter needs an object type");
        }
    }

    public boolean matches(Tuple t) {
        return (objectType == null || objectType.equals(t.object().type()))
                && (objectId == null || objectId.equals(t.object().id()))
                && (relation == null || relation.equals(t.relation()))
                && (subject == null || subject.equals(t.subject()));
    }
}
