package dev.scopekeeper.fga.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of the authorization model as stored: its id, its DSL text (the stored form; it is
 * parsed again on load) and when it was written. Ids sort in the order models were written.
 */
public record StoredModel(String id, String dsl, Instant createdAt) {

    public StoredModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dsl, "dsl");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
