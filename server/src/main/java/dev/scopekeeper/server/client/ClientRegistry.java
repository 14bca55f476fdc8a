package dev.scopekeeper.server.client;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.scopekeeper.server.store.ClientStore;

import java.time.Duration;
import java.util.Optional;

/**
 * Clients as the endpoints see them: the store behind a small cache. The cache is the only
 * node-local state and its staleness is bounded by {@code maxStaleness}, so a client changed on
 * another node (or by the CLI) is seen here within that time.
 */
public final class ClientRegistry {
    private final ClientStore store;
    private final LoadingCache<String, Optional<Client>> cache;

    public ClientRegistry(ClientStore store, Duration maxStaleness) {
        this.store = store;
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(maxStaleness)
                .build(store::findClient);
    }

    public Optional<Client> find(String clientId) {
        return cache.get(clientId);
    }
}
