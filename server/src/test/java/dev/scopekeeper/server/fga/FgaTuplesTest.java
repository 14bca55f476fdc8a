package dev.scopekeeper.server.fga;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.server.fga.FgaTesting.assertError;
import static dev.scopekeeper.server.fga.FgaTesting.assertJson;
import static dev.scopekeeper.server.fga.FgaTesting.get;
import static dev.scopekeeper.server.fga.FgaTesting.post;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /fga/tuples (atomic batches, validated against the model) and GET /fga/tuples (filtered pages). */
class FgaTuplesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(FgaTesting.CONFIG);
    static String model;
    static String writer;
    static String reader;

    @BeforeAll
    static void modelAndTokens() {
        model = FgaTesting.writeModel(server, FgaTesting.MODEL);
        writer = FgaTesting.writerToken(server);
        reader = FgaTesting.readerToken(server);
    }

    static HttpResponse<String> write(List<String> writes, List<String> deletes) {
        return post(server, "/fga/tuples", writer, Map.of("writes", writes, "deletes", deletes));
    }

    /** Every tuple of the filter (URL query, without page parameters), all pages read with {@code pageSize}. */
    @SuppressWarnings("unchecked")
    static List<String> read(String filter, int pageSize) {
        List<String> all = new ArrayList<>();
        String continuation = null;
        do {
            String query = filter + "&page_size=" + pageSize + (continuation == null ? "" : "&continuation=" + enc(continuation));
            Map<String, Object> page = assertJson(get(server, "/fga/tuples?" + query, reader), 200);
            assertThat(page).containsOnlyKeys("tuples", "continuation");
            List<String> tuples = (List<String>) page.get("tuples");
            assertThat(tuples.size()).isLessThanOrEqualTo(pageSize);
            all.addAll(tuples);
            continuation = (String) page.get("continuation");
        } while (continuation != null);
        return all;
    }

    @Test
    void whenTuplesAreWrittenThenTheyAreReadBackSortedByObjectRelationAndSubject() {
        HttpResponse<String> r = write(List.of("doc:w1#viewer@user:anne", "doc:w1#owner@user:bob",
                "doc:w1#parent@folder:w", "doc:w1#viewer@group:eng#member", "doc:w1#viewer@user:*"), List.of());

        assertThat(assertJson(r, 200)).isEqualTo(Map.of("model_id", model));
        assertThat(read("object=doc:w1", 100)).containsExactly("doc:w1#owner@user:bob", "doc:w1#parent@folder:w",
                "doc:w1#viewer@group:eng#member", "doc:w1#viewer@user:*", "doc:w1#viewer@user:anne");
        assertThat(read("object=doc:w1&relation=viewer&subject=" + enc("group:eng#member"), 100))
                .containsExactly("doc:w1#viewer@group:eng#member");
        assertThat(read("object=doc:w1&subject=user:bob", 100)).containsExactly("doc:w1#owner@user:bob");
    }

    @Test
    void whenAllTuplesOfATypeAreReadAPageAtATimeThenEachComesOnce() {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add("folder:page" + i + "#viewer@user:p");
        }
        assertJson(write(written, List.of()), 200);

        assertThat(read("object=folder:&subject=user:p", 2)).containsExactlyElementsOf(written);
        assertThat(read("object=folder:&subject=user:p", 7)).containsExactlyElementsOf(written);
    }

    @Test
    void whenABatchWritesAndDeletesThenBothHappen() {
        assertJson(write(List.of("doc:d1#viewer@user:anne", "doc:d1#viewer@user:bob"), List.of()), 200);

        assertJson(write(List.of("doc:d1#viewer@user:carl"), List.of("doc:d1#viewer@user:anne")), 200);

        assertThat(read("object=doc:d1", 10)).containsExactly("doc:d1#viewer@user:bob", "doc:d1#viewer@user:carl");
    }

    @Test
    void whenOneTupleOfABatchExistsThenConflictAndNothingIsWritten() {
        assertJson(write(List.of("doc:c1#viewer@user:anne"), List.of()), 200);

        Map<String, Object> error = assertJson(write(List.of("doc:c1#viewer@user:bob", "doc:c1#viewer@user:anne"), List.of()), 409);

        assertThat(error).containsOnlyKeys("error", "error_description").containsEntry("error", "conflict");
        assertThat((String) error.get("error_description")).contains("doc:c1#viewer@user:anne");
        assertThat(read("object=doc:c1", 10)).containsExactly("doc:c1#viewer@user:anne");
    }

    @Test
    void whenADeleteNamesAMissingTupleThenConflictAndNothingIsChanged() {
        assertJson(write(List.of("doc:c2#viewer@user:anne"), List.of()), 200);

        Map<String, Object> error = assertJson(write(List.of("doc:c2#viewer@user:bob"), List.of("doc:c2#viewer@user:zed")), 409);

        assertThat(error).containsEntry("error", "conflict");
        assertThat((String) error.get("error_description")).contains("doc:c2#viewer@user:zed");
        assertThat(read("object=doc:c2", 10)).containsExactly("doc:c2#viewer@user:anne");
    }

    @Test
    void whenATupleIsNotAllowedByTheModelThenInvalidTupleAndNothingIsWritten() {
        assertError(write(List.of("doc:v1#viewer@user:anne", "note:1#viewer@user:anne"), List.of()), 400, "invalid_tuple",
                "tuple 'note:1#viewer@user:anne' is not valid: type 'note' is not defined in the model");
        assertError(write(List.of("doc:v1#reader@user:anne"), List.of()), 400, "invalid_tuple",
                "tuple 'doc:v1#reader@user:anne' is not valid: relation 'reader' is not defined on type 'doc'");
        Map<String, Object> subject = assertJson(write(List.of("doc:v1#parent@user:anne"), List.of()), 400);
        assertThat(subject).containsEntry("error", "invalid_tuple");
        assertThat((String) subject.get("error_description"))
                .startsWith("tuple 'doc:v1#parent@user:anne' is not valid: subject 'user:anne' is not allowed on 'doc#parent'");
        assertThat(read("object=doc:v1", 10)).isEmpty();
    }

    @Test
    void whenATupleIsMalformedThenInvalidInputNamingItsPlace() {
        assertError(write(List.of("doc:m1#viewer@user:anne", "doc:m1viewer@user:anne"), List.of()), 400, "invalid_input",
                "writes[1]: tuple 'doc:m1viewer@user:anne' is not of the form type:id#relation@subject");
        assertError(write(List.of(), List.of("doc:m1#viewer@anne")), 400, "invalid_input",
                "deletes[0]: subject 'anne' is not of the form type:id, type:id#relation or type:*");
        assertError(write(List.of("doc:m 1#viewer@user:anne"), List.of()), 400, "invalid_input",
                "writes[0]: object id 'm 1' contains a character that is not allowed (whitespace, control, #, @ or *)");
        assertThat(read("object=doc:m1", 10)).isEmpty();
    }

    @Test
    void whenABatchIsEmptyTooLargeOrRepeatsATupleThenAnError() {
        assertError(write(List.of(), List.of()), 400, "invalid_input", "a write needs at least one tuple to write or delete");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("doc:big" + i + "#viewer@user:anne");
        }
        assertError(write(many, List.of()), 400, "limit_exceeded", "a batch of 101 tuples is larger than the limit of 100");
        Map<String, Object> twice = assertJson(write(List.of("doc:r1#viewer@user:anne", "doc:r1#viewer@user:anne"), List.of()), 400);
        assertThat(twice).containsEntry("error", "invalid_input");
        assertThat((String) twice.get("error_description")).contains("doc:r1#viewer@user:anne");
        assertThat(read("object=doc:big0", 10)).isEmpty();
        assertThat(read("object=doc:r1", 10)).isEmpty();
    }

    @Test
    void whenTheModelIdIsUnknownThenModelNotFound() {
        HttpResponse<String> r = post(server, "/fga/tuples", writer,
                Map.of("model_id", "01NOSUCHMODEL", "writes", List.of("doc:x#viewer@user:anne")));

        assertError(r, 404, "model_not_found", "authorization model '01NOSUCHMODEL' does not exist");
    }

    @Test
    void whenTheModelIdIsGivenThenTheTuplesAreValidatedAgainstIt() {
        HttpResponse<String> r = post(server, "/fga/tuples", writer,
                Map.of("model_id", model, "writes", List.of("doc:given#viewer@user:anne")));

        assertThat(assertJson(r, 200)).isEqualTo(Map.of("model_id", model));
    }

    @Test
    void whenTheFilterIsMalformedThenInvalidInput() {
        assertError(get(server, "/fga/tuples?object=doc", reader), 400, "invalid_input",
                "object: object 'doc' is not of the form type:id");
        assertError(get(server, "/fga/tuples?object=" + enc("d oc:"), reader), 400, "invalid_input",
                "object: type 'd oc' is not a valid name; use type:id or type:");
        assertError(get(server, "/fga/tuples?relation=" + enc("a b"), reader), 400, "invalid_input",
                "relation: 'a b' is not a valid name");
        assertError(get(server, "/fga/tuples?subject=anne", reader), 400, "invalid_input",
                "subject: subject 'anne' is not of the form type:id, type:id#relation or type:*");
        assertError(get(server, "/fga/tuples?owner=anne", reader), 400, "invalid_request",
                "unknown parameter 'owner' (known: continuation, object, page_size, relation, subject)");
    }

    @Test
    void whenAPageIsTooLargeOrTheContinuationIsNotOursThenAnError() {
        assertError(get(server, "/fga/tuples?page_size=1001", reader), 400, "limit_exceeded",
                "page size 1001 is larger than the limit of 1000");
        assertError(get(server, "/fga/tuples?continuation=nonsense", reader), 400, "invalid_continuation",
                "the continuation token is malformed; pass back the token of the previous page unchanged");
        Map<String, Object> first = assertJson(get(server, "/fga/tuples?page_size=1", reader), 200);
        assertError(get(server, "/fga/tuples?page_size=1&object=doc:&continuation=" + enc((String) first.get("continuation")),
                reader), 400, "invalid_continuation", "the continuation token was issued for a different query");
    }
}
