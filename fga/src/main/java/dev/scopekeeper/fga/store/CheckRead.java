package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Part of one {@link TupleStore#readForCheck}: what a check reads of some objects of one type. Of
 * each object it wants the tuples of {@code relations} whose subject is the check's subject, a
 * userset or a wildcard, and every tuple of the relations in {@code tuplesets} (a subset of
 * {@code relations}) whatever its subject.
 *
 * @param objectIds at least one, no duplicates
 */
public record CheckRead(String objectType, List<String> objectIds, Set<String> relations, Set<String> tuplesets) {

    public CheckRead {
        Objects.requireNonNull(objectType, "objectType");
        objectIds = List.copyOf(objectIds);
        relations = Set.copyOf(relations);
        tuplesets = Set.copyOf(tuplesets);
        if (objectIds.isEmpty()) {
            throw new IllegalArgumentException("a check read names at least one object");
        }
        if (new HashSet<>(objectIds).size() != objectIds.size()) {
            throw new IllegalArgumentException("a check read names an object twice: " + objectIds);
        }
        if (!relations.containsAll(tuplesets)) {
            throw new IllegalArgumentException("tuplesets " + tuplesets + " are not all among relations " + relations);
        }
    }

    /** Whether {@code t} is one of the tuples this read asks for, for a check of {@code subject}. */
    public boolean wants(Tuple t, Subject subject) {
        return t.object().type().equals(objectType) && relations.contains(t.relation()) && objectIds.contains(t.object().id())
                && (tuplesets.contains(t.relation()) || t.subject().equals(subject)
                    || t.subject().isUserset() || t.subject().isWildcard());
    }
}
