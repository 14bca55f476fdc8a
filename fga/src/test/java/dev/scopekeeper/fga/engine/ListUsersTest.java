package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ListUsersTest {

    private static final String DRIVE = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, user:*, group#member]",
            "type folder",
            "  relations",
            "    define parent: [folder]",
            "    define viewer: [user, group#member] or viewer from parent",
            "type doc",
            "  relations",
            "    define parent: [folder]",
            "    define owner: [user]",
            "    define viewer: [user, user:*, group#member] or owner or viewer from parent",
            "    define blocked: [user]",
            "    define approved: [user]",
            "    define can_read: viewer but not blocked",
            "    define can_publish: owner and approved");

    private static void assertFails(ThrowingCallable call, FgaException.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FgaException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void whenUsersAreDirectComputedAndInheritedThenAllAreListedSorted() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@user:carl", "doc:1#owner@user:anne", "doc:1#parent@folder:f",
                "folder:f#viewer@user:bob", "doc:2#viewer@user:dave");
        assertThat(e.users("doc:1", "viewer", "user")).containsExactly("user:anne", "user:bob", "user:carl");
    }

    @Test
    void whenGroupsAreNestedThenTheirMembersAreListedOnce() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@group:all#member", "group:all#member@group:eng#member",
                "group:eng#member@user:anne", "group:all#member@user:anne", "group:all#member@user:bob");
        assertThat(e.users("doc:1", "viewer", "user")).containsExactly("user:anne", "user:bob");
    }

    @Test
    void whenUsersetTypeIsAskedThenEveryUsersetThatHasTheRelationIsListed() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@group:all#member", "group:all#member@group:eng#member",
                "group:eng#member@user:anne");
        assertThat(e.users("doc:1", "viewer", "group#member")).containsExactly("group:all#member", "group:eng#member");
        assertThat(e.users("doc:1", "viewer", "user", "group#member"))
                .containsExactly("group:all#member", "group:eng#member", "user:anne");
    }

    @Test
    void whenTheObjectsOwnUsersetIsAskedThenItIsAMemberOfItself() {
        Engine e = new Engine(DRIVE);
        assertThat(e.users("group:eng", "member", "group#member")).containsExactly("group:eng#member");
        assertThat(e.check("group:eng", "member", "group:eng#member")).isTrue();
    }

    @Test
    void whenAWildcardIsWrittenThenItIsListedBesideConcreteUsers() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@user:*", "doc:1#viewer@user:anne",
                "doc:2#viewer@group:pub#member", "group:pub#member@user:*");
        assertThat(e.users("doc:1", "viewer", "user")).containsExactly("user:*", "user:anne");
        assertThat(e.users("doc:2", "viewer", "user")).containsExactly("user:*");
    }

    @Test
    void whenRelationHasAnExclusionThenExcludedUsersAreLeftOut() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@user:anne", "doc:1#viewer@user:bob", "doc:1#blocked@user:bob");
        assertThat(e.users("doc:1", "can_read", "user")).containsExactly("user:anne");
    }

    @Test
    void whenRelationHasAnIntersectionThenOnlyUsersWithEveryOperandAreListed() {
        Engine e = new Engine(DRIVE).write("doc:1#owner@user:anne", "doc:1#owner@user:bob", "doc:1#approved@user:bob",
                "doc:1#approved@user:carl");
        assertThat(e.users("doc:1", "can_publish", "user")).containsExactly("user:bob");
    }

    @Test
    void whenGroupsFormACycleThenListingTerminates() {
        Engine e = new Engine(DRIVE).write("group:a#member@group:b#member", "group:b#member@group:a#member",
                "group:b#member@user:anne");
        assertThat(e.users("group:a", "member", "user")).containsExactly("user:anne");
        assertThat(e.users("group:a", "member", "group#member")).containsExactly("group:a#member", "group:b#member");
    }

    @Test
    void whenMoreSubjectsThanTheLimitHaveTheRelationThenListingFailsInsteadOfTruncating() {
        Engine e = new Engine(new FgaLimits(25, 100, 100, 1000, 3), DRIVE).write("doc:1#viewer@user:a",
                "doc:1#viewer@user:b", "doc:1#viewer@user:c");
        assertThat(e.users("doc:1", "viewer", "user")).hasSize(3);
        e.write("doc:1#viewer@user:d");
        assertFails(() -> e.users("doc:1", "viewer", "user"), FgaException.Code.LIMIT_EXCEEDED,
                "more than 3 subjects have doc:1#viewer");
    }

    @Test
    void whenSubjectTypesAreMissingOrUnknownThenListingIsInvalidInput() {
        Engine e = new Engine(DRIVE);
        assertFails(() -> e.users("doc:1", "viewer"), FgaException.Code.INVALID_INPUT, "at least one subject type is required");
        assertFails(() -> e.users("doc:1", "viewer", "robot"), FgaException.Code.INVALID_INPUT,
                "subject type 'robot' is not defined");
        assertFails(() -> e.users("doc:1", "viewer", "group#admin"), FgaException.Code.INVALID_INPUT,
                "relation 'admin' is not defined on type 'group'");
        assertFails(() -> e.users("doc:1", "reader", "user"), FgaException.Code.INVALID_INPUT,
                "relation 'reader' is not defined on type 'doc'");
    }

    @Test
    void whenContextualTuplesAreGivenThenTheirSubjectsAreListedForThatRequestOnly() {
        Engine e = new Engine(DRIVE);
        List<Subject> withContext = e.fga.listUsers(new Requests.ListUsers(null, ObjectRef.parse("doc:1"), "viewer",
                List.of("user"), Engine.tuples("doc:1#owner@user:anne")));
        assertThat(withContext).containsExactly(Subject.parse("user:anne"));
        assertThat(e.users("doc:1", "viewer", "user")).isEmpty();
    }

    @Test
    void whenUsersAreOnlyReachedBeyondTheDepthLimitThenListingFails() {
        Engine e = new Engine(new FgaLimits(2, 100, 100, 1000, 1000), DRIVE).write("doc:1#viewer@group:a#member",
                "group:a#member@group:b#member", "group:b#member@group:c#member", "group:c#member@user:anne");
        assertFails(() -> e.users("doc:1", "viewer", "user"), FgaException.Code.DEPTH_EXCEEDED,
                "listing the subjects of doc:1#viewer needs more than 2 hops (the depth limit), reached at group:c#member");
    }

    @Test
    void whenAUserHoldsAnIntersectionThroughAWildcardOnOneSideThenTheyAreListed() {
        Engine e = new Engine(model(
                "type user",
                "type doc",
                "  relations",
                "    define editor: [user, user:*]",
                "    define viewer: [user]",
                "    define both: editor and viewer"))
                .write("doc:1#editor@user:*", "doc:1#viewer@user:anne");
        assertThat(e.users("doc:1", "both", "user")).containsExactly("user:anne");
    }

    @Test
    void whenOnlyANestedSubtractNamesAUserThenTheyAreStillListed() {
        Engine e = new Engine(model(
                "type user",
                "type doc",
                "  relations",
                "    define a: [user:*]",
                "    define b: [user:*]",
                "    define c: [user]",
                "    define r: a but not (b but not c)"))
                .write("doc:1#a@user:*", "doc:1#b@user:*", "doc:1#c@user:anne");
        assertThat(e.check("doc:1", "r", "user:*")).isFalse();
        assertThat(e.users("doc:1", "r", "user")).containsExactly("user:anne");
    }
}
