package dev.scopekeeper.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeSyntaxTest {

    /** RFC 6749 §3.3, written out independently of the production code. */
    private static boolean allowedByRfc(int cp) {
        boolean x21 = cp == 0x21;
        boolean x23to5B = cp >= 0x23 && cp <= 0x5B;
        boolean x5Dto7E = cp >= 0x5D && cp <= 0x7E;
        return x21 || x23to5B || x5Dto7E;
    }

    static IntStream asciiCodePoints() {
        return IntStream.range(0, 128);
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("asciiCodePoints")
    void whenOneCharTokenThenValidExactlyForRfcRanges(int cp) {
        String token = String.valueOf((char) cp);
        boolean expected = allowedByRfc(cp);

        assertThat(ScopeSyntax.isTokenChar((char) cp)).isEqualTo(expected);
        assertThat(ScopeSyntax.isValidToken(token)).isEqualTo(expected);
        assertThat(ScopeSyntax.isValidToken("a" + token + "b")).isEqualTo(expected);
        if (expected) {
            assertThat(new Scope(token).value()).isEqualTo(token);
            assertThat(ScopeSet.parse(token).values()).containsExactly(token);
        } else {
            assertThatThrownBy(() -> new Scope(token)).isInstanceOf(InvalidScopeException.class);
            assertThatThrownBy(() -> ScopeSet.parse(token)).isInstanceOf(InvalidScopeException.class);
        }
    }

    @Test
    void whenCountingAllowedAsciiCharsThenThereAre92() {
        long allowed = asciiCodePoints().filter(cp -> ScopeSyntax.isTokenChar((char) cp)).count();

        assertThat(allowed).isEqualTo(92);
    }

    @ParameterizedTest
    @ValueSource(strings = {"é", "caf\u00e9", "\u2028", "a\u2029b", "\uD83D\uDE00", "photos\uD83D\uDE00",
            "a\u00A0b", "\uFEFFread", "\u0080", "\u00FF", "\uFF21"})
    void whenTokenHasNonAsciiThenInvalid(String token) {
        assertThat(ScopeSyntax.isValidToken(token)).isFalse();
        assertThatThrownBy(() -> new Scope(token)).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void whenTokenIsNullOrEmptyThenInvalid() {
        assertThat(ScopeSyntax.isValidToken(null)).isFalse();
        assertThat(ScopeSyntax.isValidToken("")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openid", "photos:read", "https://api.example.com/photos.read", "Read",
            "!#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}~", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"})
    void whenTokenUsesOnlyAllowedCharsThenValid(String token) {
        assertThat(ScopeSyntax.isValidToken(token)).isTrue();
    }

    @Test
    void whenTokenIsLongerThanScopeStringLimitThenStillASyntacticallyValidToken() {
        assertThat(ScopeSyntax.isValidToken("a".repeat(ScopeSyntax.MAX_SCOPE_STRING_LENGTH + 1))).isTrue();
    }

    @Test
    void whenReadingLimitsThenTheyAreTheDocumentedValues() {
        assertThat(ScopeSyntax.MAX_SCOPE_STRING_LENGTH).isEqualTo(4096);
        assertThat(ScopeSyntax.MAX_TOKENS).isEqualTo(100);
    }

    @Test
    void whenRequiringValidTokenOnBadInputThenExceptionCarriesToken() {
        assertThatThrownBy(() -> ScopeSyntax.requireValidToken("a\\b"))
                .isInstanceOf(InvalidScopeException.class)
                .hasMessage("scope token \"a\\\\b\" contains a character not allowed by RFC 6749 §3.3 (0x5C at index 1)")
                .extracting(e -> ((InvalidScopeException) e).offendingValue()).isEqualTo("a\\b");
    }
}
