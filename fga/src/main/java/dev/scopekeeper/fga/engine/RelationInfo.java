package dev.scopekeeper.fga.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One relation of one type in a compiled model: its rewrite, the subject types written directly on
 * it, and the reverse edges list-objects walks from a subject up to the objects it reaches.
 */
final class RelationInfo {

    /** {@code target} holds for {@code T:o} when {@code T:o#tupleset@X:x} exists and the fact is about {@code X:x}. */
    record TuplesetEdge(RelationInfo target, String tupleset) { }

    final String type;
    final String name;
    final Allowed direct;
    Node rewrite;
    /** True when no intersection or exclusion is reachable: reverse expansion alone is then exact. */
    boolean exact = true;

    // Reverse edges: given that the subject is in x#name (x of this type), which relations follow.
    /** Relations whose direct assignment allows {@code type#name}: read the tuples naming x#name. */
    final List<RelationInfo> usersetParents = new ArrayList<>();
    /** Relations of this same type that compute this one ({@code viewer: editor}). */
    final List<RelationInfo> computedParents = new ArrayList<>();
    /** Relations {@code T#R} defined as {@code name from ts} where {@code T#ts} allows this type. */
    final List<TuplesetEdge> tuplesetParents = new ArrayList<>();

    RelationInfo(String type, String name, Allowed direct) {
        this.type = type;
        this.name = name;
        this.direct = direct;
    }

    @Override
    public String toString() {
        return type + "#" + name;
    }
}
