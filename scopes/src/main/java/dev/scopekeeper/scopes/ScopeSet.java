package dev.scopekeeper.scopes;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An immutable, case-sensitive set of scopes (RFC 6749 §3.3: the order of tokens does not
 * matter). Iteration and {@link #toString()} follow {@link String#compareTo} order, so equal
 * sets always render the same string.
 *
 * <p>Backed by a sorted, duplicate-free {@code String[]}; membership is a binary search and
 * the set operations are linear merges.
 */
public final class ScopeSet implements Iterable<Scope> {

    private static final String[] NO_VALUES = new String[0];
    private static final ScopeSet EMPTY = new ScopeSet(NO_VALUES);

    /** Sorted, distinct, every element a valid scope-token. Never exposed. */
    private final String[] values;
    /** Cached; racy initialisation is benign as with String.hash. */
    private String text;
    private int hash;

    private ScopeSet(String[] sortedDistinct) {
        this.values = sortedDistinct;
    }

    /**
     * Parses a scope parameter strictly: tokens separated by exactly one SP, no leading,
     * trailing or repeated spaces, no other whitespace. Null or "" is rejected; a caller
     * holding an absent or empty parameter must treat it as omitted first (RFC 6749 §3.1),
     * e.g. with {@link #parseOrEmpty}.
     *
     * @throws InvalidScopeException if {@code s} is not an RFC 6749 §3.3 scope or exceeds the
     *     limits in {@link ScopeSyntax}
     */
    public static ScopeSet parse(String s) {
        if (s == null) {
            throw InvalidScopeException.nullString();
        }
        // RFC 6749 §3.3: scope = scope-token *( SP scope-token ), so at least one token
        if (s.isEmpty()) {
            throw InvalidScopeException.emptyString();
        }
        int len = s.length();
        // Limits come first so that a huge string is rejected without being tokenised
        if (len > ScopeSyntax.MAX_SCOPE_STRING_LENGTH) {
            throw InvalidScopeException.tooLong();
        }
        int separators = 0;
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) == ScopeSyntax.SP) {
                separators++;
            }
        }
        if (separators >= ScopeSyntax.MAX_TOKENS) {
            throw InvalidScopeException.tooManyTokens();
        }
        String[] tokens = new String[separators + 1];
        int count = 0;
        int start = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c == ScopeSyntax.SP) {
                // RFC 6749 §3.3: exactly one SP between non-empty tokens
                if (i == start) {
                    throw start == 0 ? InvalidScopeException.leadingSpace() : InvalidScopeException.doubleSpace(i - 1);
                }
                tokens[count++] = s.substring(start, i);
                start = i + 1;
            } else if (!ScopeSyntax.isTokenChar(c)) {
                int end = s.indexOf(ScopeSyntax.SP, i);
                throw InvalidScopeException.badChar(s.substring(start, end < 0 ? len : end), i - start);
            }
        }
        // RFC 6749 §3.3: the string may not end with SP
        if (start == len) {
            throw InvalidScopeException.trailingSpace(len - 1);
        }
        tokens[count] = s.substring(start);
        return sortAndDedupe(tokens);
    }

    /** {@link #parse}, except that null or "" (an omitted parameter, RFC 6749 §3.1) yields the empty set. */
    public static ScopeSet parseOrEmpty(String s) {
        return s == null || s.isEmpty() ? EMPTY : parse(s);
    }

    /** A set of the given tokens; duplicates collapse. No count or length limit applies. */
    public static ScopeSet of(String... values) {
        String[] copy = values.clone();
        for (String v : copy) {
            ScopeSyntax.requireValidToken(v);
        }
        return sortAndDedupe(copy);
    }

    /** A set of the given tokens; duplicates collapse. No count or length limit applies. */
    public static ScopeSet of(Collection<String> values) {
        return of(values.toArray(String[]::new));
    }

    public static ScopeSet ofScopes(Collection<Scope> scopes) {
        String[] copy = new String[scopes.size()];
        int i = 0;
        for (Scope scope : scopes) {
            copy[i++] = scope.value();
        }
        return sortAndDedupe(copy);
    }

    public static ScopeSet empty() {
        return EMPTY;
    }

    /** Sorts in place and drops duplicates; callers guarantee every element is a valid token. */
    static ScopeSet sortAndDedupe(String[] tokens) {
        if (tokens.length == 0) {
            return EMPTY;
        }
        Arrays.sort(tokens);
        int n = 1;
        for (int i = 1; i < tokens.length; i++) {
            if (!tokens[i].equals(tokens[n - 1])) {
                tokens[n++] = tokens[i];
            }
        }
        return new ScopeSet(n == tokens.length ? tokens : Arrays.copyOf(tokens, n));
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    public int size() {
        return values.length;
    }

    public boolean contains(String value) {
        return value != null && Arrays.binarySearch(values, value) >= 0;
    }

    public boolean contains(Scope scope) {
        return scope != null && contains(scope.value());
    }

    /** True iff every member of {@code other} is in this set. */
    public boolean containsAll(ScopeSet other) {
        String[] b = other.values;
        if (b.length > values.length) {
            return false;
        }
        int i = 0;
        for (String wanted : b) {
            while (i < values.length && values[i].compareTo(wanted) < 0) {
                i++;
            }
            if (i == values.length || !values[i].equals(wanted)) {
                return false;
            }
            i++;
        }
        return true;
    }

    public ScopeSet union(ScopeSet other) {
        if (other.values.length == 0 || other == this) {
            return this;
        }
        if (values.length == 0) {
            return other;
        }
        String[] a = values;
        String[] b = other.values;
        String[] out = new String[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            int cmp = a[i].compareTo(b[j]);
            out[n++] = cmp <= 0 ? a[i] : b[j];
            if (cmp <= 0) {
                i++;
            }
            if (cmp >= 0) {
                j++;
            }
        }
        while (i < a.length) {
            out[n++] = a[i++];
        }
        while (j < b.length) {
            out[n++] = b[j++];
        }
        return n == a.length ? this : n == b.length ? other : new ScopeSet(Arrays.copyOf(out, n));
    }

    public ScopeSet intersect(ScopeSet other) {
        return filter(other, true);
    }

    /** The members of this set that are not in {@code other}. */
    public ScopeSet minus(ScopeSet other) {
        return filter(other, false);
    }

    /** Keeps the members whose presence in {@code other} equals {@code keepIfPresent}. */
    private ScopeSet filter(ScopeSet other, boolean keepIfPresent) {
        String[] b = other.values;
        String[] out = new String[values.length];
        int n = 0;
        int j = 0;
        for (String v : values) {
            while (j < b.length && b[j].compareTo(v) < 0) {
                j++;
            }
            boolean present = j < b.length && b[j].equals(v);
            if (present == keepIfPresent) {
                out[n++] = v;
            }
        }
        if (n == values.length) {
            return this;
        }
        return n == 0 ? EMPTY : new ScopeSet(Arrays.copyOf(out, n));
    }

    /** The token values as an unmodifiable set iterating in sorted order. */
    public Set<String> values() {
        return new Values(values);
    }

    public Stream<Scope> stream() {
        return Arrays.stream(values).map(Scope::new);
    }

    @Override
    public Iterator<Scope> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < values.length;
            }

            @Override
            public Scope next() {
                if (next >= values.length) {
                    throw new NoSuchElementException();
                }
                return new Scope(values[next++]);
            }
        };
    }

    /** The RFC 6749 §3.3 rendering: sorted values joined by single spaces; "" when empty. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = String.join(" ", values);
            text = t;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ScopeSet other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && values.length > 0) {
            h = Arrays.hashCode(values);
            hash = h;
        }
        return h;
    }

    /** Read-only view over the sorted array. */
    private static final class Values extends AbstractSet<String> {
        private final String[] values;

        Values(String[] values) {
            this.values = values;
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof String s && Arrays.binarySearch(values, s) >= 0;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.asList(values).iterator();
        }
    }

    /** Package-private access to the sorted values, for the catalog; callers must not modify it. */
    String[] sortedValues() {
        return values;
    }
}
