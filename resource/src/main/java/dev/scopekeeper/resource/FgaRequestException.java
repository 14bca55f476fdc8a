package dev.scopekeeper.resource;

/**
 * The FGA API rejected a request as such (a 4xx with an engine error code): a tuple the model does not allow,
 * a write that conflicts with the stored tuples, an unknown model or relation, a limit. Retrying the same request
 * will fail the same way, unlike {@link RelationshipUnavailableException}.
 */
public final class FgaRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String description;

    /**
     * @param status      the HTTP status of the answer
     * @param error       the error code ({@code invalid_tuple}, {@code conflict}, {@code model_not_found}, ...)
     * @param description the server's {@code error_description}, possibly empty
     */
    public FgaRequestException(int status, String error, String description) {
        super("the FGA API refused the request: HTTP " + status + " " + error
                + (description == null || description.isEmpty() ? "" : ": " + description));
        this.status = status;
        this.error = error;
        this.description = description == null ? "" : description;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return description;
    }

    /** HTTP 409 {@code conflict}: e.g. writing a tuple that exists or deleting one that does not. */
    public boolean isConflict() {
        return "conflict".equals(error);
    }
}
