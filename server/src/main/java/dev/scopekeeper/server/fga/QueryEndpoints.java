package dev.scopekeeper.server.fga;

import dev.scopekeeper.fga.ExpandNode;
import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.http.Route;
import dev.scopekeeper.server.policy.BuiltInApis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The four queries, each a POST of a JSON request ({@code fga.read}): {@code /fga/check},
 * {@code /fga/list-objects} (a page at a time), {@code /fga/list-users} and {@code /fga/expand}.
 * A missing {@code model_id} means the latest model; the answer names the model it used where the
 * engine reports it.
 */
public final class QueryEndpoints {
    public static final String CHECK = "/fga/check";
    public static final String LIST_OBJECTS = "/fga/list-objects";
    public static final String LIST_USERS = "/fga/list-users";
    public static final String EXPAND = "/fga/expand";

    private final FgaHttp http;
    private final Fga fga;
    private final FgaLimits limits;

    public QueryEndpoints(FgaHttp http, Fga fga, FgaLimits limits) {
        this.http = http;
        this.fga = fga;
        this.limits = limits;
    }

    public List<Route> routes() {
        return List.of(
                FgaHttp.post(CHECK, "fga-check", http.require(BuiltInApis.FGA_READ, this::check)),
                FgaHttp.post(LIST_OBJECTS, "fga-list-objects", http.require(BuiltInApis.FGA_READ, this::listObjects)),
                FgaHttp.post(LIST_USERS, "fga-list-users", http.require(BuiltInApis.FGA_READ, this::listUsers)),
                FgaHttp.post(EXPAND, "fga-expand", http.require(BuiltInApis.FGA_READ, this::expand)));
    }

    private Response check(Request request) {
        JsonBody body = JsonBody.read(request, Set.of("model_id", "object", "relation", "subject", "contextual_tuples"));
        Requests.CheckResult result = fga.check(new Requests.Check(body.optionalString("model_id"),
                object(body), body.requiredString("relation"), subject(body),
                FgaValues.tuples("contextual_tuples", body.optionalStrings("contextual_tuples"))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allowed", result.allowed());
        out.put("model_id", result.modelId());
        return FgaHttp.ok(out);
    }

    private Response listObjects(Request request) {
        JsonBody body = JsonBody.read(request, Set.of("model_id", "type", "relation", "subject", "contextual_tuples",
                "page_size", "continuation"));
        Requests.Page<ObjectRef> page = fga.listObjects(new Requests.ListObjects(body.optionalString("model_id"),
                body.requiredString("type"), body.requiredString("relation"), subject(body),
                FgaValues.tuples("contextual_tuples", body.optionalStrings("contextual_tuples")),
                FgaValues.pageSize(body.optionalInt("page_size"), limits), body.optionalString("continuation")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("objects", page.items().stream().map(ObjectRef::toString).toList());
        out.put("continuation", page.continuation());
        return FgaHttp.ok(out);
    }

    private Response listUsers(Request request) {
        JsonBody body = JsonBody.read(request, Set.of("model_id", "object", "relation", "subject_types", "contextual_tuples"));
        List<Subject> subjects = fga.listUsers(new Requests.ListUsers(body.optionalString("model_id"), object(body),
                body.requiredString("relation"), body.requiredStrings("subject_types"),
                FgaValues.tuples("contextual_tuples", body.optionalStrings("contextual_tuples"))));
        return FgaHttp.ok(Map.of("subjects", subjects.stream().map(Subject::toString).toList()));
    }

    private Response expand(Request request) {
        JsonBody body = JsonBody.read(request, Set.of("model_id", "object", "relation"));
        ExpandNode tree = fga.expand(new Requests.Expand(body.optionalString("model_id"), object(body),
                body.requiredString("relation")));
        return FgaHttp.ok(Map.of("tree", ExpandJson.of(tree)));
    }

    private static ObjectRef object(JsonBody body) {
        return FgaValues.object("object", body.requiredString("object"));
    }

    private static Subject subject(JsonBody body) {
        return FgaValues.subject("subject", body.requiredString("subject"));
    }
}
