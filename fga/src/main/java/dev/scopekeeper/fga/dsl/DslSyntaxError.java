package dev.scopekeeper.fga.dsl;

/**
 * Where and why the DSL did not parse. {@link ModelDsl#parse} throws an
 * {@link dev.scopekeeper.fga.FgaException} with code {@code INVALID_DSL} whose message is
 * {@link #getMessage()} and whose cause is this error, so a caller (the HTTP layer) can report
 * line and column as data without parsing the message.
 */
public final class DslSyntaxError extends RuntimeException {

    private final int line;
    private final int column;
    private final String expected;
    private final String found;

    /**
     * @param line 1-based line of the offending token
     * @param column 1-based column of the offending token
     * @param expected what the grammar allowed here, e.g. {@code ']' or ','}
     * @param found what was there, e.g. {@code 'or'} or {@code end of line}
     * @param hint an extra sentence for the reader, or null
     */
    DslSyntaxError(int line, int column, String expected, String found, String hint) {
        // No stack trace: this is an expected outcome of user input, not a bug.
        super("line " + line + ", column " + column + ": expected " + expected + " but found " + found
                + (hint == null ? "" : " (" + hint + ")"), null, false, false);
        this.line = line;
        this.column = column;
        this.expected = expected;
        this.found = found;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }
}
