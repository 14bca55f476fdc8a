package dev.scopekeeper.examples.photos;

import java.time.Instant;
import java.util.Map;

/**
 * A photo in an album. {@code owner} is the uploader as the engine's subject ({@code user:alice},
 * {@code client:photo-indexer}); who may see or delete it is the engine's answer, not these fields.
 */
public record Photo(String id, String owner, String album, String title, Instant uploadedAt) {
    /** The JSON the API answers (times in ISO 8601, UTC). */
    public Map<String, Object> toJson() {
        return Map.of("id", id, "owner", owner, "album", album, "title", title, "uploadedAt", uploadedAt.toString());
    }
}
