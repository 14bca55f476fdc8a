package dev.scopekeeper.server.token;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * For benchmarks: the thread CPU time spent inside the JWS signature of access tokens, so the server
 * CPU per token "beyond the signature" (issue 2) is measured in the same process and the same run as
 * the total, instead of against a signing rate taken on another thread at another time. Off unless the
 * JVM runs with {@code -Dscopekeeper.measure-signing=true}; then two thread-CPU clock reads per token
 * (~1 µs, counted as ours, not as the signature's) and two meters on {@code /metrics}:
 * {@code scopekeeper_bench_signing_cpu_seconds_total} and {@code scopekeeper_bench_signatures_total}.
 * A thread whose CPU time cannot be read (a virtual thread answers -1) signs untimed and uncounted.
 */
public final class SigningCpu {
    public static final String PROPERTY = "scopekeeper.measure-signing";
    public static final SigningCpu OFF = new SigningCpu(null);

    private final ThreadMXBean threads;
    private final LongAdder nanos = new LongAdder();
    private final LongAdder signatures = new LongAdder();

    private SigningCpu(ThreadMXBean threads) {
        this.threads = threads;
    }

    /** On when the system property asks for it and this JVM can read a thread's CPU time. */
    public static SigningCpu fromSystemProperty() {
        if (!Boolean.getBoolean(PROPERTY)) {
            return OFF;
        }
        return measuring();
    }

    /** Always on (the system property is only read by {@link #fromSystemProperty}). */
    static SigningCpu measuring() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException(PROPERTY + " is set but this JVM cannot measure a thread's CPU time");
        }
        bean.setThreadCpuTimeEnabled(true);
        return new SigningCpu(bean);
    }

    public boolean enabled() {
        return threads != null;
    }

    /** The current thread's CPU time in ns (-1: unreadable, 0: off); pass it to {@link #signed}. */
    long start() {
        return threads == null ? 0 : threads.getCurrentThreadCpuTime();
    }

    void signed(long startNanos) {
        if (threads != null && startNanos >= 0) {
            long end = threads.getCurrentThreadCpuTime();
            if (end >= 0) {
                nanos.add(end - startNanos);
                signatures.increment();
            }
        }
    }

    public long totalNanos() {
        return nanos.sum();
    }

    public long signatures() {
        return signatures.sum();
    }

    public void bindTo(MeterRegistry meters) {
        if (threads == null) {
            return;
        }
        FunctionCounter.builder("scopekeeper.bench.signing.cpu", nanos, n -> n.sum() / 1e9).baseUnit("seconds")
                .description("thread CPU time inside access-token signatures (-D" + PROPERTY + "=true)").register(meters);
        FunctionCounter.builder("scopekeeper.bench.signatures", signatures, LongAdder::sum)
                .description("access-token signatures timed for scopekeeper.bench.signing.cpu").register(meters);
    }
}
