package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TupleStore} promises in its javadoc, run against each implementation by a
 * subclass (the server's JDBC stores extend it through the fga test-jar). Ids are chosen so that
 * Java {@code String} order differs from a locale's: {@code "B" < "a"}, {@code "item10" < "item9"},
 * {@code "z" < "é"}. Concurrent tests release their threads together with latches; they never sleep.
 */
public abstract class TupleStoreContract {

    protected TupleStore store;

    /** A new, empty store that only the current test uses. */
    protected abstract TupleStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static Tuple t(String canonical) {
        return Tuple.parse(canonical);
    }

    protected static List<Tuple> tuples(String... canonical) {
        return Arrays.stream(canonical).map(Tuple::parse).toList();
    }

    protected void write(String... canonical) {
        store.write(tuples(canonical), List.of());
    }

    // ---- reads

    @Test
    void whenStoreIsEmptyThenEveryReadIsEmpty() {
        Tuple anne = t("doc:1#viewer@user:anne");

        assertThat(store.exists(anne)).isFalse();
        assertThat(store.read(anne.object(), "viewer")).isEmpty();
        assertThat(store.readUsersetsAndWildcards(anne.object(), "viewer")).isEmpty();
        assertThat(store.readExactAndIndirect(anne.object(), "viewer", anne.subject())).isEmpty();
        assertThat(store.readBySubject("doc", "viewer", anne.subject())).isEmpty();
        assertThat(store.page(TupleFilter.ALL, null, 10)).isEmpty();
    }

    @Test
    void whenTupleWrittenThenOnlyExactlyThatTupleExists() {
        write("doc:1#viewer@group:eng#member", "doc:1#viewer@user:*");

        assertThat(store.exists(t("doc:1#viewer@group:eng#member"))).isTrue();
        assertThat(store.exists(t("doc:1#viewer@user:*"))).isTrue();
        for (String other : List.of("doc:1#viewer@group:eng", "doc:1#viewer@group:eng#admin", "doc:1#editor@group:eng#member",
                "doc:2#viewer@group:eng#member", "folder:1#viewer@group:eng#member", "doc:1#viewer@group:*",
                "doc:1#viewer@user:anne", "doc:1#viewer@team:eng#member")) {
            assertThat(store.exists(t(other))).as(other).isFalse();
        }
    }

    @Test
    void whenReadThenEverySubjectOfThatObjectAndRelationInStringOrder() {
        List<Tuple> expected = tuples("doc:1#viewer@group:eng", "doc:1#viewer@group:eng#admin", "doc:1#viewer@group:eng#member",
                "doc:1#viewer@user:*", "doc:1#viewer@user:B", "doc:1#viewer@user:a", "doc:1#viewer@user:item10",
                "doc:1#viewer@user:item9", "doc:1#viewer@user:z", "doc:1#viewer@user:é");
        List<Tuple> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        store.write(reversed, List.of());
        write("doc:10#viewer@user:anne", "doc:1#editor@user:anne", "folder:1#viewer@user:anne", "doc:1#viewers@user:anne");

        assertThat(store.read(new ObjectRef("doc", "1"), "viewer")).containsExactlyElementsOf(expected);
        assertThat(store.read(new ObjectRef("doc", "2"), "viewer")).isEmpty();
    }

    @Test
    void whenUsersetsAndWildcardsReadThenConcreteSubjectsAreLeftOut() {
        write("doc:1#viewer@user:anne", "doc:1#viewer@group:eng", "doc:1#viewer@user:*", "doc:1#viewer@group:eng#member",
                "doc:1#viewer@group:*", "doc:1#viewer@group:B#member", "doc:1#viewer@group:eng#admin",
                "doc:2#viewer@group:eng#member", "doc:1#editor@user:*");

        assertThat(store.readUsersetsAndWildcards(new ObjectRef("doc", "1"), "viewer")).containsExactlyElementsOf(tuples(
                "doc:1#viewer@group:*", "doc:1#viewer@group:B#member", "doc:1#viewer@group:eng#admin",
                "doc:1#viewer@group:eng#member", "doc:1#viewer@user:*"));
    }

    @Test
    void whenReadForCheckThenTheExactSubjectUsersetsWildcardsAndWholeTuplesetsOfThoseRelations() {
        write("doc:1#viewer@user:anne", "doc:1#viewer@user:bob", "doc:1#viewer@user:*", "doc:1#viewer@group:eng#member",
                "doc:1#owner@user:anne", "doc:1#owner@user:carl", "doc:1#parent@folder:a", "doc:1#parent@folder:b",
                "doc:1#blocked@user:anne", "doc:2#viewer@user:anne", "doc:2#parent@folder:c");

        List<Tuple> read = store.readForCheck(List.of(new CheckRead("doc", List.of("1"), Set.of("viewer", "owner", "parent"),
                Set.of("parent"))), Subject.parse("user:anne"));

        // Same order as every other read; blocked is not asked for, and doc:2 is another object.
        assertThat(read).containsExactlyElementsOf(new java.util.TreeSet<>(tuples("doc:1#owner@user:anne",
                "doc:1#parent@folder:a", "doc:1#parent@folder:b", "doc:1#viewer@group:eng#member",
                "doc:1#viewer@user:*", "doc:1#viewer@user:anne")));
    }

    @Test
    void whenReadForCheckOfAUsersetSubjectThenItMatchesExactlyAndNoTuplesetMeansNoWholeRelation() {
        write("group:x#member@group:eng#member", "group:x#member@user:anne", "group:x#member@group:ops#member");

        assertThat(store.readForCheck(List.of(new CheckRead("group", List.of("x"), Set.of("member"), Set.of())),
                Subject.parse("group:eng#member")))
                .containsExactlyElementsOf(tuples("group:x#member@group:eng#member", "group:x#member@group:ops#member"));
        assertThat(store.readForCheck(List.of(new CheckRead("group", List.of("y"), Set.of("member"), Set.of())),
                Subject.parse("user:anne"))).isEmpty();
    }

    @Test
    void whenReadForCheckOfManyObjectsAndTypesThenEachObjectAsIfReadAloneAllInOrder() {
        write("group:a#member@user:anne", "group:a#member@user:bob", "group:b#member@group:c#member",
                "group:c#member@user:anne", "group:d#member@user:anne", "group:B#member@user:*",
                "folder:f#parent@folder:g", "folder:f#viewer@user:anne", "folder:f#viewer@user:bob", "folder:g#owner@user:anne",
                "folder:h#viewer@group:a#member");
        Subject anne = Subject.parse("user:anne");
        CheckRead groups = new CheckRead("group", List.of("c", "a", "b", "B", "missing"), Set.of("member"), Set.of());
        CheckRead folders = new CheckRead("folder", List.of("h", "f"), Set.of("viewer", "parent"), Set.of("parent"));

        List<Tuple> read = store.readForCheck(List.of(groups, folders), anne);

        // group:d is not asked for, bob only as a tupleset's subject would be, folder:g's owner is not a read relation.
        assertThat(read).containsExactlyElementsOf(tuples("folder:f#parent@folder:g", "folder:f#viewer@user:anne",
                "folder:h#viewer@group:a#member", "group:B#member@user:*", "group:a#member@user:anne",
                "group:b#member@group:c#member", "group:c#member@user:anne"));
        // The same as reading each object alone, one after the other.
        List<Tuple> alone = new ArrayList<>();
        for (CheckRead r : List.of(groups, folders)) {
            for (String id : r.objectIds()) {
                alone.addAll(store.readForCheck(List.of(new CheckRead(r.objectType(), List.of(id), r.relations(),
                        r.tuplesets())), anne));
            }
        }
        alone.sort(null);
        assertThat(read).isEqualTo(alone);
    }

    @Test
    void whenReadBySubjectsThenEveryTupleOfAnyOfThemInOrderAsIfReadOneByOne() {
        write("doc:a#viewer@user:anne", "doc:b#viewer@user:bob", "doc:c#viewer@group:eng#member", "doc:d#viewer@group:eng",
                "doc:e#viewer@user:*", "doc:f#viewer@user:carl", "doc:g#editor@user:anne", "folder:h#viewer@user:anne",
                "doc:i#viewer@group:ops#member", "doc:j#viewer@user:anne");
        List<Subject> subjects = List.of(Subject.parse("user:anne"), Subject.parse("group:eng#member"),
                Subject.parse("user:bob"), Subject.wildcard("user"), Subject.parse("group:ops#admin"), Subject.parse("user:anne"));

        List<Tuple> read = store.readBySubjects("doc", "viewer", subjects);

        assertThat(read).containsExactlyElementsOf(tuples("doc:a#viewer@user:anne", "doc:b#viewer@user:bob",
                "doc:c#viewer@group:eng#member", "doc:e#viewer@user:*", "doc:j#viewer@user:anne"));
        List<Tuple> oneByOne = new ArrayList<>();
        for (Subject s : new java.util.LinkedHashSet<>(subjects)) {
            oneByOne.addAll(store.readBySubject("doc", "viewer", s));
        }
        oneByOne.sort(null);
        assertThat(read).isEqualTo(oneByOne);
        assertThat(store.readBySubjects("doc", "viewer", List.of())).isEmpty();
    }

    @Test
    void whenReadBySubjectsOfMoreSubjectsThanOneStatementTakesThenAllAreRead() {
        List<String> tuples = new ArrayList<>();
        List<Subject> subjects = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            subjects.add(Subject.parse(String.format("user:u%03d", i)));
            if (i % 3 == 0) {
                tuples.add(String.format("doc:d%03d#viewer@user:u%03d", i, i));
            }
        }
        write(tuples.toArray(String[]::new));

        assertThat(store.readBySubjects("doc", "viewer", subjects)).containsExactlyElementsOf(tuples(tuples.toArray(String[]::new)));
    }

    @Test
    void whenReadForCheckOfMoreObjectsThanOneStatementTakesThenAllAreRead() {
        List<String> tuples = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(String.format("g%03d", i));
            if (i % 3 == 0) {
                tuples.add(String.format("group:g%03d#member@user:anne", i));
            }
        }
        write(tuples.toArray(String[]::new));

        List<Tuple> read = store.readForCheck(List.of(new CheckRead("group", ids, Set.of("member"), Set.of())),
                Subject.parse("user:anne"));

        assertThat(read).containsExactlyElementsOf(tuples(tuples.toArray(String[]::new)));
    }

    @Test
    void whenExactAndIndirectReadThenTheSubjectsOwnTupleJoinsTheUsersetsAndWildcardsInOrder() {
        write("doc:1#viewer@user:anne", "doc:1#viewer@user:B", "doc:1#viewer@user:*", "doc:1#viewer@group:eng#member",
                "doc:1#viewer@group:eng", "doc:1#editor@user:anne", "doc:2#viewer@user:anne", "doc:1#viewer@user:annex");
        ObjectRef doc = new ObjectRef("doc", "1");

        assertThat(store.readExactAndIndirect(doc, "viewer", Subject.parse("user:anne"))).containsExactlyElementsOf(tuples(
                "doc:1#viewer@group:eng#member", "doc:1#viewer@user:*", "doc:1#viewer@user:anne"));
        assertThat(store.readExactAndIndirect(doc, "viewer", Subject.parse("user:B"))).containsExactlyElementsOf(tuples(
                "doc:1#viewer@group:eng#member", "doc:1#viewer@user:*", "doc:1#viewer@user:B"));
        assertThat(store.readExactAndIndirect(doc, "viewer", Subject.parse("user:carl"))).containsExactlyElementsOf(tuples(
                "doc:1#viewer@group:eng#member", "doc:1#viewer@user:*"));
        assertThat(store.readExactAndIndirect(doc, "viewer", Subject.parse("group:eng"))).containsExactlyElementsOf(tuples(
                "doc:1#viewer@group:eng", "doc:1#viewer@group:eng#member", "doc:1#viewer@user:*"));
        // A userset or wildcard subject is among the indirect tuples already; the concrete group:eng is not its tuple.
        assertThat(store.readExactAndIndirect(doc, "viewer", Subject.parse("group:eng#member"))).containsExactlyElementsOf(
                tuples("doc:1#viewer@group:eng#member", "doc:1#viewer@user:*"));
        assertThat(store.readExactAndIndirect(doc, "viewer", Subject.parse("user:*"))).containsExactlyElementsOf(tuples(
                "doc:1#viewer@group:eng#member", "doc:1#viewer@user:*"));
        assertThat(store.readExactAndIndirect(new ObjectRef("doc", "2"), "viewer", Subject.parse("user:anne")))
                .containsExactlyElementsOf(tuples("doc:2#viewer@user:anne"));
    }

    @Test
    void whenReadBySubjectThenOnlyTuplesWithExactlyThatSubjectInObjectIdOrder() {
        write("doc:é#viewer@user:anne", "doc:z#viewer@user:anne", "doc:item9#viewer@user:anne", "doc:item10#viewer@user:anne",
                "doc:a#viewer@user:anne", "doc:B#viewer@user:anne",
                "doc:pub#viewer@user:*", "doc:c#viewer@group:eng", "doc:m#viewer@group:eng#member",
                "doc:ad#viewer@group:eng#admin", "doc:x#editor@user:anne", "folder:1#viewer@user:anne", "doc:y#viewer@user:bob");

        assertThat(store.readBySubject("doc", "viewer", Subject.parse("user:anne"))).containsExactlyElementsOf(tuples(
                "doc:B#viewer@user:anne", "doc:a#viewer@user:anne", "doc:item10#viewer@user:anne", "doc:item9#viewer@user:anne",
                "doc:z#viewer@user:anne", "doc:é#viewer@user:anne"));
        assertThat(store.readBySubject("doc", "viewer", Subject.wildcard("user"))).containsExactly(t("doc:pub#viewer@user:*"));
        assertThat(store.readBySubject("doc", "viewer", Subject.parse("group:eng"))).containsExactly(t("doc:c#viewer@group:eng"));
        assertThat(store.readBySubject("doc", "viewer", Subject.parse("group:eng#member")))
                .containsExactly(t("doc:m#viewer@group:eng#member"));
        assertThat(store.readBySubject("doc", "editor", Subject.parse("user:anne"))).containsExactly(t("doc:x#editor@user:anne"));
        assertThat(store.readBySubject("folder", "viewer", Subject.parse("user:anne")))
                .containsExactly(t("folder:1#viewer@user:anne"));
        assertThat(store.readBySubject("doc", "viewer", Subject.parse("user:carl"))).isEmpty();
    }

    @Test
    void whenIdsAndNamesHaveTheirMaximumLengthThenEveryReadReturnsThemWhole() {
        String type = "T" + "y".repeat(63);
        String relation = "r" + "_".repeat(62) + "9";
        String objectId = "€".repeat(256); // three bytes each in UTF-8
        String sibling = "€".repeat(255) + "x";
        Subject subject = Subject.userset(type, "a".repeat(255) + "é", relation);
        Tuple longest = new Tuple(new ObjectRef(type, objectId), relation, subject);
        Tuple neighbour = new Tuple(new ObjectRef(type, sibling), relation, subject);

        store.write(List.of(longest, neighbour), List.of());

        assertThat(store.exists(longest)).isTrue();
        assertThat(store.read(new ObjectRef(type, objectId), relation)).containsExactly(longest);
        assertThat(store.readUsersetsAndWildcards(new ObjectRef(type, objectId), relation)).containsExactly(longest);
        assertThat(store.readBySubject(type, relation, subject)).containsExactly(neighbour, longest);
        assertThat(store.page(new TupleFilter(type, objectId, relation, subject), null, 10)).containsExactly(longest);
    }

    // ---- atomic batches

    @Test
    void whenBatchDeletesAndWritesThenBothApply() {
        write("doc:1#viewer@user:anne", "doc:1#viewer@user:bob");

        store.write(tuples("doc:1#editor@user:anne", "doc:2#viewer@user:*"), tuples("doc:1#viewer@user:anne"));

        assertThat(store.page(TupleFilter.ALL, null, 100)).containsExactlyElementsOf(tuples(
                "doc:1#editor@user:anne", "doc:1#viewer@user:bob", "doc:2#viewer@user:*"));
    }

    @Test
    void whenEmptyBatchThenNothingChanges() {
        write("doc:1#viewer@user:anne");

        store.write(List.of(), List.of());

        assertThat(store.page(TupleFilter.ALL, null, 100)).containsExactly(t("doc:1#viewer@user:anne"));
    }

    @Test
    void whenWriteExistsThenConflictNamesTheFirstAndNothingChanges() {
        write("doc:1#viewer@user:anne", "doc:1#viewer@user:bob", "doc:9#owner@user:carl");

        assertFailure(() -> store.write(tuples("doc:1#viewer@user:new", "doc:1#viewer@user:bob", "doc:1#viewer@user:anne"),
                        tuples("doc:9#owner@user:carl")),
                FgaException.Code.CONFLICT, "cannot write tuple 'doc:1#viewer@user:bob': it already exists");

        assertThat(store.page(TupleFilter.ALL, null, 100)).containsExactlyElementsOf(tuples(
                "doc:1#viewer@user:anne", "doc:1#viewer@user:bob", "doc:9#owner@user:carl"));
    }

    @Test
    void whenDeleteIsMissingThenConflictNamesTheFirstAndNothingChanges() {
        write("doc:1#viewer@user:anne", "doc:1#viewer@user:bob");

        assertFailure(() -> store.write(tuples("doc:1#viewer@user:new"),
                        tuples("doc:1#viewer@user:anne", "doc:1#viewer@user:gone", "doc:1#viewer@user:lost")),
                FgaException.Code.CONFLICT, "cannot delete tuple 'doc:1#viewer@user:gone': it does not exist");

        assertThat(store.page(TupleFilter.ALL, null, 100)).containsExactlyElementsOf(tuples(
                "doc:1#viewer@user:anne", "doc:1#viewer@user:bob"));
    }

    @Test
    void whenDeleteIsMissingAndWriteExistsThenTheDeleteIsNamed() {
        write("doc:1#viewer@user:anne");

        assertFailure(() -> store.write(tuples("doc:1#viewer@user:anne"), tuples("doc:1#viewer@user:gone")),
                FgaException.Code.CONFLICT, "cannot delete tuple 'doc:1#viewer@user:gone'");
    }

    @Test
    void whenTupleNamedTwiceThenInvalidInputBeforeAnyConflictAndNothingChanges() {
        write("doc:1#viewer@user:anne");

        assertFailure(() -> store.write(tuples("doc:1#viewer@user:new", "doc:1#viewer@user:new"), List.of()),
                FgaException.Code.INVALID_INPUT, "tuple 'doc:1#viewer@user:new' is named twice in one batch");
        assertFailure(() -> store.write(List.of(), tuples("doc:1#viewer@user:anne", "doc:1#viewer@user:anne")),
                FgaException.Code.INVALID_INPUT, "tuple 'doc:1#viewer@user:anne' is named twice in one batch");
        // Input is checked before state: the missing delete would otherwise be a conflict.
        assertFailure(() -> store.write(tuples("doc:2#viewer@user:x", "doc:2#viewer@user:x"), tuples("doc:1#viewer@user:gone")),
                FgaException.Code.INVALID_INPUT, "tuple 'doc:2#viewer@user:x' is named twice in one batch");

        assertThat(store.page(TupleFilter.ALL, null, 100)).containsExactly(t("doc:1#viewer@user:anne"));
    }

    @Test
    void whenTupleDeletedAndRewrittenInOneBatchThenInvalidInputAndInTwoBatchesItIsBack() {
        write("doc:1#viewer@user:anne");

        assertFailure(() -> store.write(tuples("doc:1#viewer@user:anne"), tuples("doc:1#viewer@user:anne")),
                FgaException.Code.INVALID_INPUT, "tuple 'doc:1#viewer@user:anne' is named twice in one batch");
        assertThat(store.exists(t("doc:1#viewer@user:anne"))).isTrue();

        store.write(List.of(), tuples("doc:1#viewer@user:anne"));
        assertThat(store.exists(t("doc:1#viewer@user:anne"))).isFalse();
        assertThat(store.read(new ObjectRef("doc", "1"), "viewer")).isEmpty();
        store.write(tuples("doc:1#viewer@user:anne"), List.of());
        assertThat(store.read(new ObjectRef("doc", "1"), "viewer")).containsExactly(t("doc:1#viewer@user:anne"));
        assertThat(store.readBySubject("doc", "viewer", Subject.parse("user:anne"))).containsExactly(t("doc:1#viewer@user:anne"));
    }

    @Test
    void whenBatchIsLargeThenEveryTupleIsWrittenAndDeleted() {
        List<Tuple> many = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            many.add(t("doc:" + i + "#viewer@user:u" + (i % 7)));
        }

        store.write(many, List.of());
        assertThat(store.page(TupleFilter.ALL, null, 5000)).containsExactlyElementsOf(new TreeSet<>(many));

        store.write(List.of(t("doc:new#viewer@user:anne")), many);
        assertThat(store.page(TupleFilter.ALL, null, 5000)).containsExactly(t("doc:new#viewer@user:anne"));
    }

    // ---- pages

    @Test
    void whenPagedWithFiltersThenEveryMatchComesOnceInOrderAcrossPages() {
        List<Tuple> all = new ArrayList<>();
        for (String type : List.of("doc", "folder")) {
            for (String id : List.of("1", "B", "a", "item10", "item9", "é")) {
                for (String relation : List.of("viewer", "editor")) {
                    for (String subject : List.of("user:anne", "user:B", "user:*", "group:eng#member")) {
                        all.add(t(type + ":" + id + "#" + relation + "@" + subject));
                    }
                }
            }
        }
        Collections.shuffle(all, new Random(5));
        for (int i = 0; i < all.size(); i += 10) {
            store.write(all.subList(i, Math.min(all.size(), i + 10)), List.of());
        }
        List<TupleFilter> filters = List.of(TupleFilter.ALL, new TupleFilter("doc", null, null, null),
                new TupleFilter("folder", "é", null, null), new TupleFilter(null, null, "editor", null),
                new TupleFilter(null, null, null, Subject.wildcard("user")),
                new TupleFilter("doc", null, "viewer", Subject.parse("group:eng#member")),
                new TupleFilter("doc", "item9", "viewer", Subject.parse("user:anne")),
                new TupleFilter("doc", "item", null, null));

        for (TupleFilter filter : filters) {
            List<Tuple> expected = new TreeSet<>(all).stream().filter(filter::matches).toList();
            assertThat(pageThrough(filter, 7)).as(filter.toString()).containsExactlyElementsOf(expected);
        }
    }

    /** Each page is full while more remain, and the page after the last match is empty. */
    private List<Tuple> pageThrough(TupleFilter filter, int limit) {
        List<Tuple> seen = new ArrayList<>();
        Tuple after = null;
        while (true) {
            List<Tuple> page = store.page(filter, after, limit);
            assertThat(page).hasSizeLessThanOrEqualTo(limit);
            if (page.isEmpty()) {
                return seen;
            }
            if (!seen.isEmpty() && seen.size() % limit != 0) {
                throw new AssertionError("a page after a short page: " + filter);
            }
            seen.addAll(page);
            after = page.get(page.size() - 1);
        }
    }

    @Test
    void whenPageStartsAfterATupleThatIsNotStoredThenItStartsAtTheNextOneInOrder() {
        write("doc:B#viewer@user:anne", "doc:a#viewer@user:anne", "doc:item10#viewer@user:anne", "doc:item9#viewer@user:anne",
                "doc:é#viewer@user:anne", "doc:item1#viewer@user:anne#x");

        assertThat(store.page(TupleFilter.ALL, t("doc:item1#viewer@user:anne"), 100)).containsExactlyElementsOf(tuples(
                "doc:item1#viewer@user:anne#x", "doc:item10#viewer@user:anne", "doc:item9#viewer@user:anne",
                "doc:é#viewer@user:anne"));
        assertThat(store.page(TupleFilter.ALL, t("doc:a#viewer@user:anne"), 2)).containsExactlyElementsOf(tuples(
                "doc:item1#viewer@user:anne#x", "doc:item10#viewer@user:anne"));
        assertThat(store.page(TupleFilter.ALL, t("doc:é#viewer@user:anne"), 100)).isEmpty();
        assertThat(store.page(new TupleFilter("doc", null, null, null), t("a:1#r@user:x"), 1))
                .containsExactly(t("doc:B#viewer@user:anne"));
        assertThat(store.page(new TupleFilter("doc", null, null, null), t("folder:1#r@user:x"), 10)).isEmpty();
        assertThat(store.page(new TupleFilter("doc", "item10", null, null), t("doc:item1#viewer@user:anne#x"), 10))
                .containsExactly(t("doc:item10#viewer@user:anne"));
        TupleFilter exactlyOne = new TupleFilter("doc", "item9", "viewer", Subject.parse("user:anne"));
        assertThat(store.page(exactlyOne, t("doc:item9#viewer@user:a"), 10)).containsExactly(t("doc:item9#viewer@user:anne"));
        assertThat(store.page(exactlyOne, t("doc:item9#viewer@user:anne"), 10)).isEmpty();
        assertThat(store.page(exactlyOne, t("doc:item9#viewer@user:anne#x"), 10)).isEmpty();
    }

    // ---- concurrency

    @Test
    @Timeout(120)
    void whenBatchesComeFromSeveralThreadsThenNoWriteIsLost() throws InterruptedException {
        int threads = 4;
        int batches = 15;
        Concurrently.run(threads, thread -> {
            for (int b = 0; b < batches; b++) {
                // Every batch touches the shared object too, so the threads contend on the same keys' neighbourhood.
                store.write(tuples("doc:shared#viewer@user:t" + thread + "-" + b, "doc:t" + thread + "-" + b + "#viewer@user:anne",
                        "doc:t" + thread + "#owner@user:b" + b), List.of());
            }
        });

        TreeSet<Tuple> expected = new TreeSet<>();
        for (int thread = 0; thread < threads; thread++) {
            for (int b = 0; b < batches; b++) {
                expected.addAll(tuples("doc:shared#viewer@user:t" + thread + "-" + b, "doc:t" + thread + "-" + b + "#viewer@user:anne",
                        "doc:t" + thread + "#owner@user:b" + b));
            }
        }
        assertThat(store.page(TupleFilter.ALL, null, 1000)).containsExactlyElementsOf(expected);
        assertThat(store.read(new ObjectRef("doc", "shared"), "viewer")).hasSize(threads * batches);
    }

    @Test
    @Timeout(120)
    void whenThreadsRaceToWriteTheSameTupleThenExactlyOneBatchWinsAndTheOthersChangeNothing() throws InterruptedException {
        int threads = 4;
        for (int round = 0; round < 5; round++) {
            Tuple contested = t("doc:" + round + "#owner@user:anne");
            List<FgaException> losers = Collections.synchronizedList(new ArrayList<>());
            List<Integer> winners = Collections.synchronizedList(new ArrayList<>());
            int r = round;
            Concurrently.run(threads, thread -> {
                try {
                    store.write(List.of(t("doc:" + r + "#viewer@user:t" + thread), contested), List.of());
                    winners.add(thread);
                } catch (FgaException e) {
                    losers.add(e);
                }
            });

            assertThat(winners).hasSize(1);
            assertThat(losers).hasSize(threads - 1).allSatisfy(e -> {
                assertThat(e.code()).isEqualTo(FgaException.Code.CONFLICT);
                assertThat(e).hasMessageContaining("cannot write tuple '" + contested + "': it already exists");
            });
            assertThat(store.read(contested.object(), "viewer")).containsExactly(t("doc:" + r + "#viewer@user:t" + winners.get(0)));
        }
    }

    @Test
    @Timeout(120)
    void whenThreadsRaceToDeleteTheSameTupleThenExactlyOneBatchWins() throws InterruptedException {
        int threads = 4;
        for (int round = 0; round < 5; round++) {
            Tuple contested = t("doc:" + round + "#owner@user:anne");
            store.write(List.of(contested), List.of());
            List<FgaException> losers = Collections.synchronizedList(new ArrayList<>());
            List<Integer> winners = Collections.synchronizedList(new ArrayList<>());
            int r = round;
            Concurrently.run(threads, thread -> {
                try {
                    store.write(List.of(t("doc:" + r + "#owner@user:t" + thread)), List.of(contested));
                    winners.add(thread);
                } catch (FgaException e) {
                    losers.add(e);
                }
            });

            assertThat(winners).hasSize(1);
            assertThat(losers).hasSize(threads - 1).allSatisfy(e -> {
                assertThat(e.code()).isEqualTo(FgaException.Code.CONFLICT);
                assertThat(e).hasMessageContaining("cannot delete tuple '" + contested + "': it does not exist");
            });
            assertThat(store.read(contested.object(), "owner")).containsExactly(t("doc:" + r + "#owner@user:t" + winners.get(0)));
        }
    }

    @Test
    @Timeout(120)
    void whenBatchReplacesTuplesWhileOthersReadThenReadersSeeAllOfABatchOrNone() throws InterruptedException {
        ObjectRef doc = new ObjectRef("doc", "1");
        store.write(tuples("doc:1#viewer@user:a0", "doc:1#viewer@user:b0"), List.of());
        int generations = 40;
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        Concurrently.run(3, thread -> {
            if (thread == 0) {
                for (int g = 1; g <= generations; g++) {
                    store.write(tuples("doc:1#viewer@user:a" + g, "doc:1#viewer@user:b" + g),
                            tuples("doc:1#viewer@user:a" + (g - 1), "doc:1#viewer@user:b" + (g - 1)));
                }
                done.set(true);
                return;
            }
            do {
                List<Tuple> seen = store.read(doc, "viewer");
                reads.incrementAndGet();
                assertThat(seen).hasSize(2);
                assertThat(seen.get(1).subject().id()).isEqualTo("b" + seen.get(0).subject().id().substring(1));
            } while (!done.get());
        });

        assertThat(reads.get()).isGreaterThanOrEqualTo(2);
        assertThat(store.read(doc, "viewer")).containsExactlyElementsOf(tuples(
                "doc:1#viewer@user:a" + generations, "doc:1#viewer@user:b" + generations));
    }

    // ---- helpers

    protected static void assertFailure(ThrowingCallable call, FgaException.Code code, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(FgaException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }
}
