package dev.scopekeeper.server.store;

import dev.scopekeeper.server.token.SigningKey;

import java.time.Instant;
import java.util.List;

/** Signing keys. Kept in the database so that every node of a cluster signs with the same keys. */
public interface KeyStore {
    /** All keys, newest first (by createdAt, then kid). */
    List<SigningKey> listKeys();

    void insertKey(SigningKey key);

    /** Marks every active key as retired at {@code at}, then inserts {@code next}, in one transaction. */
    void rotate(SigningKey next, Instant at);

    /** Deletes keys retired before {@code before}; returns how many. */
    int deleteRetiredBefore(Instant before);
}
