package dev.scopekeeper.server.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.scopekeeper.server.endpoint.HealthEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP edge: internal failures become server_error with a request id; the cause goes only to the log. */
class HttpServerTest {
    HttpServer server;
    ListAppender<ILoggingEvent> log;

    @BeforeEach
    void start() {
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(HttpServer.class)).addAppender(log);
        server = HttpServer.start("127.0.0.1", 0, List.of(
                Route.get("/boom", "boom", r -> {
                    throw new IllegalStateException("database password is hunter2");
                }),
                Route.get("/ready", "ready", HealthEndpoint.ready(() -> false))), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        server.close();
        ((Logger) LoggerFactory.getLogger(HttpServer.class)).detachAppender(log);
    }

    HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenEndpointFailsThenServerErrorWithRequestIdAndNoInternals() throws Exception {
        HttpResponse<String> r = get("/boom");
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"error\":\"server_error\",\"error_description\":\"internal error; request id " + requestId + "\"}")
                .doesNotContain("hunter2").doesNotContain("IllegalStateException");
        // STYLE.md 13: the log has the cause, tied to the same request id.
        assertThat(log.list).anySatisfy(e -> {
            assertThat(e.getFormattedMessage()).contains(requestId);
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("database password is hunter2");
        });
    }

    @Test
    void whenNotReadyThen503() throws Exception {
        HttpResponse<String> r = get("/ready");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"status\":\"DOWN\"}");
    }
}
