package dev.scopekeeper.benchmarks.fga;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.CheckRead;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.fga.store.TupleStore;

import java.util.Collection;
import java.util.List;

/** Counts the reads the engine asks of a store: on a SQL store each one is a round trip to the database. */
final class CountingTupleStore implements TupleStore {
    private final TupleStore delegate;
    long exists;
    long read;
    long readUsersets;
    long readBySubject;
    long readExactAndIndirect;
    long readForCheck;
    /** Whether the engine should read each object once, as it does on a SQL store (see TupleStore#prefersObjectReads). */
    private final boolean objectReads;

    CountingTupleStore(TupleStore delegate) {
        this(delegate, false);
    }

    CountingTupleStore(TupleStore delegate, boolean objectReads) {
        this.delegate = delegate;
        this.objectReads = objectReads;
    }

    long total() {
        return exists + read + readUsersets + readBySubject + readExactAndIndirect + readForCheck;
    }

    void reset() {
        exists = 0;
        read = 0;
        readUsersets = 0;
        readBySubject = 0;
        readExactAndIndirect = 0;
        readForCheck = 0;
    }

    @Override
    public boolean prefersObjectReads() {
        return objectReads;
    }

    @Override
    public List<Tuple> readForCheck(List<CheckRead> reads, Subject subject) {
        readForCheck++;
        return delegate.readForCheck(reads, subject);
    }

    @Override
    public void write(Collection<Tuple> writes, Collection<Tuple> deletes) {
        delegate.write(writes, deletes);
    }

    @Override
    public boolean exists(Tuple tuple) {
        exists++;
        return delegate.exists(tuple);
    }

    @Override
    public List<Tuple> read(ObjectRef object, String relation) {
        read++;
        return delegate.read(object, relation);
    }

    @Override
    public List<Tuple> readUsersetsAndWildcards(ObjectRef object, String relation) {
        readUsersets++;
        return delegate.readUsersetsAndWildcards(object, relation);
    }

    @Override
    public List<Tuple> readExactAndIndirect(ObjectRef object, String relation, Subject subject) {
        readExactAndIndirect++;
        return delegate.readExactAndIndirect(object, relation, subject);
    }

    @Override
    public List<Tuple> readBySubject(String objectType, String relation, Subject subject) {
        readBySubject++;
        return delegate.readBySubject(objectType, relation, subject);
    }

    @Override
    public List<Tuple> readBySubjects(String objectType, String relation, Collection<Subject> subjects) {
        readBySubject++;
        return delegate.readBySubjects(objectType, relation, subjects);
    }

    @Override
    public List<Tuple> page(TupleFilter filter, Tuple after, int limit) {
        return delegate.page(filter, after, limit);
    }
}
