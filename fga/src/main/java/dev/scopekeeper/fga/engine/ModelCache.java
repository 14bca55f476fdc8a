package dev.scopekeeper.fga.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiled models by id, least recently used evicted first. Models never change once written, so
 * an entry is never stale; the bound only caps memory.
 */
public final class ModelCache {

    private final Map<String, CompiledModel> byId;

    public ModelCache(int capacity) {
        this.byId = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledModel> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached model, or null. */
    public synchronized CompiledModel get(String id) {
        return byId.get(id);
    }

    public synchronized void put(CompiledModel model) {
        byId.put(model.id(), model);
    }

    /**
     * The cached model, else {@code load} run outside the lock (parsing may be slow) and cached;
     * two threads may both load the same id, which is harmless.
     */
    public CompiledModel get(String id, Function<String, CompiledModel> load) {
        CompiledModel m = get(id);
        if (m == null) {
            m = load.apply(id);
            put(m);
        }
        return m;
    }
}
