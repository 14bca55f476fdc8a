package dev.scopekeeper.scopes;

/** A scope catalog (or one of its API or scope definitions) that is inconsistent. */
public final class CatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
