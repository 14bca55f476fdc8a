package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.tuples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.InMemoryTupleStore;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextualTupleStoreTest {

    private final InMemoryTupleStore base = new InMemoryTupleStore();

    private TupleStore view(String... contextual) {
        base.write(tuples("doc:1#viewer@user:b", "doc:1#viewer@group:g#member", "doc:2#viewer@user:b"), List.of());
        return ContextualTupleStore.over(base, tuples(contextual));
    }

    @Test
    void whenThereAreNoContextualTuplesThenTheStoreItselfIsUsed() {
        assertThat(ContextualTupleStore.over(base, List.of())).isSameAs(base);
    }

    @Test
    void whenReadingByObjectThenStoredAndContextualTuplesAreMergedSortedWithoutDuplicates() {
        TupleStore v = view("doc:1#viewer@user:a", "doc:1#viewer@user:b", "doc:3#viewer@user:a");
        assertThat(v.read(ObjectRef.parse("doc:1"), "viewer"))
                .isEqualTo(tuples("doc:1#viewer@group:g#member", "doc:1#viewer@user:a", "doc:1#viewer@user:b"));
        assertThat(v.exists(Tuple.parse("doc:3#viewer@user:a"))).isTrue();
        assertThat(base.exists(Tuple.parse("doc:3#viewer@user:a"))).isFalse();
    }

    @Test
    void whenReadingUsersetsAndWildcardsThenOnlyThoseContextualTuplesAreAdded() {
        TupleStore v = view("doc:1#viewer@user:*", "doc:1#viewer@user:a");
        assertThat(v.readUsersetsAndWildcards(ObjectRef.parse("doc:1"), "viewer"))
                .isEqualTo(tuples("doc:1#viewer@group:g#member", "doc:1#viewer@user:*"));
    }

    @Test
    void whenReadingExactAndIndirectThenTheSubjectsContextualTupleAndTheIndirectOnesAreAdded() {
        TupleStore v = view("doc:1#viewer@user:*", "doc:1#viewer@user:a", "doc:1#viewer@user:c", "doc:2#viewer@user:a");
        assertThat(v.readExactAndIndirect(ObjectRef.parse("doc:1"), "viewer", Subject.parse("user:a")))
                .isEqualTo(tuples("doc:1#viewer@group:g#member", "doc:1#viewer@user:*", "doc:1#viewer@user:a"));
        assertThat(v.readExactAndIndirect(ObjectRef.parse("doc:1"), "viewer", Subject.parse("user:b")))
                .isEqualTo(tuples("doc:1#viewer@group:g#member", "doc:1#viewer@user:*", "doc:1#viewer@user:b"));
    }

    @Test
    void whenReadingBySubjectThenContextualTuplesOfThatSubjectAreAdded() {
        TupleStore v = view("doc:0#viewer@user:b", "doc:0#viewer@user:c");
        assertThat(v.readBySubject("doc", "viewer", Subject.parse("user:b")))
                .isEqualTo(tuples("doc:0#viewer@user:b", "doc:1#viewer@user:b", "doc:2#viewer@user:b"));
    }

    @Test
    void whenPagingThenTheMergedSequenceIsCutAtTheLimitAfterTheGivenTuple() {
        TupleStore v = view("doc:1#viewer@user:a", "doc:0#viewer@user:z");
        assertThat(v.page(TupleFilter.ALL, null, 2)).isEqualTo(tuples("doc:0#viewer@user:z", "doc:1#viewer@group:g#member"));
        assertThat(v.page(TupleFilter.ALL, Tuple.parse("doc:1#viewer@group:g#member"), 10))
                .isEqualTo(tuples("doc:1#viewer@user:a", "doc:1#viewer@user:b", "doc:2#viewer@user:b"));
    }

    @Test
    void whenWritingThroughTheViewThenItRefuses() {
        TupleStore v = view("doc:1#viewer@user:a");
        assertThatThrownBy(() -> v.write(tuples("doc:5#viewer@user:a"), List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(base.size()).isEqualTo(3);
    }
}
