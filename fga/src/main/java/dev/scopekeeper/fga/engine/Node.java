package dev.scopekeeper.fga.engine;

import java.util.List;

/**
 * A relation's rewrite compiled once per model: the {@link dev.scopekeeper.fga.model.Rewrite} tree
 * with its allowed subject types turned into hash sets, so resolution does no per-call lookups of
 * the model's lists.
 */
sealed interface Node permits Node.Direct, Node.Computed, Node.FromTupleset, Node.AnyOf, Node.AllOf, Node.ButNot {

    /** {@code [user, group#member, user:*]}: tuples on this very relation. */
    record Direct(Allowed allowed) implements Node { }

    /** {@code editor}: another relation of the same object. */
    record Computed(String relation) implements Node { }

    /**
     * {@code relation from tupleset}; {@code tuplesetAllowed} are the subject types the tupleset
     * relation allows, so that tuples written under an older model are ignored.
     */
    record FromTupleset(String tupleset, String relation, Allowed tuplesetAllowed) implements Node { }

    record AnyOf(List<Node> children) implements Node { }

    /**
     * {@code a and b}; {@code candidates} is the operand whose objects list-objects gathers before
     * confirming with check (any operand is a superset of the intersection; a direct or computed
     * one is usually the smallest).
     */
    record AllOf(List<Node> children, Node candidates) implements Node { }

    record ButNot(Node base, Node subtract) implements Node { }
}
