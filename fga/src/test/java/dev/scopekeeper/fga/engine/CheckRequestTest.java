package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.InMemoryTupleStore;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad check requests, contextual tuples and the model a check runs against. */
class CheckRequestTest {

    private static final String DOCS = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type doc",
            "  relations",
            "    define owner: [user]",
            "    define viewer: [user, group#member] or owner",
            "    define blocked: [user]",
            "    define can_read: viewer but not blocked");

    private static void assertFails(ThrowingCallable call, FgaException.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FgaException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void whenObjectTypeIsUnknownThenCheckIsInvalidInputNamingIt() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.check("photo:1", "viewer", "user:anne"), FgaException.Code.INVALID_INPUT,
                "type 'photo' is not defined in model " + e.modelId);
    }

    @Test
    void whenRelationIsUnknownThenCheckIsInvalidInputNamingIt() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.check("doc:1", "reader", "user:anne"), FgaException.Code.INVALID_INPUT,
                "relation 'reader' is not defined on type 'doc'");
    }

    @Test
    void whenSubjectTypeIsUnknownThenCheckIsInvalidInput() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.check("doc:1", "viewer", "robot:r2"), FgaException.Code.INVALID_INPUT,
                "subject type 'robot' is not defined");
    }

    @Test
    void whenSubjectUsersetRelationIsUnknownThenCheckIsInvalidInput() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.check("doc:1", "viewer", "group:eng#admin"), FgaException.Code.INVALID_INPUT,
                "relation 'admin' of subject 'group:eng#admin' is not defined on type 'group'");
    }

    @Test
    void whenNoModelWasWrittenThenCheckIsModelNotFound() {
        Fga fga = new Fga(new InMemoryTupleStore(), new InMemoryModelStore(), FgaLimits.DEFAULTS);
        assertFails(() -> fga.check(Requests.Check.of("doc:1", "viewer", "user:anne")), FgaException.Code.MODEL_NOT_FOUND,
                "no authorization model has been written yet");
    }

    @Test
    void whenModelIdIsUnknownThenCheckIsModelNotFound() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.checkIn("01ARZ3NDEKTSV4RRFFQ69G5FAV", "doc:1", "viewer", "user:anne"),
                FgaException.Code.MODEL_NOT_FOUND, "authorization model '01ARZ3NDEKTSV4RRFFQ69G5FAV' does not exist");
    }

    @Test
    void whenContextualTupleGrantsThenCheckIsTrueForThatRequestOnly() {
        Engine e = new Engine(DOCS);
        assertThat(e.check("doc:1", "viewer", "user:anne", "doc:1#viewer@user:anne")).isTrue();
        assertThat(e.check("doc:1", "viewer", "user:anne")).isFalse();
        assertThat(e.tuples.size()).isZero();
    }

    @Test
    void whenContextualTuplesCompleteAStoredPathThenCheckFollowsBoth() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@group:eng#member");
        assertThat(e.check("doc:1", "viewer", "user:anne", "group:eng#member@user:anne")).isTrue();
        assertThat(e.check("doc:1", "can_read", "user:anne", "group:eng#member@user:anne", "doc:1#blocked@user:anne"))
                .isFalse();
    }

    @Test
    void whenAContextualTupleDuplicatesAStoredOneThenTheAnswerIsUnchanged() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:anne");
        assertThat(e.check("doc:1", "viewer", "user:anne", "doc:1#owner@user:anne")).isTrue();
    }

    @Test
    void whenAContextualTupleViolatesTheModelThenCheckIsInvalidTuple() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.check("doc:1", "viewer", "user:anne", "doc:1#can_read@user:anne"),
                FgaException.Code.INVALID_TUPLE, "relation 'doc#can_read' is not directly assignable");
        assertFails(() -> e.check("doc:1", "viewer", "user:anne", "doc:1#owner@group:eng#member"),
                FgaException.Code.INVALID_TUPLE, "subject 'group:eng#member' is not allowed on 'doc#owner'");
    }

    @Test
    void whenTooManyContextualTuplesAreSentThenCheckIsLimitExceeded() {
        Engine e = new Engine(new FgaLimits(25, 100, 2, 1000, 1000), DOCS);
        assertFails(() -> e.check("doc:1", "viewer", "user:anne", "doc:1#owner@user:a", "doc:1#owner@user:b",
                "doc:1#owner@user:c"), FgaException.Code.LIMIT_EXCEEDED, "3 contextual tuples are more than the limit of 2");
    }

    @Test
    void whenAContextualTupleIsNamedTwiceThenCheckIsInvalidInput() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.check("doc:1", "viewer", "user:anne", "doc:1#owner@user:a", "doc:1#owner@user:a"),
                FgaException.Code.INVALID_INPUT, "contextual tuple 'doc:1#owner@user:a' is named twice");
    }

    @Test
    void whenCheckNamesAnOlderModelThenThatModelDecides() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:anne");
        String newer = e.fga.writeModel(DOCS.replace("define viewer: [user, group#member] or owner",
                "define viewer: [user, group#member]"));
        assertThat(e.checkIn(e.modelId, "doc:1", "viewer", "user:anne")).isTrue();
        assertThat(e.checkIn(newer, "doc:1", "viewer", "user:anne")).isFalse();
        assertThat(e.check("doc:1", "viewer", "user:anne")).isFalse();
        Requests.CheckResult result = e.fga.check(Requests.Check.of("doc:1", "owner", "user:anne"));
        assertThat(result.modelId()).isEqualTo(newer);
    }

    @Test
    void whenAnotherEngineWritesAModelThenTheLatestIsUsedAtOnce() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:anne");
        // Ids of different nodes order by time; within one millisecond their order is random.
        Fga otherNode = new Fga(e.tuples, e.models, FgaLimits.DEFAULTS,
                java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(1)));
        String newer = otherNode.writeModel(DOCS.replace("or owner", ""));
        Requests.CheckResult result = e.fga.check(Requests.Check.of("doc:1", "viewer", "user:anne"));
        assertThat(result.allowed()).isFalse();
        assertThat(result.modelId()).isEqualTo(newer);
    }

    @Test
    void whenARelationOfTheRequestIsMissingThenCheckIsInvalidInput() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.fga.check(new Requests.Check(null, ObjectRef.parse("doc:1"), null, Subject.parse("user:a"), null)),
                FgaException.Code.INVALID_INPUT, "a relation is required");
        assertFails(() -> e.fga.check(new Requests.Check(null, ObjectRef.parse("doc:1"), "viewer", null, null)),
                FgaException.Code.INVALID_INPUT, "a subject is required");
        assertFails(() -> e.fga.check(new Requests.Check(null, null, "viewer", Subject.parse("user:a"), null)),
                FgaException.Code.INVALID_INPUT, "an object is required");
    }

    @Test
    void whenManyChecksRunConcurrentlyWithWritesThenEachSeesACompleteBatch() throws Exception {
        Engine e = new Engine(DOCS);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            int n = i;
            threads.add(new Thread(() -> {
                try {
                    for (int k = 0; k < 200; k++) {
                        String user = "user:u" + n + "_" + k;
                        e.write("doc:1#blocked@" + user, "doc:1#viewer@" + user);
                        // Both tuples came in one batch: the user can see doc:1 but not read it.
                        assertThat(e.check("doc:1", "viewer", user)).isTrue();
                        assertThat(e.check("doc:1", "can_read", user)).isFalse();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }
}
