package dev.scopekeeper.fga.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.conformance.ConformanceCases.Assertion;
import dev.scopekeeper.fga.conformance.ConformanceCases.TestCase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs one test case: sets up its store on first use (model, tuples, deletes) and yields one step
 * per expectation. A failed set-up fails every step of the case with its cause.
 */
final class CaseRunner {

    /** Tuples are written in batches of at most this many (below {@link FgaLimits#DEFAULTS}' batch limit). */
    static final int WRITE_BATCH = 50;

    record Step(String label, Executable body) { }

    private final TestCase testCase;
    private final Supplier<ConformanceSuite.Stores> stores;
    private boolean setUp;
    private Fga fga;
    private Throwable setUpFailure;
    private FgaException writeFailure;

    CaseRunner(TestCase testCase, Supplier<ConformanceSuite.Stores> stores) {
        this.testCase = testCase;
        this.stores = stores;
    }

    List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        if (testCase.modelError() != null) {
            steps.add(new Step("model is rejected with " + testCase.modelError(), this::modelIsRejected));
            return steps;
        }
        if (testCase.writeError() != null) {
            steps.add(new Step("tuples are rejected with " + testCase.writeError(), this::writeIsRejected));
        }
        for (Assertion a : testCase.assertions()) {
            steps.add(new Step(QueryRunner.label(a), () -> new QueryRunner(fga()).run(a)));
        }
        return steps;
    }

    private void modelIsRejected() {
        ConformanceSuite.Stores s = stores.get();
        Fga engine = new Fga(s.tuples(), s.models(), FgaLimits.DEFAULTS);
        QueryRunner.expectError(() -> engine.writeModel(testCase.model()), testCase.modelError(), testCase.errorContains());
    }

    private void writeIsRejected() {
        fga();
        if (writeFailure == null) {
            fail("writing %s was accepted; expected %s", testCase.tuples(), testCase.writeError());
        }
        QueryRunner.expectError(() -> {
            throw writeFailure;
        }, testCase.writeError(), testCase.errorContains());
    }

    /** The case's engine, set up once: model written, tuples written (or refused), deletes applied. */
    private Fga fga() {
        if (!setUp) {
            setUp = true;
            try {
                fga = setUp();
            } catch (RuntimeException | AssertionError e) {
                setUpFailure = e;
            }
        }
        if (setUpFailure != null) {
            throw new AssertionError("setting up test case '" + testCase.name() + "' failed: " + setUpFailure, setUpFailure);
        }
        return fga;
    }

    private Fga setUp() {
        ConformanceSuite.Stores s = stores.get();
        Fga engine = new Fga(s.tuples(), s.models(), FgaLimits.DEFAULTS);
        String modelId = engine.writeModel(testCase.model());
        assertThat(modelId).as("model id").isNotBlank();
        List<Tuple> tuples = testCase.tuples().stream().map(Tuple::parse).toList();
        if (testCase.writeError() != null) {
            try {
                engine.write(new Requests.Write(null, tuples, List.of()));
            } catch (FgaException e) {
                writeFailure = e;
            }
        } else {
            for (int from = 0; from < tuples.size(); from += WRITE_BATCH) {
                engine.write(new Requests.Write(null, tuples.subList(from, Math.min(tuples.size(), from + WRITE_BATCH)), List.of()));
            }
        }
        if (!testCase.deletes().isEmpty()) {
            engine.write(new Requests.Write(null, List.of(), testCase.deletes().stream().map(Tuple::parse).toList()));
        }
        return engine;
    }
}
