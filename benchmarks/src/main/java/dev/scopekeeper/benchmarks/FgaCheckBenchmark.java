package dev.scopekeeper.benchmarks;

import dev.scopekeeper.benchmarks.fga.FgaBench;
import dev.scopekeeper.benchmarks.fga.FgaDataset;
import dev.scopekeeper.benchmarks.fga.FgaQueries;
import dev.scopekeeper.benchmarks.fga.FgaStores;
import dev.scopekeeper.benchmarks.fga.FgaVerify;
import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.Requests;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code Fga.check} in process on the 1.27-million-tuple dataset ({@link FgaDataset}), per store and
 * per class of query ({@link FgaQueries.CheckClass}: allowed or denied, at depth ≤ 4 or deeper), each
 * class 1,000 (document, user) pairs cycled in order. Requests name no model, as the HTTP API's
 * usually do, so every check also asks the model store for the latest model (a query on PostgreSQL).
 * Before timing, every answer of the set is checked against its label.
 *
 * <p>SampleTime gives p50/p99/p99.9; run with {@code -bm thrpt} (and {@code -t 2}) for throughput.
 * The in-memory fork loads the dataset itself (~20 s); PostgreSQL is loaded once by
 * {@code FgaBench load postgres} (or by the first fork) into {@code -Dfga.pg.url}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class FgaCheckBenchmark {
    @Param({"memory", "postgres"})
    public String store;

    @Param({"ALLOWED_SHALLOW", "ALLOWED_DEEP", "DENIED_SHALLOW", "DENIED_DEEP"})
    public String queries;

    private FgaStores.Open open;
    private Fga fga;
    private Requests.Check[] requests;

    /** Each thread walks the query set from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        private static int threads;
        int next;

        @Setup(Level.Trial)
        public synchronized void setUp() {
            synchronized (Cursor.class) {
                next = 397 * threads++;
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        FgaDataset data = FgaBench.dataset();
        List<FgaQueries.Check> checks = new FgaQueries(data).checks(FgaQueries.CheckClass.valueOf(queries),
                FgaBench.querySize(), FgaBench.querySeed());
        open = FgaStores.open(store, data);
        fga = open.fga();
        FgaVerify.answers(fga, checks);
        requests = checks.stream().map(FgaVerify::request).toArray(Requests.Check[]::new);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        open.close();
    }

    @Benchmark
    public boolean check(Cursor cursor) {
        Requests.Check r = requests[cursor.next++ % requests.length];
        return fga.check(r).allowed();
    }
}
