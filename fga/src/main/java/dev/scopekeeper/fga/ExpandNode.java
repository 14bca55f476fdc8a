package dev.scopekeeper.fga;

import java.util.List;

/**
 * The tree that explains who has a relation, one level deep as in OpenFGA's expand: a userset
 * named in a leaf ({@code group:eng#member}) can be expanded with another call.
 */
public sealed interface ExpandNode
        permits ExpandNode.Direct, ExpandNode.Computed, ExpandNode.FromTupleset,
                ExpandNode.Union, ExpandNode.Intersection, ExpandNode.Exclusion {

    /** {@code object#relation} this node is about. */
    String name();

    /** The subjects written directly: users, usersets, wildcards. */
    record Direct(String name, List<Subject> subjects) implements ExpandNode { }

    /** Rewritten to another relation of the same object, {@code doc:1#editor}. */
    record Computed(String name, String userset) implements ExpandNode { }

    /** {@code viewer from parent}: the tupleset {@code doc:1#parent} and the usersets it yields. */
    record FromTupleset(String name, String tupleset, List<String> usersets) implements ExpandNode { }

    record Union(String name, List<ExpandNode> children) implements ExpandNode { }

    record Intersection(String name, List<ExpandNode> children) implements ExpandNode { }

    record Exclusion(String name, ExpandNode base, ExpandNode subtract) implements ExpandNode { }
}
