package dev.scopekeeper.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeSetParseTest {

    private static String tokens(int count) {
        return IntStream.range(0, count).mapToObj(i -> "s" + i).collect(Collectors.joining(" "));
    }

    @Test
    void whenSingleTokenThenSetOfOne() {
        assertThat(ScopeSet.parse("openid").values()).containsExactly("openid");
    }

    @Test
    void whenTokensRepeatAndAreUnorderedThenSetIsSortedAndDeduplicated() {
        ScopeSet parsed = ScopeSet.parse("b a a");

        assertThat(parsed).isEqualTo(ScopeSet.parse("a b")).isEqualTo(ScopeSet.of("a", "b"));
        assertThat(parsed.size()).isEqualTo(2);
        assertThat(parsed).hasToString("a b");
    }

    @Test
    void whenTokensDifferOnlyInCaseThenBothAreKept() {
        assertThat(ScopeSet.parse("Read read").values()).containsExactly("Read", "read");
        assertThat(ScopeSet.parse("Read")).isNotEqualTo(ScopeSet.parse("read"));
    }

    @Test
    void whenLeadingSpaceThenRejected() {
        assertThatThrownBy(() -> ScopeSet.parse(" a"))
                .isInstanceOf(InvalidScopeException.class)
                .hasMessage("scope string has an empty token (leading space at index 0)");
    }

    @Test
    void whenTrailingSpaceThenRejected() {
        assertThatThrownBy(() -> ScopeSet.parse("a b "))
                .isInstanceOf(InvalidScopeException.class)
                .hasMessage("scope string has an empty token (trailing space at index 3)");
    }

    @Test
    void whenTwoSpacesThenRejectedAtFirstOfThem() {
        assertThatThrownBy(() -> ScopeSet.parse("read  write"))
                .isInstanceOf(InvalidScopeException.class)
                .hasMessage("scope string has an empty token (two spaces at index 4)")
                .extracting(e -> ((InvalidScopeException) e).offendingValue()).isNull();
    }

    @Test
    void whenOnlyASpaceThenRejectedAsLeading() {
        assertThatThrownBy(() -> ScopeSet.parse(" "))
                .hasMessage("scope string has an empty token (leading space at index 0)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\rb", "a\nb", "a\r\nb", "a\u000Bb", "a\u000Cb", "a\u00A0b", "a\u2028b",
            "a\u3000b", "a  b", " a", "a ", "\ta", "a\t", "a\n", "a b\u0000"})
    void whenSeparatorIsNotExactlyOneSpaceThenRejected(String scope) {
        assertThatThrownBy(() -> ScopeSet.parse(scope)).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void whenTabSeparatesTokensThenMessageNamesTheTokenAndTab() {
        assertThatThrownBy(() -> ScopeSet.parse("openid read\twrite x"))
                .hasMessage("scope token \"read\\u0009write\" contains a character not allowed by RFC 6749 §3.3 (0x09 at index 4)")
                .extracting(e -> ((InvalidScopeException) e).offendingValue()).isEqualTo("read\twrite");
    }

    @Test
    void whenNullOrEmptyThenRejected() {
        assertThatThrownBy(() -> ScopeSet.parse(null)).isInstanceOf(InvalidScopeException.class)
                .hasMessage("scope string is null");
        assertThatThrownBy(() -> ScopeSet.parse("")).isInstanceOf(InvalidScopeException.class)
                .hasMessage("scope string is empty");
    }

    @Test
    void whenParsingOrEmptyAnOmittedParameterThenEmptySet() {
        assertThat(ScopeSet.parseOrEmpty(null)).isEqualTo(ScopeSet.empty());
        assertThat(ScopeSet.parseOrEmpty("")).isEqualTo(ScopeSet.empty());
        assertThat(ScopeSet.parseOrEmpty("b a")).isEqualTo(ScopeSet.of("a", "b"));
        assertThatThrownBy(() -> ScopeSet.parseOrEmpty(" ")).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void whenSingleTokenIsExactlyAtLengthLimitThenAccepted() {
        String token = "x".repeat(ScopeSyntax.MAX_SCOPE_STRING_LENGTH);

        assertThat(ScopeSet.parse(token).values()).containsExactly(token);
    }

    @Test
    void whenSeveralTokensAreExactlyAtLengthLimitThenAccepted() {
        // 4 tokens of 1021 chars + 3 spaces = 4087; pad the last one by 9
        String scope = "a".repeat(1021) + " " + "b".repeat(1021) + " " + "c".repeat(1021) + " " + "d".repeat(1030);

        assertThat(scope).hasSize(ScopeSyntax.MAX_SCOPE_STRING_LENGTH);
        assertThat(ScopeSet.parse(scope).size()).isEqualTo(4);
    }

    @Test
    void whenOneCharacterOverLengthLimitThenRejected() {
        String scope = "x".repeat(ScopeSyntax.MAX_SCOPE_STRING_LENGTH + 1);

        assertThatThrownBy(() -> ScopeSet.parse(scope))
                .isInstanceOf(InvalidScopeException.class)
                .hasMessage("scope string is longer than 4096 characters")
                .extracting(e -> ((InvalidScopeException) e).offendingValue()).isNull();
    }

    @Test
    void whenStringIsTenMegabytesThenRejectedFast() {
        String huge = "a ".repeat(5 * 1024 * 1024);

        assertTimeout(Duration.ofMillis(200), () ->
                assertThatThrownBy(() -> ScopeSet.parse(huge)).hasMessage("scope string is longer than 4096 characters"));
    }

    @Test
    void whenExactlyMaxTokensThenAccepted() {
        assertThat(ScopeSet.parse(tokens(ScopeSyntax.MAX_TOKENS)).size()).isEqualTo(100);
    }

    @Test
    void whenOneTokenOverMaxThenRejected() {
        assertThatThrownBy(() -> ScopeSet.parse(tokens(ScopeSyntax.MAX_TOKENS + 1)))
                .isInstanceOf(InvalidScopeException.class)
                .hasMessage("more than 100 scope tokens");
    }

    @Test
    void whenDuplicatesPushTokenCountOverMaxThenRejected() {
        assertThatThrownBy(() -> ScopeSet.parse("a ".repeat(100) + "a")).hasMessage("more than 100 scope tokens");
    }

    @Test
    void whenRenderedThenParsingTheRenderingGivesAnEqualSet() {
        ScopeSet set = ScopeSet.parse("z photos:read https://x.example/y A !");

        assertThat(set).hasToString("! A https://x.example/y photos:read z");
        assertThat(ScopeSet.parse(set.toString())).isEqualTo(set);
    }

    @Test
    void whenTokenHasQuoteAmongValidTokensThenThatTokenIsReported() {
        assertThatThrownBy(() -> ScopeSet.parse("openid ph\"otos email"))
                .hasMessage("scope token \"ph\\\"otos\" contains a character not allowed by RFC 6749 §3.3 (0x22 at index 2)")
                .extracting(e -> ((InvalidScopeException) e).offendingValue()).isEqualTo("ph\"otos");
    }
}
