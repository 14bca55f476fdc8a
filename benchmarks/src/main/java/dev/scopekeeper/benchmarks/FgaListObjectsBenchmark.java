package dev.scopekeeper.benchmarks;

import dev.scopekeeper.benchmarks.fga.FgaBench;
import dev.scopekeeper.benchmarks.fga.FgaDataset;
import dev.scopekeeper.benchmarks.fga.FgaQueries;
import dev.scopekeeper.benchmarks.fga.FgaStores;
import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
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
 * {@code Fga.listObjects}: the first page (100 by default, {@code -Dfga.pageSize}) of the documents
 * a user may view, for 1,000 random users cycled in order, on the 1.27-million-tuple dataset. The
 * engine computes every candidate for each page (users see ~1,000–10,000 documents here, see
 * BENCHMARKS.md), so the page size matters little. Setup as in {@link FgaCheckBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class FgaListObjectsBenchmark {
    @Param({"memory", "postgres"})
    public String store;

    private FgaStores.Open open;
    private Fga fga;
    private Requests.ListObjects[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        FgaDataset data = FgaBench.dataset();
        List<FgaQueries.ListObjects> lists = new FgaQueries(data).listObjects(FgaBench.querySize(), FgaBench.querySeed());
        open = FgaStores.open(store, data);
        fga = open.fga();
        requests = lists.stream().map(q -> new Requests.ListObjects(null, q.type(), q.relation(), Subject.parse(q.subject()),
                List.of(), FgaBench.pageSize(), null)).toArray(Requests.ListObjects[]::new);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        open.close();
    }

    @Benchmark
    public List<ObjectRef> firstPage() {
        return fga.listObjects(requests[next++ % requests.length]).items();
    }
}
