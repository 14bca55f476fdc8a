package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.CheckRead;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A read-only view of a store plus one request's contextual tuples: every read returns the union,
 * sorted, without duplicates. The contextual tuples are never written and are seen by this request
 * only. Contextual tuples are few (a limit caps them), so each read scans them.
 */
public final class ContextualTupleStore implements TupleStore {

    private final TupleStore base;
    private final List<Tuple> contextual;
    private final Set<Tuple> contextualSet;

    private ContextualTupleStore(TupleStore base, Collection<Tuple> contextual) {
        this.base = base;
        this.contextualSet = new TreeSet<>(contextual);
        this.contextual = List.copyOf(contextualSet);
    }

    /** The store itself when there are no contextual tuples, else a view with them added. */
    public static TupleStore over(TupleStore base, Collection<Tuple> contextual) {
        return contextual.isEmpty() ? base : new ContextualTupleStore(base, contextual);
    }

    @Override
    public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
        throw new UnsupportedOperationException("a request's view with contextual tuples is read-only");
    }

    @Override
    public boolean exists(Tuple tuple) {
        return contextualSet.contains(tuple) || base.exists(tuple);
    }

    @Override
    public List<Tuple> read(ObjectRef object, String relation) {
        return merge(base.read(object, relation),
                t -> t.object().equals(object) && t.relation().equals(relation));
    }

    @Override
    public List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation) {
        return merge(base.readUsersetsAndWildcards(object, relation),
                t -> t.object().equals(object) && t.relation().equals(relation)
                        && (t.subject().isUserset() || t.subject().isWildcard()));
    }

    @Override
    public List<Tuple> readExactAndIndirect(ObjectRef object, String relation, Subject subject) {
        return merge(base.readExactAndIndirect(object, relation, subject),
                t -> t.object().equals(object) && t.relation().equals(relation)
                        && (t.subject().isUserset() || t.subject().isWildcard() || t.subject().equals(subject)));
    }

    @Override
    public List<Tuple> readBySubject(String objectType, String relation, Subject subject) {
        return merge(base.readBySubject(objectType, relation, subject),
                t -> t.object().type().equals(objectType) && t.relation().equals(relation)
                        && t.subject().equals(subject));
    }

    @Override
    public List<Tuple> readBySubjects(String objectType, String relation, Collection<Subject> subjects) {
        Set<Subject> wanted = new java.util.HashSet<>(subjects);
        return merge(base.readBySubjects(objectType, relation, subjects),
                t -> t.object().type().equals(objectType) && t.relation().equals(relation) && wanted.contains(t.subject()));
    }

    @Override
    public List<Tuple> readForCheck(List<CheckRead> reads, Subject subject) {
        return merge(base.readForCheck(reads, subject), t -> {
            for (CheckRead read : reads) {
                if (read.wants(t, subject)) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public boolean prefersObjectReads() {
        return base.prefersObjectReads();
    }

    @Override
    public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
        List<Tuple> merged = merge(base.page(filter, after, limit),
                t -> filter.matches(t) && (after == null || t.compareTo(after) > 0));
        return merged.size() > limit ? merged.subList(0, limit) : merged;
    }

    private List<Tuple> merge(List<Tuple> stored, Predicate<Tuple> matches) {
        List<Tuple> extra = null;
        for (Tuple t : contextual) {
            if (matches.test(t)) {
                if (extra == null) {
                    extra = new ArrayList<>();
                }
                extra.add(t);
            }
        }
        if (extra == null) {
            return stored;
        }
        TreeSet<Tuple> union = new TreeSet<>(stored);
        union.addAll(extra);
        return new ArrayList<>(union);
    }
}
