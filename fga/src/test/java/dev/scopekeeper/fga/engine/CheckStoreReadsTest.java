package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static dev.scopekeeper.fga.engine.Engine.tuples;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.InMemoryTupleStore;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which reads check asks of the store: on a SQL store each read is a round trip, so a node whose
 * relation admits usersets or wildcards must cost one read, not an existence check and a second read.
 */
class CheckStoreReadsTest {

    private static final String MODEL = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type doc",
            "  relations",
            "    define owner: [user]",
            "    define viewer: [user, user:*, group#member] or owner");

    private final InMemoryTupleStore tuples = new InMemoryTupleStore();
    private final List<String> reads = new ArrayList<>();
    private Fga fga;

    @BeforeEach
    void setUp() {
        fga = new Fga(new Recording(tuples, reads), new InMemoryModelStore(), FgaLimits.DEFAULTS);
        fga.writeModel(MODEL);
        tuples.write(tuples("doc:1#viewer@group:eng#member", "group:eng#member@group:core#member",
                "group:core#member@user:anne", "doc:1#owner@user:bob", "doc:2#viewer@user:carl"), List.of());
    }

    private boolean check(String object, String relation, String subject) {
        reads.clear();
        return fga.check(new Requests.Check(null, ObjectRef.parse(object), relation, Subject.parse(subject), List.of()))
                .allowed();
    }

    @Test
    void whenRelationAdmitsUsersetsThenEachNodeIsOneRead() {
        assertThat(check("doc:1", "viewer", "user:anne")).isTrue();

        assertThat(reads).containsExactly("readExactAndIndirect doc:1#viewer", "readExactAndIndirect group:eng#member",
                "readExactAndIndirect group:core#member");
    }

    @Test
    void whenSubjectHasTheDirectTupleThenOneReadAnswers() {
        assertThat(check("doc:2", "viewer", "user:carl")).isTrue();

        assertThat(reads).containsExactly("readExactAndIndirect doc:2#viewer");
    }

    @Test
    void whenRelationAdmitsOnlyConcreteSubjectsThenExistsIsAsked() {
        assertThat(check("doc:1", "viewer", "user:bob")).isTrue();

        assertThat(reads).containsExactly("readExactAndIndirect doc:1#viewer", "readExactAndIndirect group:eng#member",
                "readExactAndIndirect group:core#member", "exists doc:1#owner@user:bob");
    }

    @Test
    void whenSubjectIsAUsersetThenItsOwnTupleIsFoundInTheSameRead() {
        assertThat(check("doc:1", "viewer", "group:core#member")).isTrue();

        assertThat(reads).containsExactly("readExactAndIndirect doc:1#viewer", "readExactAndIndirect group:eng#member");
    }

    @Test
    void whenSubjectTypeIsNotAllowedDirectlyThenOnlyTheIndirectTuplesAreRead() {
        assertThat(check("doc:1", "viewer", "group:core")).isFalse();

        assertThat(reads).containsExactly("readUsersetsAndWildcards doc:1#viewer", "readUsersetsAndWildcards group:eng#member",
                "readUsersetsAndWildcards group:core#member");
    }

    /** Delegates to a store and records each read. */
    private record Recording(TupleStore store, List<String> reads) implements TupleStore {
        @Override
        public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
            store.write(writes, deletes);
        }

        @Override
        public boolean exists(Tuple tuple) {
            reads.add("exists " + tuple);
            return store.exists(tuple);
        }

        @Override
        public List<Tuple> read(ObjectRef object, String relation) {
            reads.add("read " + object + "#" + relation);
            return store.read(object, relation);
        }

        @Override
        public List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation) {
            reads.add("readUsersetsAndWildcards " + object + "#" + relation);
            return store.readUsersetsAndWildcards(object, relation);
        }

        @Override
        public List<Tuple> readExactAndIndirect(ObjectRef object, String relation, Subject subject) {
            reads.add("readExactAndIndirect " + object + "#" + relation);
            return store.readExactAndIndirect(object, relation, subject);
        }

        @Override
        public List<Tuple> readBySubject(String objectType, String relation, Subject subject) {
            reads.add("readBySubject " + objectType + "#" + relation);
            return store.readBySubject(objectType, relation, subject);
        }

        @Override
        public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
            return store.page(filter, after, limit);
        }
    }
}
