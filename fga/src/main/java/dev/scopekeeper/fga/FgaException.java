package dev.scopekeeper.fga;

/**
 * Every failure the engine reports to a caller, with a stable code; the message is safe to show to
 * the caller (it never contains internals). The HTTP layer maps each code to a status.
 */
public final class FgaException extends RuntimeException {

    public enum Code {
        /** A malformed name, id, tuple or request value (400). */
        INVALID_INPUT,
        /** The model DSL does not parse (400); the message names line, column and what was expected. */
        INVALID_DSL,
        /** The model parses but is not valid: undefined type or relation, unresolvable cycle, ... (400). */
        INVALID_MODEL,
        /** A tuple that the model does not allow (400). */
        INVALID_TUPLE,
        /** No model with that id, or no model at all yet (404). */
        MODEL_NOT_FOUND,
        /** A write of a tuple that exists, or a delete of one that does not; nothing was changed (409). */
        CONFLICT,
        /** Resolution needed more than the depth budget (422): the graph is too deep or cyclic. */
        DEPTH_EXCEEDED,
        /** A continuation token that this server did not issue for this query (400). */
        INVALID_CONTINUATION,
        /** A batch or page larger than allowed (400). */
        LIMIT_EXCEEDED,
    }

    private final Code code;

    public FgaException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public FgaException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    public static FgaException invalidInput(String message) {
        return new FgaException(Code.INVALID_INPUT, message);
    }

    public static FgaException invalidTuple(Tuple tuple, String why) {
        return new FgaException(Code.INVALID_TUPLE, "tuple '" + tuple + "' is not valid: " + why);
    }
}
