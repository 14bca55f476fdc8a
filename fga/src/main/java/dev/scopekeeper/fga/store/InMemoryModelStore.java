package dev.scopekeeper.fga.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Model versions in memory, in the order they were saved. */
public final class InMemoryModelStore implements ModelStore {

    private final Map<String, StoredModel> byId = new HashMap<>();
    private final List<StoredModel> inOrder = new ArrayList<>();

    @Override
    public synchronized void save(StoredModel model) {
        if (byId.putIfAbsent(model.id(), model) != null) {
            throw new IllegalStateException("model id " + model.id() + " exists already");
        }
        inOrder.add(model);
    }

    @Override
    public synchronized Optional<StoredModel> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<StoredModel> latest() {
        return inOrder.isEmpty() ? Optional.empty() : Optional.of(inOrder.get(inOrder.size() - 1));
    }

    @Override
    public synchronized List<StoredModel> list(int limit) {
        List<StoredModel> out = new ArrayList<>();
        for (int i = inOrder.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(inOrder.get(i));
        }
        return out;
    }
}
