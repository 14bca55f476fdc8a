package dev.scopekeeper.resource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokenTest {

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER abc.def.ghi", "bEaReR abc.def.ghi"})
    void whenBearerSchemeInAnyCaseThenTheToken(String header) throws Exception {
        assertThat(BearerToken.extract(header)).hasValue("abc.def.ghi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer a-b_c~d+e/f.g==", "Bearer x", "Bearer x="})
    void whenTokenUsesTheWholeB64TokenAlphabetThenAccepted(String header) throws Exception {
        assertThat(BearerToken.extract(header)).hasValue(header.substring(7));
    }

    @Test
    void whenNoHeaderOrEmptyThenNoToken() throws Exception {
        assertThat(BearerToken.extract((String) null)).isEmpty();
        assertThat(BearerToken.extract("")).isEmpty();
        assertThat(BearerToken.extract(List.of())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YWxpY2U6c2VjcmV0", "Digest username=\"a\"", "DPoP abc", "Bearerabc", "Negotiate"})
    void whenAnotherSchemeThenNoBearerToken(String header) throws Exception {
        assertThat(BearerToken.extract(header)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Bearer", "Bearer ", "Bearer  abc", "Bearer abc ", "Bearer abc def", "Bearer abc, Bearer def",
            "Bearer abc,def", "Bearer Bearer abc", "Bearer abc\tdef", "Bearer\tabc", " Bearer abc", "Bearer a=b",
            "Bearer =", "Bearer abc\"", "Bearer abc;x", "Bearer ab\u00e9c", "Bearer abc\r\nX-Evil: 1", "\"Bearer\" abc"})
    void whenBearerHeaderIsMalformedThenInvalidRequest(String header) {
        assertThatThrownBy(() -> BearerToken.extract(header)).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void whenTwoAuthorizationHeadersThenInvalidRequest() throws Exception {
        assertThatThrownBy(() -> BearerToken.extract(List.of("Bearer abc", "Bearer def")))
                .isInstanceOf(InvalidRequest.class).hasMessage("the request has more than one Authorization header");
        assertThatThrownBy(() -> BearerToken.extract(List.of("Basic YQ==", "Bearer def"))).isInstanceOf(InvalidRequest.class);
        assertThat(BearerToken.extract(List.of("Bearer abc"))).hasValue("abc");
    }

    @Test
    void whenTokenLongerThanTheVerifierAcceptsThenInvalidRequest() {
        assertThatThrownBy(() -> BearerToken.extract("Bearer " + "a".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1)))
                .isInstanceOf(InvalidRequest.class).hasMessage("the bearer token is too long");
    }

    @Test
    void whenRejectedThenTheMessageDoesNotEchoTheHeader() {
        assertThatThrownBy(() -> BearerToken.extract("Bearer secret-token-value other"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage("the Authorization header must hold exactly one bearer token");
    }
}
