package dev.scopekeeper.fga.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckReadTest {

    @Test
    void whenNoObjectOrAnObjectTwiceOrATuplesetOutsideTheRelationsThenRefused() {
        assertThatThrownBy(() -> new CheckRead("doc", List.of(), Set.of("viewer"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one object");
        assertThatThrownBy(() -> new CheckRead("doc", List.of("1", "2", "1"), Set.of("viewer"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new CheckRead("doc", List.of("1"), Set.of("viewer"), Set.of("parent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parent");
    }

    @Test
    void whenAskedWhetherItWantsATupleThenTypeIdRelationAndSubjectDecide() {
        CheckRead read = new CheckRead("doc", List.of("1", "2"), Set.of("viewer", "parent"), Set.of("parent"));
        Subject anne = Subject.parse("user:anne");

        assertThat(read.wants(Tuple.parse("doc:1#viewer@user:anne"), anne)).isTrue();
        assertThat(read.wants(Tuple.parse("doc:2#viewer@group:eng#member"), anne)).isTrue();
        assertThat(read.wants(Tuple.parse("doc:2#viewer@user:*"), anne)).isTrue();
        assertThat(read.wants(Tuple.parse("doc:1#parent@folder:x"), anne)).isTrue();
        assertThat(read.wants(Tuple.parse("doc:1#viewer@user:bob"), anne)).isFalse();
        assertThat(read.wants(Tuple.parse("doc:3#viewer@user:anne"), anne)).isFalse();
        assertThat(read.wants(Tuple.parse("doc:1#owner@user:anne"), anne)).isFalse();
        assertThat(read.wants(Tuple.parse("folder:1#viewer@user:anne"), anne)).isFalse();
    }
}
