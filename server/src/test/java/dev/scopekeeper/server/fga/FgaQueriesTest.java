package dev.scopekeeper.server.fga;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.server.fga.FgaTesting.assertError;
import static dev.scopekeeper.server.fga.FgaTesting.assertJson;
import static dev.scopekeeper.server.fga.FgaTesting.post;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /fga/check, /fga/list-objects, /fga/list-users and /fga/expand on the JDBC stores. */
class FgaQueriesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(FgaTesting.CONFIG);
    static String model;
    static String writer;
    static String reader;

    /** carl is in eng; eng views folder:q; doc:q1 and doc:q2 are in it; anne owns doc:q1; dave is blocked on doc:q2. */
    @BeforeAll
    static void relationships() {
        model = FgaTesting.writeModel(server, FgaTesting.MODEL);
        writer = FgaTesting.writerToken(server);
        reader = FgaTesting.readerToken(server);
        write(List.of("group:eng#member@user:carl", "group:eng#member@user:dave", "folder:q#viewer@group:eng#member",
                "doc:q1#parent@folder:q", "doc:q2#parent@folder:q", "doc:q1#owner@user:anne", "doc:q2#blocked@user:dave"),
                List.of());
    }

    static void write(List<String> writes, List<String> deletes) {
        assertJson(post(server, "/fga/tuples", writer, Map.of("writes", writes, "deletes", deletes)), 200);
    }

    static HttpResponse<String> check(String object, String relation, String subject, String... contextual) {
        Map<String, Object> body = new HashMap<>(Map.of("object", object, "relation", relation, "subject", subject));
        if (contextual.length > 0) {
            body.put("contextual_tuples", List.of(contextual));
        }
        return post(server, "/fga/check", reader, body);
    }

    static boolean allowed(String object, String relation, String subject, String... contextual) {
        Map<String, Object> body = assertJson(check(object, relation, subject, contextual), 200);
        assertThat(body).containsOnlyKeys("allowed", "model_id").containsEntry("model_id", model);
        return (Boolean) body.get("allowed");
    }

    @Test
    void whenASubjectIsRelatedThroughGroupsAndFoldersThenCheckAllowsIt() {
        assertThat(allowed("doc:q1", "viewer", "user:carl")).isTrue();
        assertThat(allowed("doc:q1", "viewer", "user:anne")).isTrue();
        assertThat(allowed("doc:q1", "editor", "user:carl")).isFalse();
        assertThat(allowed("doc:q1", "viewer", "user:erin")).isFalse();
        // "but not blocked": dave is in eng, but blocked on doc:q2.
        assertThat(allowed("doc:q1", "viewer", "user:dave")).isTrue();
        assertThat(allowed("doc:q2", "viewer", "user:dave")).isFalse();
    }

    @Test
    void whenATupleIsWrittenThenTheNextCheckSeesItAndAfterItsDeleteNoLonger() {
        assertThat(allowed("doc:ryw", "viewer", "user:frank")).isFalse();

        write(List.of("doc:ryw#viewer@user:frank"), List.of());
        assertThat(allowed("doc:ryw", "viewer", "user:frank")).isTrue();

        write(List.of(), List.of("doc:ryw#viewer@user:frank"));
        assertThat(allowed("doc:ryw", "viewer", "user:frank")).isFalse();
    }

    @Test
    void whenContextualTuplesAreGivenThenTheyCountForThatRequestOnly() {
        assertThat(allowed("doc:ctx", "viewer", "user:gina", "doc:ctx#viewer@user:gina")).isTrue();
        assertThat(allowed("doc:ctx", "viewer", "user:gina")).isFalse();
        assertError(check("doc:ctx", "viewer", "user:gina", "doc:ctx#parent@user:gina"), 400, "invalid_tuple",
                "tuple 'doc:ctx#parent@user:gina' is not valid: subject 'user:gina' is not allowed on 'doc#parent' (allowed: [folder])");
        assertError(check("doc:ctx", "viewer", "user:gina", "doc:ctx"), 400, "invalid_input",
                "contextual_tuples[0]: tuple 'doc:ctx' is not of the form type:id#relation@subject");
    }

    @Test
    void whenTheModelIdIsNamedThenItIsUsedAndAnUnknownOneIsNotFound() {
        Map<String, Object> body = new HashMap<>(Map.of("object", "doc:q1", "relation", "viewer", "subject", "user:carl"));
        body.put("model_id", model);
        assertThat(assertJson(post(server, "/fga/check", reader, body), 200)).isEqualTo(Map.of("allowed", true, "model_id", model));

        body.put("model_id", "01NOSUCHMODEL");
        assertError(post(server, "/fga/check", reader, body), 404, "model_not_found",
                "authorization model '01NOSUCHMODEL' does not exist");
    }

    @Test
    void whenTheQueryNamesWhatTheModelLacksThenInvalidInput() {
        assertError(check("note:1", "viewer", "user:carl"), 400, "invalid_input", "type 'note' is not defined in model " + model);
        assertError(check("doc:1", "reader", "user:carl"), 400, "invalid_input",
                "relation 'reader' is not defined on type 'doc' in model " + model);
        assertError(check("doc:1", "viewer", "robot:r2"), 400, "invalid_input",
                "subject type 'robot' is not defined in model " + model);
        assertError(check("doc", "viewer", "user:carl"), 400, "invalid_input", "object: object 'doc' is not of the form type:id");
        assertError(check("doc:1", "viewer", "carl"), 400, "invalid_input",
                "subject: subject 'carl' is not of the form type:id, type:id#relation or type:*");
    }

    // OpenFGA: resolution stops at the depth budget (25) with an error, never a wrong answer or a stack overflow.
    @Test
    void whenGroupsNestDeeperThanTheBudgetThenDepthExceeded() {
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            chain.add("group:deep" + i + "#member@group:deep" + (i + 1) + "#member");
        }
        chain.add("group:deep30#member@user:hal");
        write(chain, List.of());

        Map<String, Object> body = assertJson(check("group:deep0", "member", "user:hal"), 422);

        assertThat(body).containsOnlyKeys("error", "error_description").containsEntry("error", "depth_exceeded");
        assertThat((String) body.get("error_description")).startsWith("checking group:deep0#member for user:hal needs more than 25 hops");
        assertThat(allowed("group:deep20", "member", "user:hal")).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenObjectsAreListedThenAllComeSortedAPageAtATime() {
        Map<String, Object> request = new HashMap<>(Map.of("type", "doc", "relation", "viewer", "subject", "user:carl", "page_size", 1));
        Map<String, Object> first = assertJson(post(server, "/fga/list-objects", reader, request), 200);
        assertThat(first).containsOnlyKeys("objects", "continuation").containsEntry("objects", List.of("doc:q1"));

        request.put("continuation", first.get("continuation"));
        Map<String, Object> second = assertJson(post(server, "/fga/list-objects", reader, request), 200);
        assertThat(second.get("objects")).isEqualTo(List.of("doc:q2"));
        List<Object> rest = new ArrayList<>((List<Object>) second.get("objects"));
        Object continuation = second.get("continuation");
        while (continuation != null) {
            request.put("continuation", continuation);
            Map<String, Object> page = assertJson(post(server, "/fga/list-objects", reader, request), 200);
            rest.addAll((List<Object>) page.get("objects"));
            continuation = page.get("continuation");
        }
        assertThat(rest).isEqualTo(List.of("doc:q2"));

        Map<String, Object> dave = assertJson(post(server, "/fga/list-objects", reader,
                Map.of("type", "doc", "relation", "viewer", "subject", "user:dave")), 200);
        assertThat(dave).containsOnlyKeys("objects", "continuation").containsEntry("objects", List.of("doc:q1"))
                .containsEntry("continuation", null);
    }

    @Test
    void whenAListOfObjectsIsContinuedWrongOrTooLargeThenAnError() {
        assertError(post(server, "/fga/list-objects", reader, Map.of("type", "doc", "relation", "viewer", "subject", "user:carl",
                "continuation", "nonsense")), 400, "invalid_continuation",
                "the continuation token is malformed; pass back the token of the previous page unchanged");
        assertError(post(server, "/fga/list-objects", reader, Map.of("type", "doc", "relation", "viewer", "subject", "user:carl",
                "page_size", 5000)), 400, "limit_exceeded", "page size 5000 is larger than the limit of 1000");
    }

    @Test
    void whenUsersAreListedThenEveryKindAsked() {
        Map<String, Object> users = assertJson(post(server, "/fga/list-users", reader, Map.of("object", "doc:q1",
                "relation", "viewer", "subject_types", List.of("user"))), 200);
        assertThat(users).isEqualTo(Map.of("subjects", List.of("user:anne", "user:carl", "user:dave")));

        Map<String, Object> groups = assertJson(post(server, "/fga/list-users", reader, Map.of("object", "folder:q",
                "relation", "viewer", "subject_types", List.of("group#member"))), 200);
        assertThat(groups).isEqualTo(Map.of("subjects", List.of("group:eng#member")));

        assertError(post(server, "/fga/list-users", reader, Map.of("object", "doc:q1", "relation", "viewer",
                "subject_types", List.of("robot"))), 400, "invalid_input",
                "subject type 'robot' is not defined in model " + model + " (expected type or type#relation)");
    }

    @Test
    void whenARelationIsExpandedThenTheTreeFollowsItsRewrite() {
        Map<String, Object> body = assertJson(post(server, "/fga/expand", reader,
                Map.of("object", "folder:q", "relation", "viewer")), 200);

        String name = "folder:q#viewer";
        assertThat(body).isEqualTo(Map.of("tree", Map.of("name", name, "union", List.of(
                Map.of("name", name, "direct", List.of("group:eng#member")),
                Map.of("name", name, "computed", "folder:q#owner"),
                Map.of("name", name, "tupleset", "folder:q#parent", "usersets", List.of())))));
    }

    @Test
    void whenAnExclusionIsExpandedThenBaseAndSubtractAreShown() {
        Map<String, Object> body = assertJson(post(server, "/fga/expand", reader,
                Map.of("object", "doc:q2", "relation", "viewer")), 200);

        String name = "doc:q2#viewer";
        assertThat(body).isEqualTo(Map.of("tree", Map.of("name", name,
                "base", Map.of("name", name, "union", List.of(
                        Map.of("name", name, "direct", List.of()),
                        Map.of("name", name, "computed", "doc:q2#editor"),
                        Map.of("name", name, "tupleset", "doc:q2#parent", "usersets", List.of("folder:q#viewer")))),
                "subtract", Map.of("name", name, "computed", "doc:q2#blocked"))));
    }
}
