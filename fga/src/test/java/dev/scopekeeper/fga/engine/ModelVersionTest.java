package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.InMemoryTupleStore;
import dev.scopekeeper.fga.store.StoredModel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelVersionTest {

    private static final String DOCS = model("type user", "type doc", "  relations", "    define viewer: [user]");
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.678Z");

    @Test
    void whenAModelIsWrittenThenItIsStoredWithItsTextAndTime() {
        InMemoryModelStore models = new InMemoryModelStore();
        Fga fga = new Fga(new InMemoryTupleStore(), models, FgaLimits.DEFAULTS, Clock.fixed(T0, ZoneOffset.UTC));
        String id = fga.writeModel(DOCS);
        StoredModel stored = models.find(id).orElseThrow();
        assertThat(stored.dsl()).isEqualTo(DOCS);
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(models.latest()).contains(stored);
    }

    @Test
    void whenModelsAreWrittenInTheSameMillisecondThenIdsAreUniqueAndSortInWriteOrder() {
        Fga fga = new Fga(new InMemoryTupleStore(), new InMemoryModelStore(), FgaLimits.DEFAULTS, Clock.fixed(T0, ZoneOffset.UTC));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(fga.writeModel(DOCS));
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}"));
    }

    @Test
    void whenTheClockAdvancesThenTheIdStartsWithTheTimeInCrockfordBase32() {
        String id = new ModelIds(Clock.fixed(Instant.ofEpochMilli(1_469_918_176_385L), ZoneOffset.UTC), new SecureRandom()).next();
        // The ULID specification's example time 1469918176385 encodes as 01ARYZ6S41.
        assertThat(id).startsWith("01ARYZ6S41");
    }

    @Test
    void whenTheRandomPartOverflowsWithinAMillisecondThenTheNextIdStillSortsAfter() {
        byte[] max = new byte[10];
        java.util.Arrays.fill(max, (byte) 0xFF);
        String last = ModelIds.encode(5, max);
        String next = ModelIds.encode(6, new byte[10]);
        assertThat(last).endsWith("ZZZZZZZZZZZZZZZZ");
        assertThat(next).isGreaterThan(last);
    }

    @Test
    void whenTheClockStepsBackThenIdsKeepIncreasing() {
        Instant[] now = {T0};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        ModelIds ids = new ModelIds(clock, new SecureRandom());
        String first = ids.next();
        now[0] = T0.minusSeconds(60);
        String second = ids.next();
        assertThat(second).isGreaterThan(first);
        assertThat(new HashSet<>(List.of(first, second))).hasSize(2);
    }

    @Test
    void whenTheDslDoesNotParseThenWriteModelIsInvalidDslAndNothingIsStored() {
        InMemoryModelStore models = new InMemoryModelStore();
        Fga fga = new Fga(new InMemoryTupleStore(), models, FgaLimits.DEFAULTS);
        assertThatThrownBy(() -> fga.writeModel("model\n  schema 1.1\ntype doc\n  relations\n    define viewer [user]\n"))
                .isInstanceOfSatisfying(FgaException.class, e -> assertThat(e.code()).isEqualTo(FgaException.Code.INVALID_DSL))
                .hasMessageContaining("line 5");
        assertThat(models.latest()).isEmpty();
    }

    @Test
    void whenTheModelIsInvalidThenWriteModelIsInvalidModelAndNothingIsStored() {
        InMemoryModelStore models = new InMemoryModelStore();
        Fga fga = new Fga(new InMemoryTupleStore(), models, FgaLimits.DEFAULTS);
        assertThatThrownBy(() -> fga.writeModel(model("type doc", "  relations", "    define viewer: [user]")))
                .isInstanceOfSatisfying(FgaException.class, e -> assertThat(e.code()).isEqualTo(FgaException.Code.INVALID_MODEL))
                .hasMessageContaining("user");
        assertThat(models.latest()).isEmpty();
    }

    @Test
    void whenAnotherNodeLoadsAStoredModelThenItParsesTheStoredText() {
        Engine e = new Engine(DOCS).write("doc:1#viewer@user:anne");
        Fga restarted = new Fga(e.tuples, e.models, FgaLimits.DEFAULTS);
        assertThat(restarted.check(dev.scopekeeper.fga.Requests.Check.of("doc:1", "viewer", "user:anne")).allowed()).isTrue();
    }
}
