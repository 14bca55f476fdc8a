package dev.scopekeeper.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void whenValidThenToStringIsTheValue() {
        assertThat(new Scope("photos.read")).hasToString("photos.read");
    }

    @Test
    void whenValuesDifferOnlyInCaseThenScopesDiffer() {
        assertThat(new Scope("Read")).isNotEqualTo(new Scope("read"));
        assertThat(new Scope("read")).isEqualTo(new Scope("read"));
    }

    @Test
    void whenSortedThenOrdinalStringOrderIsUsed() {
        List<Scope> scopes = new ArrayList<>(List.of(new Scope("b"), new Scope("a"), new Scope("B"), new Scope("_")));

        Collections.sort(scopes);

        assertThat(scopes).extracting(Scope::value).containsExactly("B", "_", "a", "b");
    }

    @Test
    void whenTokenContainsQuoteThenMessageNamesCharacterAndIndex() {
        assertThatThrownBy(() -> new Scope("ph\"otos"))
                .isInstanceOf(InvalidScopeException.class)
                .hasMessage("scope token \"ph\\\"otos\" contains a character not allowed by RFC 6749 §3.3 (0x22 at index 2)")
                .extracting(e -> ((InvalidScopeException) e).offendingValue()).isEqualTo("ph\"otos");
    }

    @Test
    void whenTokenContainsControlCharThenMessageEscapesIt() {
        assertThatThrownBy(() -> new Scope("a\nb"))
                .hasMessage("scope token \"a\\u000Ab\" contains a character not allowed by RFC 6749 §3.3 (0x0A at index 1)");
    }

    @Test
    void whenTokenContainsEmojiThenMessageNamesCodePoint() {
        assertThatThrownBy(() -> new Scope("x\uD83D\uDE00"))
                .hasMessage("scope token \"x\\uD83D\\uDE00\" contains a character not allowed by RFC 6749 §3.3 (U+1F600 at index 1)");
    }

    @Test
    void whenBadTokenIsVeryLongThenMessageShortensIt() {
        String token = "a".repeat(100) + " ";

        assertThatThrownBy(() -> new Scope(token))
                .hasMessage("scope token \"" + "a".repeat(64) + "\"... contains a character not allowed by RFC 6749 §3.3 (0x20 at index 100)")
                .extracting(e -> ((InvalidScopeException) e).offendingValue()).isEqualTo(token);
    }

    @Test
    void whenNullOrEmptyThenRejected() {
        assertThatThrownBy(() -> new Scope(null)).isInstanceOf(InvalidScopeException.class).hasMessage("scope token is null");
        assertThatThrownBy(() -> new Scope("")).isInstanceOf(InvalidScopeException.class).hasMessage("scope token is empty");
    }

    @Test
    void whenInvalidScopeThenItIsAnIllegalArgumentException() {
        assertThatThrownBy(() -> new Scope("a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
