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

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void whenAClientConnectsBeforeTheRoutesAreInPlaceThenItWaitsAndGetsTheRoutesAnswer() throws Exception {
        try (HttpServer.Bound bound = HttpServer.bind("127.0.0.1", 0);
             Socket socket = new Socket("127.0.0.1", bound.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes());
            out.flush();
            InputStream in = socket.getInputStream();
            // Bound, not accepting: the request is held, not answered with a 404 (a window of 300 ms to show that
            // nothing is sent, not a wait for something to happen).
            socket.setSoTimeout(300);
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

            bound.open(List.of(Route.get("/ready", "ready", HealthEndpoint.ready(() -> false))), new SimpleMeterRegistry());
            socket.setSoTimeout(10_000);
            String response = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 503 ").endsWith("{\"status\":\"DOWN\"}");
        }
    }

    @Test
    void whenABoundServerIsClosedBeforeOpeningThenThePortIsReleased() throws Exception {
        int port;
        try (HttpServer.Bound bound = HttpServer.bind("127.0.0.1", 0)) {
            port = bound.port();
            assertThat(port).isPositive();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void whenABoundServerIsOpenedTwiceThenTheSecondIsRefused() {
        try (HttpServer.Bound bound = HttpServer.bind("127.0.0.1", 0)) {
            bound.open(List.of(), new SimpleMeterRegistry());
            assertThatThrownBy(() -> bound.open(List.of(), new SimpleMeterRegistry()))
                    .isInstanceOf(IllegalStateException.class).hasMessage("already open");
        }
    }
}
