package dev.scopekeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The process age in the start-up line: from /proc, to 10 ms, and never younger than the JVM in it. */
class ProcessAgeTest {

    @Test
    void whenAskedThenTheAgeIsAtLeastTheJvmsUptimeAndNotMuchMore() {
        long before = ManagementFactory.getRuntimeMXBean().getUptime();
        long age = ScopekeeperServer.processAgeMillis();
        long after = ManagementFactory.getRuntimeMXBean().getUptime();

        if (Files.isReadable(Path.of("/proc/self/stat"))) {
            // The process exists before its JVM starts counting; ticks and hundredths round to 10 ms each.
            assertThat(age).isGreaterThanOrEqualTo(before - 20);
            assertThat(age).isLessThan(after + 5_000);
        } else {
            assertThat(age).isEqualTo(-1);
        }
    }
}
