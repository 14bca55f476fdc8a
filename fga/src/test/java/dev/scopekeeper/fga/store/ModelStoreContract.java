package dev.scopekeeper.fga.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ModelStore} promises, run against each implementation by a subclass. "Newest" is
 * the greatest id in Java {@code String} order, so ids here differ between binary and locale order
 * ({@code "m-B" < "m-a"}). Times have millisecond precision, which every store keeps.
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
    void whenSeveralSavedThenLatestIsTheGreatestIdInStringOrder() {
        store.save(model("m-a", 1));
        store.save(model("m-é", 2));
        store.save(model("m-B", 3));
        assertThat(store.latest()).contains(model("m-é", 2));

        store.save(model("m-\u00ff\u00ff", 4));
        assertThat(store.latest()).contains(model("m-\u00ff\u00ff", 4));
    }

    @Test
    void whenListedThenNewestFirstUpToTheLimit() {
        for (String id : List.of("m-item9", "m-B", "m-item10", "m-a", "m-z")) {
            store.save(model(id, id.length()));
        }

        assertThat(store.list(3)).extracting(StoredModel::id).containsExactly("m-z", "m-item9", "m-item10");
        assertThat(store.list(100)).extracting(StoredModel::id).containsExactly("m-z", "m-item9", "m-item10", "m-a", "m-B");
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

        List<String> expected = new ArrayList<>();
        for (int thread = threads - 1; thread >= 0; thread--) {
            for (int i = each - 1; i >= 0; i--) {
                expected.add("m-" + thread + "-" + (char) ('a' + i));
            }
        }
        assertThat(store.list(1000)).extracting(StoredModel::id).containsExactlyElementsOf(expected);
        assertThat(store.latest()).contains(model("m-" + (threads - 1) + "-" + (char) ('a' + each - 1), each - 1));
    }
}
