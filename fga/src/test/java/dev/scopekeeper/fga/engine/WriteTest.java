package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static dev.scopekeeper.fga.engine.Engine.tuples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.InMemoryTupleStore;
import dev.scopekeeper.fga.store.TupleFilter;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Writes, deletes and reading tuples back. */
class WriteTest {

    private static final String DOCS = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type doc",
            "  relations",
            "    define owner: [user]",
            "    define viewer: [user, user:*, group#member] or owner");

    private static void assertFails(ThrowingCallable call, FgaException.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FgaException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    private static Requests.Write write(List<Tuple> writes, List<Tuple> deletes) {
        return new Requests.Write(null, writes, deletes);
    }

    @Test
    void whenABatchIsWrittenThenEveryTupleIsStoredAndTheModelIsNamed() {
        Engine e = new Engine(DOCS);
        Requests.WriteResult result = e.fga.write(write(tuples("doc:1#owner@user:anne", "doc:1#viewer@group:eng#member"), null));
        assertThat(result.modelId()).isEqualTo(e.modelId);
        assertThat(e.tuples.size()).isEqualTo(2);
        assertThat(e.check("doc:1", "viewer", "user:anne")).isTrue();
    }

    @Test
    void whenObjectTypeIsNotInTheModelThenWriteIsInvalidTupleAndNothingIsWritten() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.fga.write(write(tuples("doc:1#owner@user:anne", "photo:1#owner@user:anne"), null)),
                FgaException.Code.INVALID_TUPLE, "tuple 'photo:1#owner@user:anne' is not valid: type 'photo' is not defined");
        assertThat(e.tuples.size()).isZero();
    }

    @Test
    void whenRelationIsNotAssignableThenWriteIsInvalidTuple() {
        Engine e = new Engine(DOCS.replace("define owner: [user]", "define owner: [user]\n    define admin: owner"));
        assertFails(() -> e.fga.write(write(tuples("doc:1#admin@user:anne"), null)), FgaException.Code.INVALID_TUPLE,
                "relation 'doc#admin' is not directly assignable");
        assertFails(() -> e.fga.write(write(tuples("doc:1#reader@user:anne"), null)), FgaException.Code.INVALID_TUPLE,
                "relation 'reader' is not defined on type 'doc'");
    }

    @Test
    void whenSubjectTypeIsNotAllowedThenWriteIsInvalidTuple() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.fga.write(write(tuples("doc:1#owner@group:eng#member"), null)), FgaException.Code.INVALID_TUPLE,
                "subject 'group:eng#member' is not allowed on 'doc#owner' (allowed: [user])");
        assertFails(() -> e.fga.write(write(tuples("doc:1#owner@group:eng"), null)), FgaException.Code.INVALID_TUPLE,
                "subject 'group:eng' is not allowed on 'doc#owner'");
    }

    @Test
    void whenBatchIsLargerThanTheLimitThenWriteIsLimitExceeded() {
        Engine e = new Engine(new FgaLimits(25, 3, 100, 1000, 1000), DOCS);
        assertFails(() -> e.fga.write(write(tuples("doc:1#owner@user:a", "doc:1#owner@user:b"),
                tuples("doc:1#owner@user:c", "doc:1#owner@user:d"))), FgaException.Code.LIMIT_EXCEEDED,
                "a batch of 4 tuples is larger than the limit of 3");
        assertThat(e.tuples.size()).isZero();
    }

    @Test
    void whenBatchIsEmptyThenWriteIsInvalidInput() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.fga.write(write(null, null)), FgaException.Code.INVALID_INPUT,
                "a write needs at least one tuple to write or delete");
    }

    @Test
    void whenOneTupleOfABatchExistsThenWriteConflictsAndNothingIsWritten() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:anne");
        assertFails(() -> e.fga.write(write(tuples("doc:2#owner@user:anne", "doc:1#owner@user:anne"), null)),
                FgaException.Code.CONFLICT, "cannot write tuple 'doc:1#owner@user:anne': it already exists");
        assertThat(e.tuples.size()).isEqualTo(1);
        assertThat(e.check("doc:2", "owner", "user:anne")).isFalse();
    }

    @Test
    void whenADeleteDoesNotExistThenWriteConflictsAndTheWritesAreNotApplied() {
        Engine e = new Engine(DOCS);
        assertFails(() -> e.fga.write(write(tuples("doc:1#owner@user:anne"), tuples("doc:9#owner@user:bob"))),
                FgaException.Code.CONFLICT, "cannot delete tuple 'doc:9#owner@user:bob': it does not exist");
        assertThat(e.tuples.size()).isZero();
    }

    @Test
    void whenATupleIsDeletedThenTheNextCheckSeesIt() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:anne");
        e.fga.write(write(null, tuples("doc:1#owner@user:anne")));
        assertThat(e.check("doc:1", "viewer", "user:anne")).isFalse();
    }

    @Test
    void whenTheModelNoLongerAllowsATupleThenItCanStillBeDeleted() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@user:*");
        e.fga.writeModel(DOCS.replace("[user, user:*, group#member]", "[user]"));
        assertFails(() -> e.write("doc:2#viewer@user:*"), FgaException.Code.INVALID_TUPLE, "subject 'user:*' is not allowed");
        e.fga.write(write(null, tuples("doc:1#viewer@user:*")));
        assertThat(e.tuples.size()).isZero();
    }

    @Test
    void whenWriteNamesAnOlderModelThenTuplesAreValidatedAgainstIt() {
        Engine e = new Engine(DOCS);
        String newer = e.fga.writeModel(DOCS.replace("[user, user:*, group#member]", "[user]"));
        Requests.WriteResult old = e.fga.write(new Requests.Write(e.modelId, tuples("doc:1#viewer@user:*"), null));
        assertThat(old.modelId()).isEqualTo(e.modelId);
        assertFails(() -> e.fga.write(new Requests.Write(newer, tuples("doc:2#viewer@user:*"), null)),
                FgaException.Code.INVALID_TUPLE, "subject 'user:*' is not allowed");
    }

    @Test
    void whenNoModelExistsThenWriteIsModelNotFound() {
        Fga fga = new Fga(new InMemoryTupleStore(), new InMemoryModelStore(), FgaLimits.DEFAULTS);
        assertFails(() -> fga.write(write(tuples("doc:1#owner@user:anne"), null)), FgaException.Code.MODEL_NOT_FOUND,
                "no authorization model has been written yet");
    }

    @Test
    void whenTuplesAreReadInPagesThenThePagesConcatenateToTheFilteredSortedSet() {
        Engine e = new Engine(DOCS);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            all.add("doc:d" + i + "#owner@user:u" + (i % 3));
        }
        e.write(all.toArray(String[]::new));
        TupleFilter filter = new TupleFilter("doc", null, "owner", Subject.parse("user:u1"));
        List<Tuple> read = new ArrayList<>();
        String continuation = null;
        int pages = 0;
        do {
            Requests.Page<Tuple> page = e.fga.readTuples(filter, 30, continuation);
            read.addAll(page.items());
            continuation = page.continuation();
            pages++;
        } while (continuation != null);
        List<Tuple> expected = e.tuples.page(filter, null, 1000);
        assertThat(expected).hasSize(83);
        assertThat(read).isEqualTo(expected);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void whenATupleContinuationIsUsedWithAnotherFilterOrIsGarbageThenItIsRejected() {
        Engine e = new Engine(DOCS).write("doc:1#owner@user:a", "doc:2#owner@user:a");
        String token = e.fga.readTuples(null, 1, null).continuation();
        assertThat(token).isNotNull();
        assertFails(() -> e.fga.readTuples(new TupleFilter("doc", null, null, null), 1, token),
                FgaException.Code.INVALID_CONTINUATION, "issued for a different query");
        assertFails(() -> e.fga.readTuples(null, 1, token + "x"), FgaException.Code.INVALID_CONTINUATION, "malformed");
        assertFails(() -> e.fga.readTuples(null, 1001, null), FgaException.Code.LIMIT_EXCEEDED,
                "page size 1001 is larger than the limit of 1000");
    }
}
