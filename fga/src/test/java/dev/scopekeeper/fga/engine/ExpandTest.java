package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.ExpandNode;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpandTest {

    private static final String DOCS = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type folder",
            "  relations",
            "    define viewer: [user]",
            "type doc",
            "  relations",
            "    define parent: [folder, doc]",
            "    define owner: [user]",
            "    define editor: [user] or owner",
            "    define viewer: [user, user:*, group#member] or editor or viewer from parent",
            "    define blocked: [user]",
            "    define approved: [user]",
            "    define can_read: viewer but not blocked",
            "    define can_publish: editor and approved");

    private static ExpandNode expand(Engine e, String object, String relation) {
        return e.fga.expand(new Requests.Expand(null, ObjectRef.parse(object), relation));
    }

    @Test
    void whenRelationIsDirectThenExpandListsTheStoredSubjects() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:bob", "doc:1#owner@user:anne", "doc:2#owner@user:carl");
        assertThat(expand(e, "doc:1", "owner")).isEqualTo(new ExpandNode.Direct("doc:1#owner",
                List.of(Subject.parse("user:anne"), Subject.parse("user:bob"))));
    }

    @Test
    void whenRelationIsAUnionThenExpandNestsDirectComputedAndTuplesetNodes() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@group:eng#member", "doc:1#viewer@user:*",
                "doc:1#parent@folder:f", "doc:1#parent@doc:0");
        ExpandNode tree = expand(e, "doc:1", "viewer");
        assertThat(tree).isEqualTo(new ExpandNode.Union("doc:1#viewer", List.of(
                new ExpandNode.Direct("doc:1#viewer", List.of(Subject.parse("group:eng#member"), Subject.parse("user:*"))),
                new ExpandNode.Computed("doc:1#viewer", "doc:1#editor"),
                new ExpandNode.FromTupleset("doc:1#viewer", "doc:1#parent", List.of("doc:0#viewer", "folder:f#viewer")))));
    }

    @Test
    void whenRelationIsAnExclusionThenExpandShowsBaseAndSubtract() {
        Engine e = new Engine(DOCS).write("doc:1#blocked@user:mallory");
        assertThat(expand(e, "doc:1", "can_read")).isEqualTo(new ExpandNode.Exclusion("doc:1#can_read",
                new ExpandNode.Computed("doc:1#can_read", "doc:1#viewer"),
                new ExpandNode.Computed("doc:1#can_read", "doc:1#blocked")));
    }

    @Test
    void whenRelationIsAnIntersectionThenExpandListsEveryOperand() {
        Engine e = new Engine(DOCS);
        assertThat(expand(e, "doc:1", "can_publish")).isEqualTo(new ExpandNode.Intersection("doc:1#can_publish", List.of(
                new ExpandNode.Computed("doc:1#can_publish", "doc:1#editor"),
                new ExpandNode.Computed("doc:1#can_publish", "doc:1#approved"))));
    }

    @Test
    void whenAUsersetLeafIsExpandedThenItsOwnSubjectsAppear() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@group:eng#member", "group:eng#member@user:anne");
        ExpandNode.Union root = (ExpandNode.Union) expand(e, "doc:1", "viewer");
        Subject leaf = ((ExpandNode.Direct) root.children().get(0)).subjects().get(0);
        assertThat(expand(e, leaf.object().toString(), leaf.relation()))
                .isEqualTo(new ExpandNode.Direct("group:eng#member", List.of(Subject.parse("user:anne"))));
    }

    @Test
    void whenRelationIsUnknownThenExpandIsInvalidInput() {
        Engine e = new Engine(DOCS);
        assertThatThrownBy(() -> expand(e, "doc:1", "reader"))
                .isInstanceOfSatisfying(FgaException.class, x -> assertThat(x.code()).isEqualTo(FgaException.Code.INVALID_INPUT))
                .hasMessageContaining("relation 'reader' is not defined on type 'doc'");
    }
}
