package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.server.testing.TestServer.error;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8414 metadata, the JWKS, health, metrics, unknown paths and wrong methods. */
class DiscoveryTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void whenMetadataFetchedThenItDescribesTheServer() {
        HttpResponse<String> r = server.get("/.well-known/oauth-authorization-server");
        assertThat(r.statusCode()).isEqualTo(200);
        String iss = server.issuer();
        assertThat(json(r)).containsEntry("issuer", iss)
                .containsEntry("token_endpoint", iss + "/token")
                .containsEntry("jwks_uri", iss + "/jwks")
                .containsEntry("revocation_endpoint", iss + "/revoke")
                .containsEntry("introspection_endpoint", iss + "/introspect")
                .containsEntry("authorization_endpoint", iss + "/authorize")
                .containsEntry("grant_types_supported", List.of("client_credentials", "authorization_code", "refresh_token"))
                .containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"))
                .containsEntry("access_token_signing_alg_values_supported", List.of("RS256"))
                .containsEntry("scopes_supported", List.of("offline_access", "openid", "create:events", "delete:images",
                        "fga.model.write", "fga.read", "fga.write", "photos.delete", "photos.manage",
                        "photos.read", "photos.upload", "read:images", "view:events"));
    }

    @Test
    void whenOpenIdConfigurationFetchedThenSameDocument() {
        assertThat(json(server.get("/.well-known/openid-configuration")))
                .isEqualTo(json(server.get("/.well-known/oauth-authorization-server")));
    }

    @Test
    void whenJwksFetchedThenOnlyPublicKeyMaterial() {
        HttpResponse<String> r = server.get("/jwks");
        assertThat(r.statusCode()).isEqualTo(200);
        List<?> keys = (List<?>) json(r).get("keys");
        assertThat(keys).hasSize(1);
        @SuppressWarnings("unchecked") Map<String, Object> key = (Map<String, Object>) keys.get(0);
        assertThat(key).containsEntry("kty", "RSA").containsEntry("alg", "RS256").containsEntry("use", "sig")
                .containsEntry("kid", server.server().keys().current().kid());
        // Private RSA parameters must never be published.
        assertThat(key.keySet()).doesNotContain("d", "p", "q", "dp", "dq", "qi");
    }

    @Test
    void whenHealthLiveThenUp() {
        assertThat(json(server.get("/health/live"))).isEqualTo(Map.of("status", "UP"));
    }

    @Test
    void whenMetricsScrapedThenPrometheusText() throws Exception {
        server.server().jvmMetricsBound().get(10, java.util.concurrent.TimeUnit.SECONDS);
        server.token("archiver", TestServer.ARCHIVER_SECRET, null);
        HttpResponse<String> r = server.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body()).contains("scopekeeper_tokens_issued_total").contains("scopekeeper_http_requests_seconds_count{endpoint=\"token\"}")
                .contains("jvm_memory_used_bytes")
                // Collections read when scraped, not Micrometer's per-collection JMX notifications (GcCollectionMetrics).
                .contains("jvm_gc_collection_seconds_count{").doesNotContain("jvm_gc_pause");
    }

    @Test
    void whenPathUnknownThen404Json() {
        HttpResponse<String> r = server.get("/nothing/here");
        assertThat(r.statusCode()).isEqualTo(404);
        // The whole body, not just its first JSON value: Javalin's own text once followed it.
        assertThat(r.body()).isEqualTo("{\"error\":\"not_found\",\"error_description\":\"no such endpoint\"}");
    }

    @Test
    void whenMetadataPostedThen405() {
        HttpResponse<String> r = server.postForm("/.well-known/oauth-authorization-server", "");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(json(r)).isEqualTo(error("invalid_request", "method POST is not allowed here; use GET, HEAD"));
    }

    @Test
    void whenAnyResponseThenNoSniffAndRequestIdAndNoServerVersion() {
        HttpResponse<String> r = server.get("/health/live");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{16}"));
        assertThat(r.headers().firstValue("Server")).isEmpty();
    }
}
