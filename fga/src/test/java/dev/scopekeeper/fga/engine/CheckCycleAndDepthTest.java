package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.InMemoryTupleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CheckCycleAndDepthTest {

    private static final String GROUPS = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type folder",
            "  relations",
            "    define parent: [folder]",
            "    define viewer: [user] or viewer from parent",
            "type doc",
            "  relations",
            "    define viewer: [user, group#member]",
            "    define blocked: [group#member]",
            "    define approved: [user]",
            "    define deep_and_approved: viewer and approved",
            "    define deep_but_not_approved: viewer but not approved",
            "    define x: [group#member]",
            "    define y: [group#member]",
            "    define both: x and y");

    /** doc:1 → group:g0 → group:g1 → … → group:g{n-1} ∋ user:anne. */
    private static Engine chain(FgaLimits limits, int n) {
        Engine e = new Engine(limits, GROUPS);
        List<String> t = new ArrayList<>();
        t.add("doc:1#viewer@group:g0#member");
        for (int i = 0; i < n - 1; i++) {
            t.add("group:g" + i + "#member@group:g" + (i + 1) + "#member");
        }
        t.add("group:g" + (n - 1) + "#member@user:anne");
        return e.write(t.toArray(String[]::new));
    }

    private static FgaLimits depth(int maxDepth) {
        return new FgaLimits(maxDepth, 100, 100, 1000, 1000);
    }

    @Test
    void whenGroupsContainEachOtherThenCheckTerminatesFalse() {
        Engine e = new Engine(GROUPS).write("group:a#member@group:b#member", "group:b#member@group:a#member",
                "doc:1#viewer@group:a#member");
        assertThat(e.check("group:a", "member", "user:anne")).isFalse();
        assertThat(e.check("doc:1", "viewer", "user:anne")).isFalse();
    }

    @Test
    void whenAMemberJoinsACycleThenEveryGroupOnItContainsThem() {
        Engine e = new Engine(GROUPS).write("group:a#member@group:b#member", "group:b#member@group:c#member",
                "group:c#member@group:a#member", "group:c#member@user:anne");
        assertThat(e.check("group:a", "member", "user:anne")).isTrue();
        assertThat(e.check("group:b", "member", "user:anne")).isTrue();
        assertThat(e.check("group:c", "member", "user:anne")).isTrue();
    }

    @Test
    void whenAGroupContainsItselfThenCheckTerminatesFalse() {
        Engine e = new Engine(GROUPS).write("group:a#member@group:a#member");
        assertThat(e.check("group:a", "member", "user:anne")).isFalse();
    }

    @Test
    void whenFoldersAreTheirOwnAncestorsThenTupleToUsersetTerminates() {
        Engine e = new Engine(GROUPS).write("folder:a#parent@folder:b", "folder:b#parent@folder:a");
        assertThat(e.check("folder:a", "viewer", "user:anne")).isFalse();
        e.write("folder:b#viewer@user:anne");
        assertThat(e.check("folder:a", "viewer", "user:anne")).isTrue();
    }

    @Test
    void whenSubtractedGroupsFormACycleThenExclusionTerminatesAndIsDecided() {
        Engine e = new Engine(model(
                "type user",
                "type group",
                "  relations",
                "    define member: [user, group#member]",
                "type doc",
                "  relations",
                "    define viewer: [user]",
                "    define blocked: [group#member]",
                "    define can_read: viewer but not blocked"))
                .write("doc:1#viewer@user:anne", "doc:1#viewer@user:bob", "doc:1#blocked@group:a#member",
                        "group:a#member@group:b#member", "group:b#member@group:a#member", "group:b#member@user:bob");
        assertThat(e.check("doc:1", "can_read", "user:anne")).isTrue();
        assertThat(e.check("doc:1", "can_read", "user:bob")).isFalse();
    }

    @Test
    void whenANodeWasCutByACycleThenItsAnswerIsNotReusedElsewhere() {
        // x reaches a → b → a (cut, so b looks false there) → c ∋ anne; y reaches b, which is true via a.
        Engine e = new Engine(GROUPS).write("doc:1#x@group:a#member", "doc:1#y@group:b#member",
                "group:a#member@group:b#member", "group:a#member@group:c#member", "group:b#member@group:a#member",
                "group:c#member@user:anne");
        assertThat(e.check("doc:1", "both", "user:anne")).isTrue();
    }

    @Test
    void whenAChainIsWithinTheDepthLimitThenCheckFindsTheMember() {
        Engine e = chain(FgaLimits.DEFAULTS, 20);
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
        assertThat(e.check("doc:1", "viewer", "user:bob")).isFalse();
    }

    @Test
    void whenAChainOf10000GroupsExceedsTheDepthLimitThenCheckFailsWithAClearError() {
        Engine e = chain(FgaLimits.DEFAULTS, 10_000);
        assertThatThrownBy(() -> e.check("doc:1", "viewer", "user:anne"))
                .isInstanceOfSatisfying(FgaException.class, x -> assertThat(x.code()).isEqualTo(FgaException.Code.DEPTH_EXCEEDED))
                .hasMessageContaining("checking doc:1#viewer for user:anne needs more than 25 hops (the depth limit)")
                .hasMessageContaining("reached at group:g25#member");
    }

    @Test
    void whenTheDepthLimitIsTheLargestAllowedThenADeepChainStillFailsCleanlyOnASmallStack() throws Exception {
        Engine e = chain(depth(Checker.MAX_DEPTH), 10_000);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // 256 KiB is a quarter of the JVM's default thread stack: the bounded budget must fit in it.
        Thread t = new Thread(null, () -> {
            try {
                e.check("doc:1", "viewer", "user:anne");
            } catch (Throwable x) {
                thrown.set(x);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(thrown.get()).isInstanceOfSatisfying(FgaException.class,
                x -> assertThat(x.code()).isEqualTo(FgaException.Code.DEPTH_EXCEEDED));
    }

    @Test
    void whenTheDepthLimitIsAboveTheSupportedMaximumThenTheEngineRefusesIt() {
        assertThatThrownBy(() -> new Fga(new InMemoryTupleStore(), new InMemoryModelStore(), depth(100_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDepth 100000 is above the supported maximum of 100 hops");
    }

    @Test
    void whenOneUsersetIsTooDeepButAnotherGrantsThenCheckIsTrue() {
        Engine e = chain(FgaLimits.DEFAULTS, 100).write("doc:1#viewer@group:short#member", "group:short#member@user:bob");
        // OpenFGA: true OR unknown is true.
        assertThat(e.check("doc:1", "viewer", "user:bob")).isTrue();
    }

    @Test
    void whenAnIntersectionOperandIsTooDeepButAnotherIsFalseThenCheckIsFalse() {
        Engine e = chain(FgaLimits.DEFAULTS, 100);
        // false AND unknown is false.
        assertThat(e.check("doc:1", "deep_and_approved", "user:anne")).isFalse();
    }

    @Test
    void whenTheBaseOfAnExclusionIsTooDeepThenTheSubtractDecidesOrTheErrorStands() {
        Engine e = chain(FgaLimits.DEFAULTS, 100);
        assertThatThrownBy(() -> e.check("doc:1", "deep_but_not_approved", "user:anne"))
                .isInstanceOfSatisfying(FgaException.class, x -> assertThat(x.code()).isEqualTo(FgaException.Code.DEPTH_EXCEEDED));
        e.write("doc:1#approved@user:anne");
        assertThat(e.check("doc:1", "deep_but_not_approved", "user:anne")).isFalse();
    }

    @Test
    void whenTheDepthLimitIsOneThenOnlyOneHopIsTaken() {
        Engine e = new Engine(depth(1), GROUPS).write("doc:1#viewer@group:a#member", "group:a#member@user:anne",
                "group:a#member@group:b#member", "group:b#member@user:bob");
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
        assertThatThrownBy(() -> e.check("doc:1", "viewer", "user:bob"))
                .hasMessageContaining("needs more than 1 hops");
    }

    @Test
    @Timeout(10)
    void whenManyPathsLeadToTheSameGroupsThenEachGroupIsResolvedOnce() {
        // 20 layers of 3 groups, each containing all groups of the next layer: 3^20 paths, 60 groups.
        Engine e = new Engine(GROUPS);
        List<String> t = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            t.add("doc:1#viewer@group:l0_" + j + "#member");
        }
        for (int layer = 0; layer < 19; layer++) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    t.add("group:l" + layer + "_" + a + "#member@group:l" + (layer + 1) + "_" + b + "#member");
                }
            }
        }
        e.tuples.write(Engine.tuples(t.toArray(String[]::new)), List.of());
        assertThat(e.check("doc:1", "viewer", "user:anne")).isFalse();
        e.write("group:l19_2#member@user:anne");
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
    }
}
