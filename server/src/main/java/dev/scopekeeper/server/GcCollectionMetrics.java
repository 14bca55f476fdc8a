package dev.scopekeeper.server;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's garbage collections as {@code jvm_gc_collection_seconds_count} and {@code _sum} per collector, read from
 * the collectors' management beans when {@code /metrics} is scraped: what a dashboard needs for the rate and the share
 * of time spent collecting, at no cost between scrapes.
 *
 * <p>Not Micrometer's {@code JvmGcMetrics}, which listens to a JMX notification for every collection: the JVM builds a
 * {@code GcInfo} with the usage of every memory pool for each one, on a thread of its own, ~20 times a second under
 * load here, about 1 % of the server's CPU (BENCHMARKS.md, sessions 11 and 13). What it adds (the longest pause,
 * bytes allocated and promoted) is for benchmarks: the server binds it instead when it times its signatures
 * ({@code -Dscopekeeper.measure-signing=true}), whose GC share the load script computes from it.
 */
final class GcCollectionMetrics implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // The accumulated elapsed time of the collector's collections (pauses, for Serial GC), in ms.
            FunctionTimer.builder("jvm.gc.collection", gc, GarbageCollectorMXBean::getCollectionCount,
                            GarbageCollectorMXBean::getCollectionTime, TimeUnit.MILLISECONDS)
                    .tag("gc", gc.getName())
                    .description("Collections by this garbage collector and the time they took")
                    .register(registry);
        }
    }
}
