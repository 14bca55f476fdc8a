package dev.scopekeeper.benchmarks.fga;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.TupleStore;

import java.util.List;

/**
 * Proves a query set's labels against the engine before anything is timed, so that a benchmark never
 * measures wrong answers: every check gives its expected answer, and (optionally) its depth is the
 * smallest budget the engine answers it with.
 */
public final class FgaVerify {

    private FgaVerify() {
    }

    /** Every check's answer is the expected one. */
    public static void answers(Fga fga, List<FgaQueries.Check> checks) {
        for (FgaQueries.Check q : checks) {
            boolean allowed = fga.check(request(q)).allowed();
            if (allowed != q.allowed()) {
                throw new IllegalStateException("engine says " + allowed + " for " + q);
            }
        }
    }

    /** With a depth budget of {@code depth} the engine answers; with one hop less it reports the depth exceeded. */
    public static void depths(TupleStore tuples, ModelStore models, List<FgaQueries.Check> checks) {
        Fga[] byBudget = new Fga[26];
        for (int b = 1; b < byBudget.length; b++) {
            byBudget[b] = new Fga(tuples, models, new FgaLimits(b, 100, 100, 1000, 1000));
        }
        for (FgaQueries.Check q : checks) {
            int budget = Math.max(1, q.depth());
            if (byBudget[budget].check(request(q)).allowed() != q.allowed()) {
                throw new IllegalStateException("wrong answer with a budget of " + budget + " for " + q);
            }
            if (q.depth() >= 2) {
                try {
                    byBudget[q.depth() - 1].check(request(q));
                    throw new IllegalStateException("answered with a budget of " + (q.depth() - 1) + ": " + q);
                } catch (FgaException e) {
                    if (e.code() != FgaException.Code.DEPTH_EXCEEDED) {
                        throw e;
                    }
                }
            }
        }
    }

    public static Requests.Check request(FgaQueries.Check q) {
        return new Requests.Check(null, ObjectRef.parse(q.object()), q.relation(), Subject.parse(q.subject()), List.of());
    }
}
