package dev.scopekeeper.fga.conformance;

import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.InMemoryTupleStore;

/** The conformance cases against the in-memory stores. */
class InMemoryConformanceTest extends ConformanceSuite {

    @Override
    protected Stores newStores() {
        return new Stores(new InMemoryTupleStore(), new InMemoryModelStore());
    }
}
