package dev.scopekeeper.server.store;

/**
 * A store operation failed (database unreachable, constraint violated, migration failed). The
 * message names the operation and never contains secrets; the cause carries the driver's detail.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
