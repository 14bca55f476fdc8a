package dev.scopekeeper.fga.store;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Tuple;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Checks on a write batch that every {@link TupleStore} makes the same way, before it looks at what is stored. */
public final class TupleBatches {

    private TupleBatches() {
    }

    /**
     * Rejects a tuple named twice (in writes, in deletes, or in both) before the stored state is
     * consulted, so a malformed batch gets the same answer whatever is stored. OpenFGA likewise
     * rejects a request that writes and deletes the same tuple.
     *
     * @throws FgaException {@code INVALID_INPUT} naming the first repeated tuple (deletes, then writes)
     */
    public static void requireNamedOnce(Collection<Tuple> writes, Collection<Tuple> deletes) {
        Set<Tuple> named = new HashSet<>();
        for (Tuple t : deletes) {
            requireNew(named, t);
        }
        for (Tuple t : writes) {
            requireNew(named, t);
        }
    }

    private static void requireNew(Set<Tuple> named, Tuple t) {
        if (!named.add(t)) {
            throw FgaException.invalidInput("tuple '" + t + "' is named twice in one batch");
        }
    }
}
