package dev.scopekeeper.examples.photos;

import java.time.Instant;

/** A photo: who uploaded it (the token's subject) is its owner. */
public record Photo(long id, String owner, String title, Instant uploadedAt) {
    /** The JSON the API answers (times in ISO 8601, UTC). */
    public java.util.Map<String, Object> toJson() {
        return java.util.Map.of("id", id, "owner", owner, "title", title, "uploadedAt", uploadedAt.toString());
    }
}
