package dev.scopekeeper.fga.store;

import java.util.List;
import java.util.Optional;

/** The versions of the authorization model. Models are immutable once written. */
public interface ModelStore {

    /** Stores a new model version; its id is new. */
    void save(StoredModel model);

    Optional<StoredModel> find(String id);

    /** The model with the greatest id, if any. */
    Optional<StoredModel> latest();

    /** Up to {@code limit} models, newest first. */
    List<StoredModel> list(int limit);
}
