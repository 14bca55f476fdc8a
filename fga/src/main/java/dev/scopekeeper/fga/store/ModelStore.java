package dev.scopekeeper.fga.store;

import java.util.List;
import java.util.Optional;

/** The versions of the authorization model. Models are immutable once written. */
public interface ModelStore {

    /** Stores a new model version; its id is new. */
    void save(StoredModel model);

    Optional<StoredModel> find(String id);

    /**
     * The most recently saved model, if any. Decided by the store (the order of saves), not by the
     * ids: ids come from the writers' clocks, which several nodes need not agree on.
     */
    Optional<StoredModel> latest();

    /** The id of {@link #latest()}: what every request without a model id asks, so a store may answer it without the DSL text. */
    default Optional<String> latestId() {
        return latest().map(StoredModel::id);
    }

    /** Up to {@code limit} models, most recently saved first. */
    List<StoredModel> list(int limit);
}
