package dev.scopekeeper.fga.model;

import java.util.List;
import java.util.Objects;

/**
 * How a relation's subjects are computed: the userset rewrite of the Zanzibar paper, written in
 * the OpenFGA DSL as {@code [user, group#member]}, {@code editor}, {@code viewer from parent},
 * {@code a or b}, {@code a and b}, {@code a but not b}.
 */
public sealed interface Rewrite
        permits Rewrite.This, Rewrite.ComputedUserset, Rewrite.TupleToUserset,
                Rewrite.Union, Rewrite.Intersection, Rewrite.Exclusion {

    /** Direct assignment: subjects written as tuples on this very relation, of the allowed types. */
    record This(List<SubjectType> allowed) implements Rewrite {
        public This {
            allowed = List.copyOf(allowed);
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("direct assignment needs at least one subject type");
            }
        }
    }

    /** {@code viewer: editor}: every subject of another relation of the same object. */
    record ComputedUserset(String relation) implements Rewrite {
        public ComputedUserset {
            Objects.requireNonNull(relation, "relation");
        }
    }

    /**
     * {@code viewer from parent}: for each subject {@code P} of this object's {@code tupleset}
     * relation ({@code parent}), the subjects of {@code P#computedRelation} ({@code viewer}).
     */
    record TupleToUserset(String tupleset, String computedRelation) implements Rewrite {
        public TupleToUserset {
            Objects.requireNonNull(tupleset, "tupleset");
            Objects.requireNonNull(computedRelation, "computedRelation");
        }
    }

    /** {@code a or b or ...}. */
    record Union(List<Rewrite> children) implements Rewrite {
        public Union {
            children = List.copyOf(children);
            if (children.size() < 2) {
                throw new IllegalArgumentException("a union needs at least two operands");
            }
        }
    }

    /** {@code a and b and ...}. */
    record Intersection(List<Rewrite> children) implements Rewrite {
        public Intersection {
            children = List.copyOf(children);
            if (children.size() < 2) {
                throw new IllegalArgumentException("an intersection needs at least two operands");
            }
        }
    }

    /** {@code base but not subtract}. */
    record Exclusion(Rewrite base, Rewrite subtract) implements Rewrite {
        public Exclusion {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(subtract, "subtract");
        }
    }
}
