package dev.scopekeeper.fga.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a body on several threads released together by a latch, and fails on the first error any of them had. */
final class Concurrently {

    private Concurrently() {
    }

    static void run(int threads, IntConsumer body) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    body.accept(index);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "store-contract-" + i);
            thread.start();
            started.add(thread);
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads started").isTrue();
        go.countDown();
        for (Thread thread : started) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError(failures.size() + " thread(s) failed", failures.get(0));
                failures.stream().skip(1).forEach(error::addSuppressed);
                throw error;
            }
        }
    }
}
