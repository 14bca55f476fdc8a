package dev.scopekeeper.fga.conformance;

import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.ObjectReadingStore;

/** The conformance cases through the one-read-per-object path of checks (as on the JDBC store), in memory. */
class ObjectReadsConformanceTest extends ConformanceSuite {

    @Override
    protected Stores newStores() {
        return new Stores(new ObjectReadingStore(), new InMemoryModelStore());
    }
}
