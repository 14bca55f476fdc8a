package dev.scopekeeper.fga;

import dev.scopekeeper.fga.dsl.ModelDsl;
import dev.scopekeeper.fga.engine.Checker;
import dev.scopekeeper.fga.engine.CompiledModel;
import dev.scopekeeper.fga.engine.ContextualTupleStore;
import dev.scopekeeper.fga.engine.Continuations;
import dev.scopekeeper.fga.engine.Expansion;
import dev.scopekeeper.fga.engine.ModelCache;
import dev.scopekeeper.fga.engine.ModelIds;
import dev.scopekeeper.fga.engine.ObjectListing;
import dev.scopekeeper.fga.engine.UserListing;
import dev.scopekeeper.fga.model.AuthorizationModel;
import dev.scopekeeper.fga.model.ModelValidator;
import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.StoredModel;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.fga.store.TupleStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The relationship engine: models, tuples and the four queries. Thread-safe. Keeps no tuple cache,
 * so a write is visible to the next query (read-your-writes); parsed models are cached by id
 * (they are immutable). "The latest model" is asked of the model store on every request, so a
 * model written through another node is used at once.
 */
public final class Fga {

    /** Parsed models kept per node; a model is small, and few versions are in use at a time. */
    private static final int MODEL_CACHE_SIZE = 32;

    private final TupleStore tuples;
    private final ModelStore models;
    private final FgaLimits limits;
    private final Clock clock;
    private final ModelIds ids;
    private final ModelCache cache = new ModelCache(MODEL_CACHE_SIZE);

    public Fga(TupleStore tuples, ModelStore models, FgaLimits limits) {
        this(tuples, models, limits, Clock.systemUTC());
    }

    /**
     * @param clock stamps model versions and orders their ids
     * @throws IllegalArgumentException if {@code limits.maxDepth()} is above {@link Checker#MAX_DEPTH}
     */
    public Fga(TupleStore tuples, ModelStore models, FgaLimits limits, Clock clock) {
        this.tuples = Objects.requireNonNull(tuples, "tuples");
        this.models = Objects.requireNonNull(models, "models");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (limits.maxDepth() > Checker.MAX_DEPTH) {
            // Check recurses once per hop; a bounded budget keeps it far from the Java stack's end.
            throw new IllegalArgumentException("maxDepth " + limits.maxDepth() + " is above the supported maximum of "
                    + Checker.MAX_DEPTH + " hops");
        }
        this.ids = new ModelIds(clock, new SecureRandom());
    }

    /** Parses, validates and stores a new model version; returns its id. */
    public String writeModel(String dsl) {
        if (dsl == null) {
            throw FgaException.invalidInput("the model DSL is required");
        }
        AuthorizationModel model = ModelDsl.parse(dsl);
        ModelValidator.validate(model);
        return save(model, dsl);
    }

    /** Stores a model already parsed from {@code dsl} (and validated) as a new version. */
    private String save(AuthorizationModel model, String dsl) {
        String id = ids.next();
        CompiledModel compiled = new CompiledModel(id, model);
        models.save(new StoredModel(id, dsl, clock.instant()));
        cache.put(compiled);
        return id;
    }

    public Requests.WriteResult write(Requests.Write request) {
        Objects.requireNonNull(request, "request");
        int size = request.writes().size() + request.deletes().size();
        if (size == 0) {
            throw FgaException.invalidInput("a write needs at least one tuple to write or delete");
        }
        if (size > limits.maxBatch()) {
            throw new FgaException(FgaException.Code.LIMIT_EXCEEDED, "a batch of " + size
                    + " tuples is larger than the limit of " + limits.maxBatch());
        }
        CompiledModel model = model(request.modelId());
        for (Tuple t : request.writes()) {
            model.model().validate(Objects.requireNonNull(t, "tuple"));
        }
        // Deletes are not validated: a tuple must stay deletable after the model that allowed it changed.
        tuples.write(request.writes(), request.deletes());
        return new Requests.WriteResult(model.id());
    }

    public Requests.CheckResult check(Requests.Check request) {
        CompiledModel model = model(request.modelId());
        ObjectRef object = requireObject(request.object());
        model.requireRelation(object.type(), request.relation());
        model.requireSubject(request.subject());
        TupleStore view = withContext(model, request.contextualTuples());
        boolean allowed = Checker.check(model, view, object, request.relation(), request.subject(), limits.maxDepth());
        return new Requests.CheckResult(allowed, model.id());
    }

    public Requests.Page<ObjectRef> listObjects(Requests.ListObjects request) {
        Continuations.ObjectsPosition position = ObjectListing.position(request);
        // A continued listing stays on the model of its first page, even if a newer one was written.
        CompiledModel model = model(position != null ? position.modelId() : request.modelId());
        TupleStore view = withContext(model, request.contextualTuples());
        return ObjectListing.page(model, view, request, position, limits);
    }

    public List<Subject> listUsers(Requests.ListUsers request) {
        CompiledModel model = model(request.modelId());
        TupleStore view = withContext(model, request.contextualTuples());
        return UserListing.list(model, view, request, limits);
    }

    public ExpandNode expand(Requests.Expand request) {
        CompiledModel model = model(request.modelId());
        ObjectRef object = requireObject(request.object());
        model.requireRelation(object.type(), request.relation());
        return Expansion.expand(model, tuples, object, request.relation());
    }

    /** One page of stored tuples matching the filter (null: all), sorted. */
    public Requests.Page<Tuple> readTuples(TupleFilter filter, int pageSize, String continuation) {
        TupleFilter f = filter == null ? TupleFilter.ALL : filter;
        ObjectListing.requirePageSize(pageSize, limits);
        String filterKey = "tuples\n" + f.objectType() + "\n" + f.objectId() + "\n" + f.relation() + "\n" + f.subject();
        Tuple after = continuation == null ? null : Continuations.readTuples(continuation, filterKey);
        List<Tuple> page = tuples.page(f, after, pageSize + 1);
        if (page.size() <= pageSize) {
            return new Requests.Page<>(page, null);
        }
        List<Tuple> items = page.subList(0, pageSize);
        return new Requests.Page<>(items, Continuations.tuples(filterKey, items.get(pageSize - 1)));
    }

    private CompiledModel model(String modelId) {
        if (modelId == null) {
            StoredModel latest = models.latest().orElseThrow(() -> new FgaException(FgaException.Code.MODEL_NOT_FOUND,
                    "no authorization model has been written yet"));
            return cache.get(latest.id(), id -> compile(latest));
        }
        CompiledModel cached = cache.get(modelId);
        if (cached != null) {
            return cached;
        }
        StoredModel stored = models.find(modelId).orElseThrow(() -> new FgaException(FgaException.Code.MODEL_NOT_FOUND,
                "authorization model '" + Identifiers.printable(modelId) + "' does not exist"));
        return cache.get(stored.id(), id -> compile(stored));
    }

    private static CompiledModel compile(StoredModel stored) {
        // Stored models were validated when written; parsing again only restores the structure.
        return new CompiledModel(stored.id(), ModelDsl.parse(stored.dsl()));
    }

    private static ObjectRef requireObject(ObjectRef object) {
        if (object == null) {
            throw FgaException.invalidInput("an object is required");
        }
        return object;
    }

    /** The tuple store as this request sees it: with its contextual tuples, validated against the model. */
    private TupleStore withContext(CompiledModel model, List<Tuple> contextual) {
        if (contextual.isEmpty()) {
            return tuples;
        }
        if (contextual.size() > limits.maxContextualTuples()) {
            throw new FgaException(FgaException.Code.LIMIT_EXCEEDED, contextual.size()
                    + " contextual tuples are more than the limit of " + limits.maxContextualTuples());
        }
        Set<Tuple> seen = new HashSet<>();
        for (Tuple t : contextual) {
            if (t == null) {
                throw FgaException.invalidInput("a contextual tuple must not be null");
            }
            model.model().validate(t);
            if (!seen.add(t)) {
                throw FgaException.invalidInput("contextual tuple '" + t + "' is named twice");
            }
        }
        return ContextualTupleStore.over(tuples, contextual);
    }
}
