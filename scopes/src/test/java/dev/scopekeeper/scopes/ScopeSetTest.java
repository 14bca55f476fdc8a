package dev.scopekeeper.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeSetTest {

    private static final ScopeSet AB = ScopeSet.of("a", "b");
    private static final ScopeSet BC = ScopeSet.of("b", "c");

    @Test
    void whenEmptyThenNoMembersAndEmptyString() {
        ScopeSet empty = ScopeSet.empty();

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.size()).isZero();
        assertThat(empty).hasToString("").isEqualTo(ScopeSet.of()).isEqualTo(ScopeSet.of(List.of()));
        assertThat(empty.iterator().hasNext()).isFalse();
    }

    @Test
    void whenBuiltFromDifferentSourcesThenEqual() {
        ScopeSet fromVarargs = ScopeSet.of("b", "a", "b");
        ScopeSet fromStrings = ScopeSet.of(List.of("a", "b"));
        ScopeSet fromScopes = ScopeSet.ofScopes(List.of(new Scope("b"), new Scope("a")));

        assertThat(fromVarargs).isEqualTo(fromStrings).isEqualTo(fromScopes).isEqualTo(AB);
        assertThat(fromVarargs.hashCode()).isEqualTo(fromStrings.hashCode()).isEqualTo(fromScopes.hashCode());
    }

    @Test
    void whenBuiltFromInvalidTokenThenRejected() {
        assertThatThrownBy(() -> ScopeSet.of("a", "b c")).isInstanceOf(InvalidScopeException.class)
                .extracting(e -> ((InvalidScopeException) e).offendingValue()).isEqualTo("b c");
        assertThatThrownBy(() -> ScopeSet.of(List.of("ok", ""))).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void whenInputArrayChangesAfterwardsThenSetIsUnaffected() {
        String[] input = {"b", "a"};
        ScopeSet set = ScopeSet.of(input);

        input[0] = "z";

        assertThat(set).hasToString("a b");
    }

    @Test
    void whenMoreThanMaxTokensBuiltProgrammaticallyThenAllowed() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add("s" + i);
        }

        assertThat(ScopeSet.of(many).size()).isEqualTo(500);
    }

    @Test
    void whenCheckingMembershipThenCaseSensitive() {
        ScopeSet set = ScopeSet.of("Read", "write");

        assertThat(set.contains("Read")).isTrue();
        assertThat(set.contains("read")).isFalse();
        assertThat(set.contains(new Scope("write"))).isTrue();
        assertThat(set.contains(new Scope("Write"))).isFalse();
        assertThat(set.contains((String) null)).isFalse();
        assertThat(set.contains("not a token")).isFalse();
    }

    @Test
    void whenCheckingContainsAllThenSubsetSemantics() {
        ScopeSet abc = ScopeSet.of("a", "b", "c");

        assertThat(abc.containsAll(AB)).isTrue();
        assertThat(abc.containsAll(abc)).isTrue();
        assertThat(abc.containsAll(ScopeSet.empty())).isTrue();
        assertThat(AB.containsAll(abc)).isFalse();
        assertThat(AB.containsAll(BC)).isFalse();
        assertThat(ScopeSet.of("a", "c").containsAll(ScopeSet.of("b"))).isFalse();
        assertThat(ScopeSet.empty().containsAll(ScopeSet.of("a"))).isFalse();
    }

    @Test
    void whenUnionThenAllMembersOfBoth() {
        assertThat(AB.union(BC)).hasToString("a b c");
        assertThat(AB.union(ScopeSet.empty())).isEqualTo(AB);
        assertThat(ScopeSet.empty().union(AB)).isEqualTo(AB);
        assertThat(ScopeSet.of("a", "b", "c").union(AB)).hasToString("a b c");
        assertThat(AB).hasToString("a b");
    }

    @Test
    void whenIntersectThenCommonMembers() {
        assertThat(AB.intersect(BC)).isEqualTo(ScopeSet.of("b"));
        assertThat(AB.intersect(ScopeSet.of("c", "d")).isEmpty()).isTrue();
        assertThat(AB.intersect(AB)).isEqualTo(AB);
        assertThat(AB.intersect(ScopeSet.of("A", "B")).isEmpty()).isTrue();
    }

    @Test
    void whenMinusThenMembersNotInOther() {
        assertThat(AB.minus(BC)).isEqualTo(ScopeSet.of("a"));
        assertThat(AB.minus(AB)).isEqualTo(ScopeSet.empty());
        assertThat(AB.minus(ScopeSet.empty())).isEqualTo(AB);
        assertThat(ScopeSet.empty().minus(AB)).isEqualTo(ScopeSet.empty());
        assertThat(BC.minus(AB)).isEqualTo(ScopeSet.of("c"));
    }

    @Test
    void whenInsertionOrderDiffersThenIterationAndRenderingAreSorted() {
        ScopeSet one = ScopeSet.of("write", "Admin", "read", "_x");
        ScopeSet two = ScopeSet.of("_x", "read", "Admin", "write");

        assertThat(one).hasToString("Admin _x read write").hasToString(two.toString());
        assertThat(one).extracting(Scope::value).containsExactly("Admin", "_x", "read", "write");
        assertThat(one.stream().map(Scope::value)).containsExactly("Admin", "_x", "read", "write");
        assertThat(one.values()).containsExactly("Admin", "_x", "read", "write");
    }

    @Test
    void whenComparingSetsThenEqualityIgnoresOrderButNotCase() {
        assertThat(ScopeSet.of("a", "b")).isEqualTo(ScopeSet.of("b", "a")).hasSameHashCodeAs(ScopeSet.of("b", "a"));
        assertThat(ScopeSet.of("a")).isNotEqualTo(ScopeSet.of("A")).isNotEqualTo("a").isNotEqualTo(null);
    }

    @Test
    void whenValuesViewIsModifiedThenUnsupported() {
        Set<String> values = AB.values();

        assertThat(values.contains("a")).isTrue();
        assertThat(values.contains(1)).isFalse();
        assertThat(values).isEqualTo(Set.of("a", "b"));
        assertThatThrownBy(() -> values.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(values::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(AB.size()).isEqualTo(2);
    }

    @Test
    void whenIteratorIsExhaustedThenNextThrows() {
        var it = ScopeSet.of("a").iterator();
        it.next();

        assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
    }
}
