package dev.scopekeeper.fga;

import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.List;
import java.util.Objects;

/**
 * The relationship engine: models, tuples and the four queries. Thread-safe. Keeps no tuple cache,
 * so a write is visible to the next query (read-your-writes); parsed models are cached by id
 * (they are immutable).
 */
public final class Fga {

    private final TupleStore tuples;
    private final ModelStore models;
    private final FgaLimits limits;

    public Fga(TupleStore tuples, ModelStore models, FgaLimits limits) {
        this.tuples = Objects.requireNonNull(tuples, "tuples");
        this.models = Objects.requireNonNull(models, "models");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Parses, validates and stores a new model version; returns its id. */
    public String writeModel(String dsl) {
        throw new UnsupportedOperationException("not built yet");
    }

    public Requests.WriteResult write(Requests.Write request) {
        throw new UnsupportedOperationException("not built yet");
    }

    public Requests.CheckResult check(Requests.Check request) {
        throw new UnsupportedOperationException("not built yet");
    }

    public Requests.Page<ObjectRef> listObjects(Requests.ListObjects request) {
        throw new UnsupportedOperationException("not built yet");
    }

    public List<Subject> listUsers(Requests.ListUsers request) {
        throw new UnsupportedOperationException("not built yet");
    }

    public ExpandNode expand(Requests.Expand request) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** One page of stored tuples matching the filter. */
    public Requests.Page<Tuple> readTuples(dev.scopekeeper.fga.store.TupleFilter filter, int pageSize, String continuation) {
        throw new UnsupportedOperationException("not built yet");
    }
}
