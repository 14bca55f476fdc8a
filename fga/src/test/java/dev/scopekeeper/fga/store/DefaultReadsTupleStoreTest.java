package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import java.util.Collection;
import java.util.List;

/**
 * The tuple store contract on a store that implements only the required methods, so that the
 * interface's default methods ({@link TupleStore#readExactAndIndirect}) are held to it too.
 */
class DefaultReadsTupleStoreTest extends TupleStoreContract {

    @Override
    protected TupleStore newStore() {
        return new RequiredOnly(new InMemoryTupleStore());
    }

    private record RequiredOnly(TupleStore store) implements TupleStore {
        @Override
        public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
            store.write(writes, deletes);
        }

        @Override
        public boolean exists(Tuple tuple) {
            return store.exists(tuple);
        }

        @Override
        public List<Tuple> read(ObjectRef object, String relation) {
            return store.read(object, relation);
        }

        @Override
        public List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation) {
            return store.readUsersetsAndWildcards(object, relation);
        }

        @Override
        public List<Tuple> readBySubject(String objectType, String relation, Subject subject) {
            return store.readBySubject(objectType, relation, subject);
        }

        @Override
        public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
            return store.page(filter, after, limit);
        }
    }
}
