package dev.scopekeeper.fga.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Model versions in memory. */
public final class InMemoryModelStore implements ModelStore {

    private final ConcurrentSkipListMap<String, StoredModel> models = new ConcurrentSkipListMap<>();

    @Override
    public void save(StoredModel model) {
        if (models.putIfAbsent(model.id(), model) != null) {
            throw new IllegalStateException("model id " + model.id() + " exists already");
        }
    }

    @Override
    public Optional<StoredModel> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    @Override
    public Optional<StoredModel> latest() {
        Map.Entry<String, StoredModel> e = models.lastEntry();
        return e == null ? Optional.empty() : Optional.of(e.getValue());
    }

    @Override
    public List<StoredModel> list(int limit) {
        List<StoredModel> out = new ArrayList<>();
        for (StoredModel m : models.descendingMap().values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(m);
        }
        return out;
    }
}
