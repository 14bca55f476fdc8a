package dev.scopekeeper.resource;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it every few milliseconds, failing after a hard bound. */
final class Await {
    private Await() {
    }

    /** Returns the milliseconds it took for {@code condition} to hold; fails after {@code bound}. */
    static long until(Duration bound, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound + ": " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
