package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * List-objects: every object of a type on which the subject has the relation, sorted by id and
 * paged, never truncated. Each page recomputes the candidates (no result cache, so a write is seen
 * by the next page) and resumes strictly after the last id of the previous page; candidates of a
 * relation with intersection or exclusion are confirmed with check, only as many as the page needs.
 */
public final class ObjectListing {

    private ObjectListing() {
    }

    /**
     * The decoded continuation of a request, checked to belong to the same query; null on a first
     * page. The model it names is the one the listing continues with when the request names none.
     */
    public static Continuations.ObjectsPosition position(Requests.ListObjects request) {
        if (request.continuation() == null) {
            return null;
        }
        Continuations.ObjectsPosition position = Continuations.readObjects(request.continuation());
        Continuations.requireQuery(position, queryKey(request));
        if (request.modelId() != null && !request.modelId().equals(position.modelId())) {
            throw Continuations.notThisQuery();
        }
        return position;
    }

    /**
     * @param position from {@link #position}: where the previous page ended, or null for the first page
     */
    public static Requests.Page<ObjectRef> page(CompiledModel model, TupleStore store, Requests.ListObjects request,
                                                Continuations.ObjectsPosition position, FgaLimits limits) {
        model.requireRelation(request.objectType(), request.relation());
        model.requireSubject(request.subject());
        requirePageSize(request.pageSize(), limits);
        String queryKey = queryKey(request);
        RelationInfo target = model.relation(request.objectType(), request.relation());
        TreeMap<String, Integer> candidates = ReverseExpansion.candidates(model, store, request.subject(), target);
        int maxDepth = Math.min(limits.maxDepth(), Checker.MAX_DEPTH);
        if (target.exact) {
            List<String> tooDeep = ReverseExpansion.beyond(candidates, maxDepth);
            if (!tooDeep.isEmpty()) {
                throw Checker.depthExceeded("listing the " + request.objectType() + " objects with "
                        + request.relation() + " for " + request.subject(), maxDepth,
                        request.objectType() + ":" + tooDeep.get(0) + "#" + request.relation());
            }
        }
        NavigableMap<String, Integer> rest = position == null ? candidates : candidates.tailMap(position.lastId(), false);
        List<ObjectRef> items = new ArrayList<>(Math.min(request.pageSize(), rest.size()));
        boolean more = false;
        for (Map.Entry<String, Integer> e : rest.entrySet()) {
            ObjectRef object = new ObjectRef(request.objectType(), e.getKey());
            if (!target.exact && !Checker.check(model, store, object, request.relation(), request.subject(), maxDepth)) {
                continue;
            }
            if (items.size() == request.pageSize()) {
                more = true;
                break;
            }
            items.add(object);
        }
        String continuation = more
                ? Continuations.objects(model.id(), queryKey, items.get(items.size() - 1).id())
                : null;
        return new Requests.Page<>(items, continuation);
    }

    public static void requirePageSize(int pageSize, FgaLimits limits) {
        if (pageSize < 1) {
            throw FgaException.invalidInput("page size must be at least 1, got " + pageSize);
        }
        if (pageSize > limits.maxPageSize()) {
            throw new FgaException(FgaException.Code.LIMIT_EXCEEDED,
                    "page size " + pageSize + " is larger than the limit of " + limits.maxPageSize());
        }
    }

    /** What identifies the query a continuation belongs to (the model id is kept beside it). */
    private static String queryKey(Requests.ListObjects r) {
        StringBuilder b = new StringBuilder("objects\n").append(r.objectType()).append('\n')
                .append(r.relation()).append('\n').append(r.subject());
        for (Tuple t : new TreeSet<>(r.contextualTuples())) {
            b.append('\n').append(t);
        }
        return b.toString();
    }
}
