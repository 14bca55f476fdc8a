package dev.scopekeeper.scopes;

/** One RFC 6749 §3.3 scope-token. Case-sensitive; ordered by ordinal string comparison. */
public record Scope(String value) implements Comparable<Scope> {

    public Scope {
        ScopeSyntax.requireValidToken(value);
    }

    @Override
    public int compareTo(Scope other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
