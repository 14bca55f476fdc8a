package dev.scopekeeper.benchmarks.fga;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dataset's command line, for the load scripts and for checking the data before timing it:
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.scopekeeper.benchmarks.fga.FgaBench COMMAND
 *     counts              the dataset's shape and tuple counts
 *     load postgres|h2    load the dataset into PostgreSQL (-Dfga.pg.url) or an H2 file (-Dfga.h2.dir), unless there
 *     queries DIR         write the query sets: check-CLASS.jsonl / .tsv, list-objects.jsonl (wrk bodies)
 *     verify [STORE]      answers and depth labels of every query set against the engine (default: memory)
 *     memory              heap used by the in-memory store holding the dataset, after full GCs
 * </pre>
 * System properties: {@code fga.scale} (default 1.0), {@code fga.seed}, {@code fga.querySeed}, {@code fga.queries}
 * (queries per set), {@code fga.pageSize} (list-objects page size, default 100).
 */
public final class FgaBench {

    private FgaBench() {
    }

    public static FgaDataset dataset() {
        double scale = Double.parseDouble(System.getProperty("fga.scale", "1.0"));
        long seed = Long.getLong("fga.seed", FgaDataset.DEFAULT_SEED);
        FgaDataset.Shape shape = scale == 1.0 ? FgaDataset.Shape.DEFAULT : FgaDataset.Shape.DEFAULT.scaled(scale);
        return new FgaDataset(shape, seed);
    }

    public static long querySeed() {
        return Long.getLong("fga.querySeed", FgaQueries.DEFAULT_SEED);
    }

    public static int querySize() {
        return Integer.getInteger("fga.queries", FgaQueries.DEFAULT_SIZE);
    }

    public static int pageSize() {
        return Integer.getInteger("fga.pageSize", 100);
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: FgaBench counts | load postgres|h2 | queries DIR | verify [STORE] | memory");
        }
        long start = System.nanoTime();
        FgaDataset data = dataset();
        switch (args[0]) {
            case "counts":
                printCounts(data);
                break;
            case "load":
                try (FgaStores.Open open = FgaStores.open(args[1], data)) {
                    printCounts(data);
                }
                break;
            case "queries":
                writeQueries(data, Path.of(args[1]));
                break;
            case "verify":
                verify(data, args.length > 1 ? args[1] : "memory");
                break;
            case "memory":
                memory(data);
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.err.printf("done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void printCounts(FgaDataset data) {
        FgaDataset.Shape s = data.shape();
        FgaDataset.Counts c = data.counts();
        System.out.printf("seed %d: %,d users, %,d groups %s, %,d folders (%d top-level, %d subfolders each, %d levels),"
                        + " %,d documents%n", data.seed(), s.users(), data.groupCount(), Arrays.toString(s.groups()),
                data.folderCount(), s.roots(), s.branching(), s.levels(), s.documents());
        System.out.printf("tuples %,d: group member user %,d, group member group#member %,d, folder parent %,d,"
                        + " folder owner %,d, folder viewer user %,d, folder viewer group#member %,d, document parent %,d,"
                        + " document owner %,d, document editor %,d, document viewer user %,d, document viewer user:* %,d%n",
                c.total(), c.groupUsers(), c.groupGroups(), c.folderParents(), c.folderOwners(), c.folderViewerUsers(),
                c.folderViewerGroups(), c.docParents(), c.docOwners(), c.docEditors(), c.docViewers(), c.docPublic());
    }

    private static void writeQueries(FgaDataset data, Path dir) throws IOException {
        Files.createDirectories(dir);
        FgaQueries queries = new FgaQueries(data);
        for (FgaQueries.CheckClass k : FgaQueries.CheckClass.values()) {
            List<FgaQueries.Check> checks = queries.checks(k, querySize(), querySeed());
            String name = "check-" + k.name().toLowerCase().replace('_', '-');
            Files.write(dir.resolve(name + ".jsonl"), checks.stream().map(FgaQueries.Check::json).toList());
            Files.write(dir.resolve(name + ".tsv"), checks.stream().map(q -> q.object() + "\t" + q.relation() + "\t"
                    + q.subject() + "\t" + q.allowed() + "\t" + q.depth()).toList());
            System.out.println(name + ": " + checks.size() + " checks, depth histogram " + histogram(checks));
        }
        List<FgaQueries.ListObjects> lists = queries.listObjects(querySize(), querySeed());
        Files.write(dir.resolve("list-objects.jsonl"), lists.stream().map(q -> q.json(pageSize())).toList());
        System.out.println("list-objects: " + lists.size() + " queries, page size " + pageSize());
    }

    private static Map<Integer, Integer> histogram(List<FgaQueries.Check> checks) {
        Map<Integer, Integer> h = new TreeMap<>();
        for (FgaQueries.Check q : checks) {
            h.merge(q.depth(), 1, Integer::sum);
        }
        return h;
    }

    private static void verify(FgaDataset data, String kind) {
        FgaQueries queries = new FgaQueries(data);
        try (FgaStores.Open open = FgaStores.open(kind, data)) {
            for (FgaQueries.CheckClass k : FgaQueries.CheckClass.values()) {
                List<FgaQueries.Check> checks = queries.checks(k, querySize(), querySeed());
                FgaVerify.answers(open.fga(), checks);
                if (kind.equals("memory")) {
                    FgaVerify.depths(open.tuples(), open.models(), checks);
                }
                System.out.println(k + ": " + checks.size() + " answers" + (kind.equals("memory") ? " and depths" : "")
                        + " as labelled; depths " + histogram(checks) + "; store reads per check: relation by relation "
                        + reads(open, checks, false) + "; object by object (SQL stores) " + reads(open, checks, true));
            }
            // List-objects: every page, against the dataset's own count for the first users; sizes for all.
            List<FgaQueries.ListObjects> lists = queries.listObjects(querySize(), querySeed());
            List<Integer> sizes = new ArrayList<>();
            int pages = 0;
            for (int i = 0; i < lists.size(); i++) {
                FgaQueries.ListObjects q = lists.get(i);
                int total = 0;
                String continuation = null;
                do {
                    Requests.Page<ObjectRef> page = open.fga().listObjects(new Requests.ListObjects(null, q.type(),
                            q.relation(), Subject.parse(q.subject()), List.of(), 1000, continuation));
                    total += page.items().size();
                    continuation = page.continuation();
                    pages++;
                } while (continuation != null);
                if (i < 20) {
                    int expected = queries.viewableDocuments(Integer.parseInt(q.subject().substring("user:u".length())));
                    if (expected != total) {
                        throw new IllegalStateException("list-objects found " + total + " documents, expected " + expected + ": " + q);
                    }
                }
                sizes.add(total);
            }
            sizes.sort(null);
            System.out.printf("list-objects: %d users, documents each: min %d, p50 %d, mean %.0f, p99 %d, max %d"
                            + " (%d pages of 1000); the first 20 match the dataset%n", sizes.size(), sizes.get(0),
                    sizes.get(sizes.size() / 2), sizes.stream().mapToInt(Integer::intValue).average().orElse(0),
                    sizes.get((int) Math.ceil(sizes.size() * 0.99) - 1), sizes.get(sizes.size() - 1), pages);
            CountingTupleStore counting = new CountingTupleStore(open.tuples());
            dev.scopekeeper.fga.Fga countingFga = new dev.scopekeeper.fga.Fga(counting, open.models(),
                    dev.scopekeeper.fga.FgaLimits.DEFAULTS);
            List<Long> reads = new ArrayList<>();
            for (FgaQueries.ListObjects q : lists) {
                counting.reset();
                countingFga.listObjects(new Requests.ListObjects(null, q.type(), q.relation(), Subject.parse(q.subject()),
                        List.of(), pageSize(), null));
                reads.add(counting.total());
            }
            reads.sort(null);
            System.out.printf("list-objects, first page of %d: store reads per query min %d, p50 %d, mean %.1f, p99 %d, max %d%n",
                    pageSize(), reads.get(0), reads.get(reads.size() / 2),
                    reads.stream().mapToLong(Long::longValue).average().orElse(0),
                    reads.get((int) Math.ceil(reads.size() * 0.99) - 1), reads.get(reads.size() - 1));
        }
    }

    /** The store reads one check asks for: min, p50, mean, p99, max (the same on every store). */
    private static String reads(FgaStores.Open open, List<FgaQueries.Check> checks, boolean objectReads) {
        CountingTupleStore counting = new CountingTupleStore(open.tuples(), objectReads);
        dev.scopekeeper.fga.Fga fga = new dev.scopekeeper.fga.Fga(counting, open.models(), dev.scopekeeper.fga.FgaLimits.DEFAULTS);
        List<Long> n = new ArrayList<>();
        for (FgaQueries.Check q : checks) {
            counting.reset();
            fga.check(FgaVerify.request(q));
            n.add(counting.total());
        }
        n.sort(null);
        return String.format("min %d, p50 %d, mean %.1f, p99 %d, max %d", n.get(0), n.get(n.size() / 2),
                n.stream().mapToLong(Long::longValue).average().orElse(0), n.get((int) Math.ceil(n.size() * 0.99) - 1),
                n.get(n.size() - 1));
    }

    /** Heap after full collections, before and after the store is loaded; the dataset's arrays are in both. */
    private static void memory(FgaDataset data) {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        data.counts();
        long before = usedAfterGc(mx);
        FgaStores.Open open = FgaStores.memory(data);
        long after = usedAfterGc(mx);
        long tuples = data.counts().total();
        System.out.printf("heap used after GC: %,d bytes before loading, %,d after; the store holds %,d tuples in %,d bytes"
                        + " (%.1f MiB, %.0f bytes per tuple); committed heap %,d bytes%n", before, after, tuples,
                after - before, (after - before) / 1048576.0, (after - before) / (double) tuples,
                mx.getHeapMemoryUsage().getCommitted());
        // Keep the store reachable until measured.
        System.out.println("store size " + ((dev.scopekeeper.fga.store.InMemoryTupleStore) open.tuples()).size());
    }

    private static long usedAfterGc(MemoryMXBean mx) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
