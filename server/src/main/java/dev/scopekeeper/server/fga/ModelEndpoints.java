package dev.scopekeeper.server.fga;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.Identifiers;
import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.StoredModel;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.http.Route;
import dev.scopekeeper.server.policy.BuiltInApis;
import dev.scopekeeper.server.protocol.FormParameters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model versions: {@code POST /fga/models} writes one ({@code fga.model.write}); {@code GET
 * /fga/models} lists them newest first, {@code GET /fga/models/latest} and {@code /fga/models/{id}}
 * show one with its DSL ({@code fga.read}). Models are immutable, so reading goes straight to the
 * store; writing goes through the engine, which parses and validates.
 */
public final class ModelEndpoints {
    public static final String MODELS = "/fga/models";
    public static final String LATEST = "latest";
    private static final String CONTINUATION_PREFIX = "models:";

    private final FgaHttp http;
    private final Fga fga;
    private final ModelStore models;
    private final FgaLimits limits;

    public ModelEndpoints(FgaHttp http, Fga fga, ModelStore models, FgaLimits limits) {
        this.http = http;
        this.fga = fga;
        this.models = models;
        this.limits = limits;
    }

    public List<Route> routes() {
        return List.of(
                FgaHttp.getAndPost(MODELS, "fga-models", http.require(BuiltInApis.FGA_READ, this::list),
                        http.require(BuiltInApis.FGA_MODEL_WRITE, this::write)),
                FgaHttp.get(MODELS + "/{id}", "fga-model", http.require(BuiltInApis.FGA_READ, this::show)));
    }

    private Response write(Request request) {
        JsonBody body = JsonBody.read(request, Set.of("dsl"));
        String id = fga.writeModel(body.requiredString("dsl"));
        return FgaHttp.created(Map.of("model_id", id), MODELS + "/" + id);
    }

    private Response show(Request request) {
        FgaValues.query(request, Set.of());
        String id = request.path().substring(request.path().lastIndexOf('/') + 1);
        StoredModel model = (LATEST.equals(id) ? models.latest() : models.find(id)).orElseThrow(() ->
                new FgaException(FgaException.Code.MODEL_NOT_FOUND, LATEST.equals(id) ? "no model has been written yet"
                        : "no model with id '" + Identifiers.printable(id) + "'"));
        Map<String, Object> out = summary(model);
        out.put("dsl", model.dsl());
        return FgaHttp.ok(out);
    }

    private Response list(Request request) {
        FormParameters params = FgaValues.query(request, Set.of("page_size", "continuation"));
        int pageSize = FgaValues.pageSize(FgaValues.integer(params, "page_size"), limits);
        String after = decode(params.single("continuation"));
        List<StoredModel> page = olderThan(after, pageSize + 1);
        boolean more = page.size() > pageSize;
        List<Map<String, Object>> items = new ArrayList<>();
        for (StoredModel m : more ? page.subList(0, pageSize) : page) {
            items.add(summary(m));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", items);
        out.put("continuation", more ? encode(page.get(pageSize - 1).id()) : null);
        return FgaHttp.ok(out);
    }

    /**
     * Up to {@code count} models, newest first, older than the model {@code after} (null: from the
     * newest). Ids sort in write order, so "older" is "smaller id". The store lists only from the
     * newest, so the window grows until it reaches past {@code after}; model versions are few.
     */
    private List<StoredModel> olderThan(String after, int count) {
        for (long window = count; ; window *= 2) {
            int limit = (int) Math.min(window + (after == null ? 0 : 1), Integer.MAX_VALUE);
            List<StoredModel> newest = models.list(limit);
            List<StoredModel> older = after == null ? newest
                    : newest.stream().filter(m -> m.id().compareTo(after) < 0).toList();
            if (older.size() >= count || newest.size() < limit || limit == Integer.MAX_VALUE) {
                return older.size() > count ? older.subList(0, count) : older;
            }
        }
    }

    private static Map<String, Object> summary(StoredModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", m.id());
        out.put("created_at", m.createdAt().toString());
        return out;
    }

    private static String encode(String lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CONTINUATION_PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String continuation) {
        if (continuation == null) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(continuation), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = "";
        }
        if (!text.startsWith(CONTINUATION_PREFIX) || text.length() == CONTINUATION_PREFIX.length()) {
            throw new FgaException(FgaException.Code.INVALID_CONTINUATION,
                    "continuation is not one this server issued for listing models");
        }
        return text.substring(CONTINUATION_PREFIX.length());
    }
}
