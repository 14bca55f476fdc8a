package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.FgaException;
import org.junit.jupiter.api.Test;

class CheckRewriteTest {

    private static final String DOCS = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type folder",
            "  relations",
            "    define owner: [user]",
            "    define parent: [folder]",
            "    define viewer: [user, group#member] or owner or viewer from parent",
            "type doc",
            "  relations",
            "    define parent: [folder]",
            "    define owner: [user]",
            "    define editor: [user] or owner",
            "    define viewer: [user, user:*, group#member] or editor or viewer from parent",
            "    define blocked: [user, group#member]",
            "    define approved: [user]",
            "    define can_read: viewer but not blocked",
            "    define can_publish: editor and approved");

    @Test
    void whenTupleIsWrittenThenDirectCheckIsTrueAndOthersFalse() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:anne");
        assertThat(e.check("doc:1", "owner", "user:anne")).isTrue();
        assertThat(e.check("doc:1", "owner", "user:bob")).isFalse();
        assertThat(e.check("doc:2", "owner", "user:anne")).isFalse();
    }

    @Test
    void whenRelationIsComputedThenItFollowsTheOtherRelation() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:anne");
        assertThat(e.check("doc:1", "editor", "user:anne")).isTrue();
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
    }

    @Test
    void whenParentFolderGrantsThenTupleToUsersetFollowsIt() {
        Engine e = new Engine(DOCS).write("doc:1#parent@folder:a", "folder:a#viewer@user:anne");
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
        assertThat(e.check("doc:1", "viewer", "user:bob")).isFalse();
    }

    @Test
    void whenFoldersAreNestedThenViewerIsInheritedThroughEveryLevel() {
        Engine e = new Engine(DOCS).write("doc:1#parent@folder:c", "folder:c#parent@folder:b",
                "folder:b#parent@folder:a", "folder:a#owner@user:anne");
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
        assertThat(e.check("folder:b", "viewer", "user:anne")).isTrue();
        assertThat(e.check("folder:a", "parent", "folder:b")).isFalse();
    }

    @Test
    void whenUsersetIsWrittenThenItsMembersHaveTheRelation() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@group:eng#member", "group:eng#member@user:anne");
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
        assertThat(e.check("doc:1", "viewer", "user:bob")).isFalse();
    }

    @Test
    void whenGroupsAreNestedThenMembersOfInnerGroupsHaveTheRelation() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@group:all#member", "group:all#member@group:eng#member",
                "group:eng#member@group:backend#member", "group:backend#member@user:anne");
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
        assertThat(e.check("group:eng", "member", "user:anne")).isTrue();
        assertThat(e.check("group:backend", "member", "group:eng#member")).isFalse();
    }

    @Test
    void whenSubjectIsAUsersetThenItMatchesTheExactTupleAndContainingUsersets() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@group:all#member", "group:all#member@group:eng#member");
        assertThat(e.check("doc:1", "viewer", "group:all#member")).isTrue();
        assertThat(e.check("doc:1", "viewer", "group:eng#member")).isTrue();
        assertThat(e.check("doc:1", "viewer", "group:ops#member")).isFalse();
    }

    @Test
    void whenSubjectIsTheUsersetOfTheQueriedRelationThenItIsAMemberOfItself() {
        Engine e = new Engine(DOCS);
        // OpenFGA: a userset is a member of itself.
        assertThat(e.check("group:eng", "member", "group:eng#member")).isTrue();
        assertThat(e.check("group:eng", "member", "group:ops#member")).isFalse();
    }

    @Test
    void whenWildcardIsWrittenThenEveryUserHasTheRelationButNoOtherType() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@user:*");
        assertThat(e.check("doc:1", "viewer", "user:anyone")).isTrue();
        assertThat(e.check("doc:1", "viewer", "user:*")).isTrue();
        assertThat(e.check("doc:1", "viewer", "group:eng#member")).isFalse();
        assertThat(e.check("doc:2", "viewer", "user:anyone")).isFalse();
    }

    @Test
    void whenOnlyAConcreteUserHasTheRelationThenTheWildcardSubjectDoesNot() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@user:anne");
        assertThat(e.check("doc:1", "viewer", "user:*")).isFalse();
    }

    @Test
    void whenWildcardIsWrittenOnARelationThatDoesNotAllowItThenTheTupleIsRejected() {
        Engine e = new Engine(DOCS);
        assertThatThrownBy(() -> e.write("doc:1#owner@user:*"))
                .isInstanceOfSatisfying(FgaException.class, x -> assertThat(x.code()).isEqualTo(FgaException.Code.INVALID_TUPLE))
                .hasMessageContaining("subject 'user:*' is not allowed on 'doc#owner'");
    }

    @Test
    void whenBaseHoldsAndSubtractDoesNotThenExclusionIsTrue() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@user:anne");
        assertThat(e.check("doc:1", "can_read", "user:anne")).isTrue();
    }

    @Test
    void whenSubtractHoldsThenExclusionIsFalse() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@user:anne", "doc:1#blocked@user:anne");
        assertThat(e.check("doc:1", "can_read", "user:anne")).isFalse();
    }

    @Test
    void whenBaseDoesNotHoldThenExclusionIsFalseEvenIfSubtractDoesNot() {
        Engine e = new Engine(DOCS).write("doc:1#blocked@user:bob");
        assertThat(e.check("doc:1", "can_read", "user:anne")).isFalse();
    }

    @Test
    void whenSubtractHoldsThroughAGroupThenExclusionIsFalse() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@user:*", "doc:1#blocked@group:banned#member",
                "group:banned#member@user:mallory");
        assertThat(e.check("doc:1", "can_read", "user:mallory")).isFalse();
        assertThat(e.check("doc:1", "can_read", "user:anne")).isTrue();
    }

    @Test
    void whenOnlyOneOperandOfAnIntersectionHoldsThenItIsFalse() {
        Engine e = new Engine(DOCS).write("doc:1#editor@user:anne", "doc:1#approved@user:bob");
        assertThat(e.check("doc:1", "can_publish", "user:anne")).isFalse();
        assertThat(e.check("doc:1", "can_publish", "user:bob")).isFalse();
    }

    @Test
    void whenEveryOperandOfAnIntersectionHoldsThenItIsTrue() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:anne", "doc:1#approved@user:anne");
        assertThat(e.check("doc:1", "can_publish", "user:anne")).isTrue();
    }

    @Test
    void whenParentTypeLacksTheRelationThenTupleToUsersetSkipsIt() {
        Engine e = new Engine(model(
                "type user",
                "type team",
                "  relations",
                "    define member: [user]",
                "type org",
                "  relations",
                "    define admin: [user]",
                "    define member: [user]",
                "type repo",
                "  relations",
                "    define owner: [team, org]",
                "    define admin: admin from owner"))
                .write("repo:1#owner@team:t", "repo:1#owner@org:o", "team:t#member@user:anne", "org:o#admin@user:bob");
        // OpenFGA: a tuple-to-userset skips parents whose type lacks the relation (team has no admin).
        assertThat(e.check("repo:1", "admin", "user:bob")).isTrue();
        assertThat(e.check("repo:1", "admin", "user:anne")).isFalse();
    }

    @Test
    void whenUnionOperandsAreNestedThenAnyOperandGrants() {
        Engine e = new Engine(model(
                "type user",
                "type doc",
                "  relations",
                "    define a: [user]",
                "    define b: [user]",
                "    define c: [user]",
                "    define any: a or (b or c)",
                "    define mixed: (a or b) and c",
                "    define rest: (a or b) but not (c and a)"))
                .write("doc:1#c@user:anne", "doc:1#b@user:bob", "doc:1#c@user:bob", "doc:1#a@user:carl", "doc:1#c@user:carl");
        assertThat(e.check("doc:1", "any", "user:anne")).isTrue();
        assertThat(e.check("doc:1", "mixed", "user:anne")).isFalse();
        assertThat(e.check("doc:1", "mixed", "user:bob")).isTrue();
        assertThat(e.check("doc:1", "rest", "user:bob")).isTrue();
        assertThat(e.check("doc:1", "rest", "user:carl")).isFalse();
    }

    @Test
    void whenTheModelStopsAllowingASubjectTypeThenOldTuplesOfThatTypeAreIgnored() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@group:eng#member", "group:eng#member@user:anne",
                "doc:1#viewer@user:bob");
        String narrower = e.fga.writeModel(DOCS.replace("define viewer: [user, user:*, group#member] or editor",
                "define viewer: [user] or editor"));
        assertThat(e.checkIn(narrower, "doc:1", "viewer", "user:anne")).isFalse();
        assertThat(e.checkIn(narrower, "doc:1", "viewer", "user:bob")).isTrue();
        assertThat(e.checkIn(e.modelId, "doc:1", "viewer", "user:anne")).isTrue();
    }

    @Test
    void whenAConcreteObjectIsTheSubjectThenItIsCheckedLikeAUser() {
        Engine e = new Engine(DOCS).write("doc:1#parent@folder:a");
        assertThat(e.check("doc:1", "parent", "folder:a")).isTrue();
        assertThat(e.check("doc:1", "parent", "folder:b")).isFalse();
    }
}
