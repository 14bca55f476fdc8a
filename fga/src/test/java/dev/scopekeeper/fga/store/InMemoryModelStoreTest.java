package dev.scopekeeper.fga.store;

/** The model store contract on {@link InMemoryModelStore}. */
class InMemoryModelStoreTest extends ModelStoreContract {

    @Override
    protected ModelStore newStore() {
        return new InMemoryModelStore();
    }
}
