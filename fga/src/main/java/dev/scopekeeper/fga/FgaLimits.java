package dev.scopekeeper.fga;

/**
 * The engine's budgets. Exceeding one is a clear error, never a silent truncation.
 *
 * @param maxDepth how many rewrite and userset hops one resolution may take (OpenFGA: 25)
 * @param maxBatch tuples in one write (writes + deletes)
 * @param maxContextualTuples contextual tuples on one request
 * @param maxPageSize objects or tuples on one page
 * @param maxListUsers subjects list-users may return
 */
public record FgaLimits(int maxDepth, int maxBatch, int maxContextualTuples, int maxPageSize, int maxListUsers) {

    public static final FgaLimits DEFAULTS = new FgaLimits(25, 100, 100, 1000, 1000);

    public FgaLimits {
        if (maxDepth < 1 || maxBatch < 1 || maxContextualTuples < 0 || maxPageSize < 1 || maxListUsers < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
