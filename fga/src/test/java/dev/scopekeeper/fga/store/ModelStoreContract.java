package dev.scopekeeper.fga.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ModelStore} promises, run against each implementation by a subclass. "Newest" is
 * the most recently saved, whatever the ids' order: ids come from the writers' clocks, which several
 * server nodes need not agree on. Times have millisecond precision, which every store keeps.
 */
public abstract class ModelStoreContract {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123Z");
    private static final String DSL = """
            model
              schema 1.1

            type user

            type doc  # «é» and quotes ' " survive
              relations
                define viewer: [user, user:*]
            """;

    protected ModelStore store;

    /** A new, empty store that only the current test uses. */
    protected abstract ModelStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static StoredModel model(String id, int second) {
        return new StoredModel(id, DSL + "# version " + id + "\n", T0.plusSeconds(second));
    }

    @Test
    void whenStoreIsEmptyThenNothingIsFound() {
        assertThat(store.find("m-1")).isEmpty();
        assertThat(store.latest()).isEmpty();
        assertThat(store.latestId()).isEmpty();
        assertThat(store.list(10)).isEmpty();
    }

    @Test
    void whenModelSavedThenItIsFoundWithEveryField() {
        StoredModel saved = model("01JABCDEF", 0);

        store.save(saved);

        assertThat(store.find("01JABCDEF")).contains(saved);
        assertThat(store.find("01jabcdef")).isEmpty();
        assertThat(store.find("01JABCDE")).isEmpty();
    }

    @Test
    void whenSeveralSavedThenLatestIsTheLastSavedWhateverItsId() {
        store.save(model("m-b", 1));
        store.save(model("m-a", 2));
        assertThat(store.latest()).contains(model("m-a", 2));

        store.save(model("m-c", 3));
        assertThat(store.latest()).contains(model("m-c", 3));
        assertThat(store.latestId()).contains("m-c");
    }

    @Test
    void whenListedThenMostRecentlySavedFirstUpToTheLimit() {
        for (String id : List.of("m-item9", "m-B", "m-item10", "m-a", "m-z")) {
            store.save(model(id, id.length()));
        }

        assertThat(store.list(3)).extracting(StoredModel::id).containsExactly("m-z", "m-a", "m-item10");
        assertThat(store.list(100)).extracting(StoredModel::id).containsExactly("m-z", "m-a", "m-item10", "m-B", "m-item9");
        assertThat(store.list(1)).containsExactly(model("m-z", 3));
    }

    @Test
    void whenIdExistsAlreadyThenSaveFailsAndTheFirstModelStays() {
        store.save(model("m-1", 0));

        assertThatThrownBy(() -> store.save(new StoredModel("m-1", "model\n  schema 1.1\n", T0.plusSeconds(9))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model id m-1 exists already");

        assertThat(store.find("m-1")).contains(model("m-1", 0));
        assertThat(store.list(10)).hasSize(1);
    }

    @Test
    void whenLongDslSavedThenItRoundTripsWhole() {
        StringBuilder dsl = new StringBuilder("model\n  schema 1.1\n");
        for (int i = 0; i < 2000; i++) {
            dsl.append("type t").append(i).append("\n  relations\n    define r: [user] or owner from parent\n");
        }
        StoredModel big = new StoredModel("m-big", dsl.toString(), T0);

        store.save(big);

        assertThat(store.find("m-big")).contains(big);
    }

    @Test
    @Timeout(120)
    void whenModelsSavedFromSeveralThreadsThenAllAreStored() throws InterruptedException {
        int threads = 4;
        int each = 10;
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < each; i++) {
                store.save(model("m-" + thread + "-" + (char) ('a' + i), i));
            }
        });

        List<String> all = store.list(1000).stream().map(StoredModel::id).toList();
        assertThat(all).hasSize(threads * each).doesNotHaveDuplicates();
        // Each thread's saves appear in the order that thread made them (newest first).
        for (int thread = 0; thread < threads; thread++) {
            String prefix = "m-" + thread + "-";
            assertThat(all.stream().filter(id -> id.startsWith(prefix)).toList())
                    .containsExactly(java.util.stream.IntStream.range(0, each).map(i -> each - 1 - i)
                            .mapToObj(i -> prefix + (char) ('a' + i)).toArray(String[]::new));
        }
        assertThat(store.latest().map(StoredModel::id)).contains(all.get(0));
    }
}
