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
 * JVM runs with {@code -Dscopekeeper.measure-signing=true}; then two thread-CPU clock reads and two
 * allocation-counter reads per token (1–3 µs, a system call each for the clock; counted as ours, not as the
 * signature's) and meters on {@code /metrics}:
 * {@code scopekeeper_bench_signing_cpu_seconds_total} and {@code scopekeeper_bench_signatures_total}.
 * A thread whose CPU time cannot be read (a virtual thread answers -1) signs untimed and uncounted.
 *
 * <p>The garbage a signature leaves is collected later, on the GC's thread, so its cost never shows on
 * the signing thread's clock: RSA leaves ~45 KB of BigIntegers per signature, more than all the rest of a
 * token request. So the bytes the signing thread allocates inside the signature are counted too
 * ({@code scopekeeper_bench_signing_allocated_bytes_total}, where the JVM can count them), and
 * {@code benchmarks/load/scopekeeper-measure.sh} charges the signature its share of the GC time by
 * those bytes against all allocated ({@code jvm_gc_pause_seconds_sum}, {@code jvm_gc_memory_allocated_bytes_total}).
 */
public final class SigningCpu {
    public static final String PROPERTY = "scopekeeper.measure-signing";
    public static final SigningCpu OFF = new SigningCpu(null);

    private final ThreadMXBean threads;
    private final LongAdder nanos = new LongAdder();
    private final LongAdder signatures = new LongAdder();
    private final LongAdder allocated = new LongAdder();
    /** Counts a thread's allocated bytes; null when this JVM cannot (then only CPU time is measured). */
    private final com.sun.management.ThreadMXBean allocation;

    private SigningCpu(ThreadMXBean threads) {
        this.threads = threads;
        this.allocation = threads instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                ? sun : null;
        if (allocation != null) {
            allocation.setThreadAllocatedMemoryEnabled(true);
        }
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

    /** The current thread's allocated bytes so far (-1: unknown); pass it to {@link #signed}. Call before {@link #start}. */
    long startAllocation() {
        return allocation == null ? -1 : allocation.getCurrentThreadAllocatedBytes();
    }

    /** Reads the CPU clock before the allocation counter: the allocation reads stay outside the CPU figure. */
    void signed(long startNanos, long startBytes) {
        if (threads != null && startNanos >= 0) {
            long end = threads.getCurrentThreadCpuTime();
            long endBytes = startBytes >= 0 ? allocation.getCurrentThreadAllocatedBytes() : -1;
            if (end >= 0) {
                nanos.add(end - startNanos);
                signatures.increment();
                if (endBytes >= 0) {
                    allocated.add(endBytes - startBytes);
                }
            }
        }
    }

    public long totalNanos() {
        return nanos.sum();
    }

    public long signatures() {
        return signatures.sum();
    }

    /** Bytes allocated inside the timed signatures (0 when this JVM cannot count a thread's allocation). */
    public long allocatedBytes() {
        return allocated.sum();
    }

    public void bindTo(MeterRegistry meters) {
        if (threads == null) {
            return;
        }
        FunctionCounter.builder("scopekeeper.bench.signing.cpu", nanos, n -> n.sum() / 1e9).baseUnit("seconds")
                .description("thread CPU time inside access-token signatures (-D" + PROPERTY + "=true)").register(meters);
        FunctionCounter.builder("scopekeeper.bench.signatures", signatures, LongAdder::sum)
                .description("access-token signatures timed for scopekeeper.bench.signing.cpu").register(meters);
        FunctionCounter.builder("scopekeeper.bench.signing.allocated", allocated, LongAdder::sum).baseUnit("bytes")
                .description("bytes the signing thread allocated inside the timed signatures").register(meters);
    }
}
