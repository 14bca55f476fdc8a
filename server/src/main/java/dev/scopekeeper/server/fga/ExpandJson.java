package dev.scopekeeper.server.fga;

import dev.scopekeeper.fga.ExpandNode;
import dev.scopekeeper.fga.Subject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expand tree as JSON: every node has its {@code name} ({@code doc:1#viewer}) and one of
 * {@code direct} (subjects), {@code computed} (a userset), {@code tupleset} + {@code usersets},
 * {@code union} / {@code intersection} (children), or {@code base} + {@code subtract}.
 */
final class ExpandJson {
    private ExpandJson() {
    }

    // Java 17: no pattern matching for switch, so the sealed type is walked with instanceof.
    static Map<String, Object> of(ExpandNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", node.name());
        if (node instanceof ExpandNode.Direct d) {
            out.put("direct", d.subjects().stream().map(Subject::toString).toList());
        } else if (node instanceof ExpandNode.Computed c) {
            out.put("computed", c.userset());
        } else if (node instanceof ExpandNode.FromTupleset t) {
            out.put("tupleset", t.tupleset());
            out.put("usersets", t.usersets());
        } else if (node instanceof ExpandNode.Union u) {
            out.put("union", children(u.children()));
        } else if (node instanceof ExpandNode.Intersection i) {
            out.put("intersection", children(i.children()));
        } else if (node instanceof ExpandNode.Exclusion e) {
            out.put("base", of(e.base()));
            out.put("subtract", of(e.subtract()));
        } else {
            throw new IllegalStateException("unknown expand node " + node.getClass().getName());
        }
        return out;
    }

    private static List<Map<String, Object>> children(List<ExpandNode> children) {
        return children.stream().map(ExpandJson::of).toList();
    }
}
