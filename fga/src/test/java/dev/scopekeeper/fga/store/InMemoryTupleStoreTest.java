package dev.scopekeeper.fga.store;

/** The tuple store contract on {@link InMemoryTupleStore}. */
class InMemoryTupleStoreTest extends TupleStoreContract {

    @Override
    protected TupleStore newStore() {
        return new InMemoryTupleStore();
    }
}
