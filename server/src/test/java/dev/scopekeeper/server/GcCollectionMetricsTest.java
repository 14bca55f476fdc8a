package dev.scopekeeper.server;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GcCollectionMetricsTest {
    @Test
    void whenBoundThenOneTimerPerCollectorTaggedWithItsName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GcCollectionMetrics().bindTo(registry);

        assertThat(timers(registry)).extracting(t -> t.getId().getTag("gc"))
                .containsExactlyInAnyOrderElementsOf(ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName).toList());
    }

    @Test
    void whenTheJvmCollectsThenTheCountReadAtTheNextScrapeHasGrown() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GcCollectionMetrics().bindTo(registry);
        double before = collections(registry);

        System.gc(); // a full collection: every collector the JVM has counts it in one of its beans

        assertThat(collections(registry)).isGreaterThan(before);
        assertThat(timers(registry)).allSatisfy(t -> assertThat(t.totalTime(TimeUnit.SECONDS)).isNotNegative());
    }

    private static Collection<FunctionTimer> timers(SimpleMeterRegistry registry) {
        return registry.find("jvm.gc.collection").functionTimers();
    }

    private static double collections(SimpleMeterRegistry registry) {
        return timers(registry).stream().mapToDouble(FunctionTimer::count).sum();
    }
}
