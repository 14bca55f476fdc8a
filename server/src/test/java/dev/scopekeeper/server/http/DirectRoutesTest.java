package dev.scopekeeper.server.http;

import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Direct routes (Route.asDirect, served by DirectRoutes ahead of Javalin) answer exactly as the same endpoint
 * does through Javalin; anything but their exact path and methods still goes through Javalin.
 */
class DirectRoutesTest {
    static final String SMALL_LIMIT_PATH = "/small";
    HttpServer server;
    SimpleMeterRegistry meters;

    /** Echoes what the endpoint was given, so the two paths can be compared field by field. */
    static Response echo(Request r) {
        Map<String, Object> seen = new TreeMap<>();
        seen.put("method", r.method());
        seen.put("path", r.path());
        seen.put("query", String.valueOf(r.query()));
        seen.put("contentType", String.valueOf(r.contentType()));
        seen.put("header", String.valueOf(r.header("X-Test")));
        seen.put("body", new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        return Response.noStore(200, seen).withHeader("X-Endpoint", "echo");
    }

    @BeforeEach
    void start() {
        meters = new SimpleMeterRegistry();
        server = HttpServer.start("127.0.0.1", 0, List.of(
                Route.post("/direct", "direct", DirectRoutesTest::echo).asDirect(),
                Route.post("/routed", "routed", DirectRoutesTest::echo),
                Route.post("/boom", "boom", r -> {
                    throw new IllegalStateException("secret internals");
                }).asDirect(),
                Route.post(SMALL_LIMIT_PATH, "small", DirectRoutesTest::echo).withMaxBody(8).asDirect()), meters);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Test", "one")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenADirectRouteIsCalledThenTheAnswerIsTheSameAsThroughJavalin() throws Exception {
        HttpResponse<String> direct = send("POST", "/direct?a=1", "x=y");
        HttpResponse<String> routed = send("POST", "/routed?a=1", "x=y");

        assertThat(direct.statusCode()).isEqualTo(routed.statusCode()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo(routed.body().replace("/routed", "/direct"))
                .isEqualTo("{\"body\":\"x=y\",\"contentType\":\"application/x-www-form-urlencoded\",\"header\":\"one\","
                        + "\"method\":\"POST\",\"path\":\"/direct\",\"query\":\"a=1\"}");
        for (String name : List.of("Content-Type", "Cache-Control", "Pragma", "X-Content-Type-Options", "X-Endpoint")) {
            assertThat(direct.headers().allValues(name)).as(name).isEqualTo(routed.headers().allValues(name)).isNotEmpty();
        }
        assertThat(direct.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(meters.get("scopekeeper.http.requests").tag("endpoint", "direct").timer().count()).isEqualTo(1);
    }

    @Test
    void whenTheMethodIsNotTheRoutesThenJavalinAnswers405WithAllow() throws Exception {
        HttpResponse<String> r = send("GET", "/direct", null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"method GET is not allowed here; use POST\"}");
    }

    @Test
    void whenThePathDiffersFromTheExactPathThenJavalinDecidesAsBefore() throws Exception {
        // A trailing slash: Javalin's router ignores it and serves the same endpoint.
        HttpResponse<String> slash = send("POST", "/direct/", "x=y");
        assertThat(slash.statusCode()).isEqualTo(200);
        assertThat(slash.body()).contains("\"path\":\"/direct/\"");
        // A percent-encoded path is not the route's path, for Javalin either: 404, not the endpoint.
        HttpResponse<String> encoded = send("POST", "/%64irect", "x=y");
        assertThat(encoded.statusCode()).isEqualTo(404);
        assertThat(encoded.body()).isEqualTo("{\"error\":\"not_found\",\"error_description\":\"no such endpoint\"}");
    }

    @Test
    void whenADirectEndpointFailsThenServerErrorWithRequestIdAndNoInternals() throws Exception {
        HttpResponse<String> r = send("POST", "/boom", "x=y");
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"error\":\"server_error\",\"error_description\":\"internal error; request id " + requestId + "\"}");
    }

    @Test
    void whenTheBodyIsLargerThanTheDirectRouteAllowsThen413() throws Exception {
        HttpResponse<String> r = send("POST", SMALL_LIMIT_PATH, "x=123456789");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"request body larger than 8 bytes\"}");
    }

    @Test
    void whenADirectRouteHasAPathParameterOrTwoShareAPathThenRefused() {
        assertThatThrownBy(() -> new Route("/models/{id}", Set.of("GET"), "m", r -> null).asDirect())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a direct route has an exact path: /models/{id}");
        assertThatThrownBy(() -> HttpServer.start("127.0.0.1", 0, List.of(
                Route.post("/twice", "a", DirectRoutesTest::echo).asDirect(),
                Route.post("/twice", "b", DirectRoutesTest::echo).asDirect()), new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
