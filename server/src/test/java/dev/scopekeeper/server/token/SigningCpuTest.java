package dev.scopekeeper.server.token;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark-only timing of access-token signatures (issue 2: CPU per token beyond the signature). */
class SigningCpuTest {
    Database database;
    TokenIssuerFixture fixture;

    record TokenIssuerFixture(SigningKeys keys) {
        TokenIssuer issuer(SigningCpu cpu) {
            return new TokenIssuer("https://as.example.com", keys, Duration.ofMinutes(5), Clock.systemUTC(), cpu);
        }

        void issue(TokenIssuer issuer, int n) {
            for (int i = 0; i < n; i++) {
                issuer.issue("svc", "svc", List.of("https://api.example.com"), ScopeSet.of("a"));
            }
        }
    }

    @BeforeEach
    void open() {
        database = Database.open(DatabaseSettings.h2Memory("cpu_" + UUID.randomUUID().toString().replace("-", "")));
        fixture = new TokenIssuerFixture(new SigningKeys(new JdbcStore(database), SigningAlgorithm.ES256,
                Duration.ofMinutes(6), Clock.systemUTC()).start());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void whenMeasuringThenEverySignatureIsCountedWithItsCpuTime() {
        SigningCpu cpu = SigningCpu.measuring();
        fixture.issue(fixture.issuer(cpu), 5);
        assertThat(cpu.enabled()).isTrue();
        assertThat(cpu.signatures()).isEqualTo(5);
        // An ES256 signature takes tens of µs of CPU at least; five of them cannot round to zero.
        assertThat(cpu.totalNanos()).isPositive();
    }

    @Test
    void whenMeasuringThenTheSignaturesOwnAllocationIsCountedAndNotTheRestOfTheToken() {
        SigningCpu cpu = SigningCpu.measuring();
        TokenIssuer issuer = fixture.issuer(cpu);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        fixture.issue(issuer, 20);
        long wholeTokens = bean.getCurrentThreadAllocatedBytes() - before;
        // An ES256 signature computes with fresh big-number arrays: some bytes per signature, and fewer
        // than the whole issuance (claims JSON, base64, the serialized token) allocated around it.
        assertThat(cpu.allocatedBytes()).isPositive().isLessThan(wholeTokens);
    }

    @Test
    void whenMeasuringThenMetricsExposeTheTotals() {
        SigningCpu cpu = SigningCpu.measuring();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        cpu.bindTo(meters);
        fixture.issue(fixture.issuer(cpu), 3);
        String scrape = meters.scrape();
        assertThat(scrape).contains("scopekeeper_bench_signatures_total 3.0");
        double seconds = Double.parseDouble(scrape.lines()
                .filter(l -> l.startsWith("scopekeeper_bench_signing_cpu_seconds_total ")).findFirst().orElseThrow()
                .substring("scopekeeper_bench_signing_cpu_seconds_total ".length()));
        assertThat(seconds).isEqualTo(cpu.totalNanos() / 1e9);
        assertThat(scrape).contains("scopekeeper_bench_signing_allocated_bytes_total " + (double) cpu.allocatedBytes());
    }

    @Test
    void whenOffThenNothingIsTimedOrExposed() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SigningCpu.OFF.bindTo(meters);
        fixture.issue(fixture.issuer(SigningCpu.OFF), 2);
        assertThat(SigningCpu.OFF.enabled()).isFalse();
        assertThat(SigningCpu.OFF.signatures()).isZero();
        assertThat(SigningCpu.OFF.allocatedBytes()).isZero();
        assertThat(meters.scrape()).doesNotContain("scopekeeper_bench");
    }

    @Test
    void whenThePropertyIsAbsentThenMeasuringIsOff() {
        // The build never sets scopekeeper.measure-signing; only benchmarks/load/scopekeeper-measure.sh does.
        assertThat(System.getProperty(SigningCpu.PROPERTY)).isNull();
        assertThat(SigningCpu.fromSystemProperty()).isSameAs(SigningCpu.OFF);
    }
}
