package dev.scopekeeper.server.http;

import dev.scopekeeper.server.endpoint.FormPost;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The only class that knows Javalin: turns framework requests into {@link Request}s, calls the
 * endpoint, writes the {@link Response}, renders protocol errors, and keeps internal errors out
 * of responses (the client sees {@code server_error} and a request id; the log gets the cause).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);

    /** Set on a request once a response has been written for it. */
    private static final String ANSWERED = "scopekeeper.answered";

    private final Javalin app;
    private final MeterRegistry meters;

    private HttpServer(Javalin app, MeterRegistry meters) {
        this.app = app;
        this.meters = meters;
    }

    /**
     * Binds host:port without accepting connections yet: a client that connects before {@link Bound#open} waits in
     * the listen backlog and is served once the routes are in place, never answered by a half-wired server. The
     * server binds while the database opens on another thread (ScopekeeperServer), so start-up pays for the slower
     * of the two instead of both (BENCHMARKS.md, start-up). A port already in use fails here, before anything is
     * written to the database.
     */
    public static Bound bind(String host, int port) {
        ServerConnector[] connector = new ServerConnector[1];
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            config.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(host);
                c.setPort(port);
                // At least one acceptor thread, which waits while not accepting (with none, Jetty's selector
                // would accept from the start).
                c.setAccepting(false);
                connector[0] = c;
                return c;
            });
        });
        app.start();
        if (connector[0] == null || connector[0].getAcceptors() < 1) {
            app.stop();
            throw new IllegalStateException("the HTTP connector cannot hold connections back until the server is ready");
        }
        return new Bound(app, connector[0]);
    }

    /** Binds, registers the routes and accepts connections: {@link #bind} and {@link Bound#open} in one step. */
    public static HttpServer start(String host, int port, List<Route> routes, MeterRegistry meters) {
        return bind(host, port).open(routes, meters);
    }

    /** A server bound to its port that holds connections back until {@link #open}; {@link #close} releases the port. */
    public static final class Bound implements AutoCloseable {
        private final Javalin app;
        private final ServerConnector connector;
        private boolean opened;

        private Bound(Javalin app, ServerConnector connector) {
            this.app = app;
            this.connector = connector;
        }

        public int port() {
            return connector.getLocalPort();
        }

        /** Registers the routes, then accepts connections (those already waiting first). Once only. */
        public synchronized HttpServer open(List<Route> routes, MeterRegistry meters) {
            if (opened) {
                throw new IllegalStateException("already open");
            }
            opened = true;
            app.unsafeConfig().http.maxRequestSize = routes.stream().mapToLong(Route::maxBodyBytes).max().orElse(FormPost.MAX_BODY_BYTES);
            HttpServer server = new HttpServer(app, meters);
            routes.forEach(server::register);
            // Javalin's own 404 text would leak the framework; every unknown path gets our JSON. Javalin runs
            // this for every 404, so an endpoint's own 404 (a model not found) is left as the endpoint wrote it.
            app.error(404, ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    server.write(ctx, Response.error(OAuthError.NOT_FOUND.withDescription("no such endpoint")), newRequestId());
                }
            });
            // The routes were added by this thread; the acceptor takes them up through setAccepting's lock.
            connector.setAccepting(true);
            return server;
        }

        /** Stops listening (and serving, if open); connections still waiting are closed. */
        @Override
        public synchronized void close() {
            app.stop();
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void register(Route route) {
        Timer timer = Timer.builder("scopekeeper.http.requests").tag("endpoint", route.name()).register(meters);
        String allow = String.join(", ", new TreeSet<>(route.methods()));
        for (HandlerType method : METHODS) {
            if (route.methods().contains(method.name())) {
                app.addHttpHandler(method, route.path(), ctx -> {
                    long start = System.nanoTime();
                    handle(ctx, route);
                    timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                });
            } else {
                app.addHttpHandler(method, route.path(), ctx -> write(ctx, Response.error(OAuthError.METHOD_NOT_ALLOWED
                        .describe("method %s is not allowed here; use %s", method.name(), allow)).withHeader("Allow", allow), newRequestId()));
            }
        }
    }

    private void handle(Context ctx, Route route) {
        String requestId = newRequestId();
        Response response;
        try {
            byte[] body = readBody(ctx, route.maxBodyBytes());
            if (body == null) {
                response = Response.error(new OAuthError("invalid_request",
                        "request body larger than " + route.maxBodyBytes() + " bytes", 413));
            } else {
                Request request = new Request(ctx.method().name(), ctx.path(), ctx.queryString(), ctx.contentType(),
                        name -> header(ctx, name), body, requestId, ctx.req().getRemoteAddr());
                response = route.endpoint().handle(request);
            }
        } catch (OAuthException e) {
            response = Response.error(e.error());
            countError(route, e.error());
        } catch (RuntimeException | IOException e) {
            // STYLE.md 13: the client gets server_error and a request id; the cause stays in the log.
            LOG.error("request {} to {} failed", requestId, route.path(), e);
            response = Response.error(OAuthError.SERVER_ERROR.withDescription("internal error; request id " + requestId));
            countError(route, OAuthError.SERVER_ERROR);
        }
        write(ctx, response, requestId);
    }

    /**
     * A request header; repeated field lines are one list, joined as RFC 9110 §5.3 says (with "; " for
     * Cookie, RFC 9113 §8.2.3), so that an endpoint sees every value and not just the first.
     */
    private static String header(Context ctx, String name) {
        Enumeration<String> values = ctx.req().getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first; // the usual case: no copy on the token endpoint's path
        }
        StringBuilder joined = new StringBuilder(first);
        while (values.hasMoreElements()) {
            joined.append(name.equalsIgnoreCase("Cookie") ? "; " : ", ").append(values.nextElement());
        }
        return joined.toString();
    }

    private void countError(Route route, OAuthError error) {
        Counter.builder("scopekeeper.oauth.errors").tag("endpoint", route.name()).tag("error", error.code())
                .register(meters).increment();
    }

    /**
     * The body, or null when it is larger than allowed (checked before reading when the length is declared).
     * A declared length is read into an array of that size: reading up to the limit would allocate the
     * limit's buffers for every request (16 KiB per token request, a fifth of all it allocated).
     */
    private static byte[] readBody(Context ctx, int max) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            return null;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared >= 0) {
                return in.readNBytes((int) declared);
            }
            byte[] body = in.readNBytes(max + 1);
            return body.length > max ? null : body;
        }
    }

    private void write(Context ctx, Response response, String requestId) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(response.status());
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            ctx.header(h.getKey(), h.getValue());
        }
        ctx.header("X-Request-Id", requestId);
        ctx.header("X-Content-Type-Options", "nosniff");
        if (response.contentType() != null) {
            ctx.contentType(response.contentType());
        }
        // Written straight to Javalin's (compressing) output stream: ctx.result(bytes) would copy them
        // through a new 32 KiB buffer per response, a third of all a token request allocated.
        byte[] body = response.body();
        if (body.length > 0) {
            try {
                ctx.outputStream().write(body);
            } catch (IOException e) {
                LOG.debug("request {}: the client went away before the response was written", requestId, e);
            }
        }
    }

    private static String newRequestId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
