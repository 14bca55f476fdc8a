package dev.scopekeeper.server.fga;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.http.Route;
import dev.scopekeeper.server.policy.BuiltInApis;
import dev.scopekeeper.server.protocol.FormParameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The relationship tuples: {@code POST /fga/tuples} writes and deletes one atomic batch
 * ({@code fga.write}); {@code GET /fga/tuples} reads them a page at a time, filtered by object
 * ({@code type:id} or every object of a type, {@code type:}), relation and subject ({@code fga.read}).
 */
public final class TupleEndpoints {
    public static final String TUPLES = "/fga/tuples";

    private final FgaHttp http;
    private final Fga fga;
    private final FgaLimits limits;

    public TupleEndpoints(FgaHttp http, Fga fga, FgaLimits limits) {
        this.http = http;
        this.fga = fga;
        this.limits = limits;
    }

    public List<Route> routes() {
        return List.of(FgaHttp.getAndPost(TUPLES, "fga-tuples", http.require(BuiltInApis.FGA_READ, this::read),
                http.require(BuiltInApis.FGA_WRITE, this::write)));
    }

    private Response write(Request request) {
        JsonBody body = JsonBody.read(request, Set.of("model_id", "writes", "deletes"));
        String modelId = body.optionalString("model_id");
        List<Tuple> writes = FgaValues.tuples("writes", body.optionalStrings("writes"));
        List<Tuple> deletes = FgaValues.tuples("deletes", body.optionalStrings("deletes"));
        Requests.WriteResult result = fga.write(new Requests.Write(modelId, writes, deletes));
        return FgaHttp.ok(Map.of("model_id", result.modelId()));
    }

    private Response read(Request request) {
        FormParameters params = FgaValues.query(request, Set.of("object", "relation", "subject", "page_size", "continuation"));
        int pageSize = FgaValues.pageSize(FgaValues.integer(params, "page_size"), limits);
        TupleFilter filter = TupleFilters.parse(params.single("object"), params.single("relation"), params.single("subject"));
        Requests.Page<Tuple> page = fga.readTuples(filter, pageSize, params.single("continuation"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tuples", page.items().stream().map(Tuple::toString).toList());
        out.put("continuation", page.continuation());
        return FgaHttp.ok(out);
    }
}
