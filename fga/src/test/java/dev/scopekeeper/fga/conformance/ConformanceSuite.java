package dev.scopekeeper.fga.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.scopekeeper.fga.conformance.ConformanceCases.TestCase;
import dev.scopekeeper.fga.conformance.ConformanceFiles.Loaded;
import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The data-driven conformance suite of the relationship engine: every case of every file in
 * {@code conformance/index.txt}, run against the stores a subclass provides, as dynamic tests named
 * {@code file › test › assertion}. Each test case gets fresh stores, its model and its tuples; its
 * assertions then run in file order. The last dynamic test proves that every assertion ran.
 *
 * <p>Lives in the fga test-jar so that each store (in-memory here, JDBC in the server) runs the
 * same cases.
 */
public abstract class ConformanceSuite {

    /** The stores one test case runs against. */
    public record Stores(TupleStore tuples, ModelStore models) {
        public Stores {
            Objects.requireNonNull(tuples, "tuples");
            Objects.requireNonNull(models, "models");
        }
    }

    /**
     * Empty stores for the next test case. Called once per case, one case at a time, so an
     * implementation may clear and reuse one database.
     */
    protected abstract Stores newStores();

    @TestFactory
    public Stream<DynamicTest> conformance() {
        List<Loaded> files = ConformanceFiles.loadAll();
        AtomicInteger ran = new AtomicInteger();
        List<DynamicTest> tests = new ArrayList<>();
        for (Loaded file : files) {
            String fileName = file.file().replaceFirst("\\.yaml$", "");
            for (TestCase testCase : file.cases().tests()) {
                CaseRunner runner = new CaseRunner(testCase, this::newStores);
                for (CaseRunner.Step step : runner.steps()) {
                    String name = fileName + " › " + testCase.name() + " › " + step.label();
                    tests.add(dynamicTest(name, () -> {
                        ran.incrementAndGet();
                        try {
                            step.body().execute();
                        } catch (AssertionError | RuntimeException e) {
                            // Surefire's report names dynamic tests by index only; the message carries the case.
                            throw new AssertionError(name + ": " + e.getMessage(), e);
                        }
                    }));
                }
            }
        }
        int expected = tests.size();
        // A case dropped on the way (a filter, an exception while building the stream) shows up here.
        tests.add(dynamicTest("all " + expected + " conformance assertions ran",
                () -> assertThat(ran.get()).as("assertions run").isEqualTo(expected)
                        .isEqualTo(files.stream().mapToInt(f -> ConformanceFiles.steps(f.cases())).sum())));
        return tests.stream();
    }
}
