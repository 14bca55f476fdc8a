package dev.scopekeeper.server.fga;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.server.fga.FgaTesting.MODEL;
import static dev.scopekeeper.server.fga.FgaTesting.adminToken;
import static dev.scopekeeper.server.fga.FgaTesting.assertError;
import static dev.scopekeeper.server.fga.FgaTesting.assertJson;
import static dev.scopekeeper.server.fga.FgaTesting.get;
import static dev.scopekeeper.server.fga.FgaTesting.post;
import static dev.scopekeeper.server.fga.FgaTesting.readerToken;
import static dev.scopekeeper.server.fga.FgaTesting.writeModel;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /fga/models, GET /fga/models, GET /fga/models/latest and /fga/models/{id}. */
class FgaModelsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(FgaTesting.CONFIG);

    @Test
    void whenAModelIsWrittenThenItIsCreatedAndIsTheLatest() {
        HttpResponse<String> r = post(server, "/fga/models", adminToken(server), Map.of("dsl", MODEL));

        Map<String, Object> created = assertJson(r, 201);
        assertThat(created).containsOnlyKeys("model_id");
        String id = (String) created.get("model_id");
        assertThat(r.headers().firstValue("Location")).hasValue("/fga/models/" + id);

        Map<String, Object> latest = assertJson(get(server, "/fga/models/latest", readerToken(server)), 200);
        assertThat(latest).containsOnlyKeys("model_id", "created_at", "dsl")
                .containsEntry("model_id", id).containsEntry("dsl", MODEL);
        assertThat(Instant.parse((String) latest.get("created_at"))).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(assertJson(get(server, "/fga/models/" + id, readerToken(server)), 200)).isEqualTo(latest);
    }

    @Test
    void whenModelsAreListedThenNewestFirstAPageAtATime() {
        List<String> mine = List.of(writeModel(server, MODEL), writeModel(server, MODEL), writeModel(server, MODEL));
        String reader = readerToken(server);

        Map<String, Object> first = assertJson(get(server, "/fga/models?page_size=2", reader), 200);
        assertThat(ids(first)).containsExactly(mine.get(2), mine.get(1));
        assertThat(first.get("continuation")).isInstanceOf(String.class);

        List<String> all = new ArrayList<>(ids(first));
        Object continuation = first.get("continuation");
        while (continuation != null) {
            Map<String, Object> page = assertJson(get(server, "/fga/models?page_size=2&continuation=" + continuation, reader), 200);
            all.addAll(ids(page));
            continuation = page.get("continuation");
        }
        assertThat(all.get(2)).isEqualTo(mine.get(0));
        assertThat(all).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids(assertJson(get(server, "/fga/models?page_size=1000", reader), 200))).isEqualTo(all);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> page) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) page.get("models")) {
            assertThat(m).containsOnlyKeys("model_id", "created_at");
            out.add((String) m.get("model_id"));
        }
        return out;
    }

    @Test
    void whenTheDslDoesNotParseThenInvalidDslWithLineAndColumn() {
        String dsl = """
                model
                  schema 1.1
                type user
                type doc
                  relations
                    define viewer: [user] or or
                """;

        Map<String, Object> body = assertJson(post(server, "/fga/models", adminToken(server), Map.of("dsl", dsl)), 400);

        assertThat(body).containsOnlyKeys("error", "error_description", "line", "column")
                .containsEntry("error", "invalid_dsl").containsEntry("line", 6).containsEntry("column", 30);
        assertThat((String) body.get("error_description")).startsWith("line 6, column 30: expected ");
    }

    @Test
    void whenTheModelIsInvalidThenInvalidModelNamingTheProblem() {
        String dsl = """
                model
                  schema 1.1
                type user
                type doc
                  relations
                    define viewer: [user] or editor
                """;

        Map<String, Object> body = assertJson(post(server, "/fga/models", adminToken(server), Map.of("dsl", dsl)), 400);

        assertThat(body).containsOnlyKeys("error", "error_description").containsEntry("error", "invalid_model");
        assertThat((String) body.get("error_description")).contains("doc", "viewer", "editor");
    }

    @Test
    void whenTheModelIdIsUnknownThenModelNotFound() {
        assertError(get(server, "/fga/models/01NOSUCHMODEL", readerToken(server)), 404, "model_not_found",
                "no model with id '01NOSUCHMODEL'");
    }

    @Test
    void whenTheContinuationIsNotOursThenInvalidContinuation() {
        for (String bad : List.of("garbage", "bW9kZWxzOg", "%2B%2B%2B")) {
            assertError(get(server, "/fga/models?continuation=" + bad, readerToken(server)), 400, "invalid_continuation",
                    "continuation is not one this server issued for listing models");
        }
    }

    @Test
    void whenThePageSizeIsOutOfRangeThenAnError() {
        String reader = readerToken(server);
        assertError(get(server, "/fga/models?page_size=1001", reader), 400, "limit_exceeded",
                "page size 1001 is larger than the limit of 1000");
        assertError(get(server, "/fga/models?page_size=0", reader), 400, "invalid_input", "page size must be at least 1, got 0");
        assertError(get(server, "/fga/models?page_size=ten", reader), 400, "invalid_request",
                "parameter 'page_size' must be an integer");
        assertError(get(server, "/fga/models?page_size=1&page_size=2", reader), 400, "invalid_request",
                "parameter 'page_size' is included more than once");
        assertError(get(server, "/fga/models?size=1", reader), 400, "invalid_request",
                "unknown parameter 'size' (known: continuation, page_size)");
    }
}
