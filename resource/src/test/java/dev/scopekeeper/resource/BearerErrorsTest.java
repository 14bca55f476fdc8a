package dev.scopekeeper.resource;

import dev.scopekeeper.resource.TokenRejectedException.Reason;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerErrorsTest {
    private final BearerErrors errors = BearerErrors.forRealm("photos");

    @Test
    void whenNoTokenThen401WithRealmOnly() {
        BearerError e = errors.missingToken();
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error()).isNull();
        assertThat(e.wwwAuthenticate()).isEqualTo("Bearer realm=\"photos\"");
        assertThat(e.body()).isEqualTo("{}");
    }

    @Test
    void whenTokenRejectedThen401InvalidToken() {
        BearerError e = errors.invalidToken(new TokenRejectedException(Reason.EXPIRED, "the access token expired"));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error()).isEqualTo("invalid_token");
        assertThat(e.wwwAuthenticate())
                .isEqualTo("Bearer realm=\"photos\", error=\"invalid_token\", error_description=\"the access token expired\"");
        assertThat(e.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"the access token expired\"}");
    }

    @Test
    void whenRequestMalformedThen400InvalidRequest() {
        BearerError e = errors.invalidRequest(new InvalidRequest("the request has more than one Authorization header"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.wwwAuthenticate()).isEqualTo("Bearer realm=\"photos\", error=\"invalid_request\", "
                + "error_description=\"the request has more than one Authorization header\"");
        assertThat(e.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"the request has more than one Authorization header\"}");
    }

    @Test
    void whenScopeInsufficientThen403WithTheScope() {
        BearerError e = errors.insufficientScope(ScopeRequirement.allOf("photos.upload", "photos.read"));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.wwwAuthenticate()).isEqualTo("Bearer realm=\"photos\", error=\"insufficient_scope\", "
                + "error_description=\"the access token needs these scopes: photos.read photos.upload\", "
                + "scope=\"photos.read photos.upload\"");
        assertThat(e.body()).isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":"
                + "\"the access token needs these scopes: photos.read photos.upload\",\"scope\":\"photos.read photos.upload\"}");
        assertThat(errors.insufficientScope(ScopeRequirement.anyOf("a", "b")).wwwAuthenticate())
                .isEqualTo("Bearer realm=\"photos\", error=\"insufficient_scope\", "
                        + "error_description=\"the access token needs one of these scopes: a b\", scope=\"a b\"");
    }

    @Test
    void whenDescriptionHasQuotesBackslashesOrControlsThenTheyCannotBreakTheHeader() {
        BearerError e = errors.invalidToken("a \"quoted\" \\ back\r\nX-Injected: 1 \u00e9");
        assertThat(e.wwwAuthenticate()).isEqualTo(
                "Bearer realm=\"photos\", error=\"invalid_token\", error_description=\"a 'quoted' ? back??X-Injected: 1 ?\"");
        assertThat(e.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"a 'quoted' ? back??X-Injected: 1 ?\"}");
    }

    @Test
    void whenDescriptionIsLongThenCut() {
        assertThat(errors.invalidToken("x".repeat(1000)).wwwAuthenticate()).hasSize(
                "Bearer realm=\"photos\", error=\"invalid_token\", error_description=\"\"".length() + 200);
    }

    @Test
    void whenRealmHasUnsafeCharactersThenRefused() {
        assertThatThrownBy(() -> BearerErrors.forRealm("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerErrors.forRealm("a\\b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerErrors.forRealm("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerErrors.forRealm("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BearerErrors.forRealm("Photos API (v2)").missingToken().wwwAuthenticate()).isEqualTo("Bearer realm=\"Photos API (v2)\"");
    }
}
