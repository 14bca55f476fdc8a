package dev.scopekeeper.examples.photos;

import java.time.Instant;
import java.util.Map;

/** An album: photos are uploaded into one, and it is what owners share. {@code owner} is the engine's subject. */
public record Album(String id, String owner, String name, Instant createdAt) {
    /** The JSON the API answers (times in ISO 8601, UTC). */
    public Map<String, Object> toJson() {
        return Map.of("id", id, "owner", owner, "name", name, "createdAt", createdAt.toString());
    }
}
