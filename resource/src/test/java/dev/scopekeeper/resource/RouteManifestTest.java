package dev.scopekeeper.resource;

import dev.scopekeeper.resource.ProtectedRoutes.Route;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteManifestTest {

    @Test
    void whenRoutesDeclaredThenManifestIsSortedStableJson() {
        RouteManifest m = RouteManifest.of("https://auth.example.com", "https://photos.example.com", GuardTest.ROUTES.routes());
        assertThat(m.toJson()).isEqualTo("{\"issuer\":\"https://auth.example.com\",\"audience\":\"https://photos.example.com\",\"routes\":["
                + "{\"method\":\"GET\",\"path\":\"/health\",\"scopes\":[],\"match\":\"public\"},"
                + "{\"method\":\"GET\",\"path\":\"/me\",\"scopes\":[],\"match\":\"authenticated\"},"
                + "{\"method\":\"GET\",\"path\":\"/photos\",\"scopes\":[\"photos.read\"],\"match\":\"all\"},"
                + "{\"method\":\"GET\",\"path\":\"/photos/new\",\"scopes\":[\"photos.upload\"],\"match\":\"all\"},"
                + "{\"method\":\"DELETE\",\"path\":\"/photos/{id}\",\"scopes\":[\"photos.delete\"],\"match\":\"all\"},"
                + "{\"method\":\"GET\",\"path\":\"/photos/{id}\",\"scopes\":[\"photos.manage\",\"photos.read\"],\"match\":\"any\"}]}");
        List<Route> reversed = new java.util.ArrayList<>(GuardTest.ROUTES.routes());
        java.util.Collections.reverse(reversed);
        assertThat(RouteManifest.of("https://auth.example.com", "https://photos.example.com", reversed).toJson()).isEqualTo(m.toJson());
    }

    @Test
    void whenNoRoutesThenEmptyArray() {
        assertThat(RouteManifest.of("i", "a", List.of()).toJson()).isEqualTo("{\"issuer\":\"i\",\"audience\":\"a\",\"routes\":[]}");
    }

    @Test
    void whenValuesHoldQuotesBackslashesControlsOrNonAsciiThenTheyAreEscaped() {
        RouteManifest m = RouteManifest.of("https://a.example/\"x\\y", "tab\there\nnl\u0001\u2028é😀\ud800",
                List.of(new Route("GET", "/ph\"otos", Access.denied())));
        assertThat(m.toJson()).isEqualTo("{\"issuer\":\"https://a.example/\\\"x\\\\y\","
                + "\"audience\":\"tab\\there\\nnl\\u0001\\u2028é😀\\ud800\","
                + "\"routes\":[{\"method\":\"GET\",\"path\":\"/ph\\\"otos\",\"scopes\":[],\"match\":\"deny\"}]}");
        // and Nimbus's JSON parser reads back what was written
        assertThat(parse(m.toJson()).get("issuer")).isEqualTo("https://a.example/\"x\\y");
    }

    private static java.util.Map<String, Object> parse(String json) {
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
