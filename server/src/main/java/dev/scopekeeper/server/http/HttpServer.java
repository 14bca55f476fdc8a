package dev.scopekeeper.server.http;

import dev.scopekeeper.server.endpoint.FormPost;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
     * of the two instead of both (BENCHMARKS.md, session 7). A port already in use fails here, before the
     * configuration is applied.
     */
    public static Bound bind(String host, int port) {
        ServerConnector[] connector = new ServerConnector[1];
        DirectRoutes direct = new DirectRoutes();
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
            // Innermost of Jetty's handler wrappers (inside Javalin's StatisticsHandler, so graceful stop still counts
            // its requests); Javalin then puts its servlet context inside it, where direct routes fall through to.
            config.jetty.modifyServer(server -> {
                HandlerWrapper last = (HandlerWrapper) server.getHandler();
                while (last.getHandler() instanceof HandlerWrapper inner) {
                    last = inner;
                }
                last.setHandler(direct);
            });
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            // An operator's mistake, not a failure of ours: one line (the CLI prints IllegalStateException so).
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + whyNotBound(e), e);
        }
        if (connector[0] == null || connector[0].getAcceptors() < 1) {
            app.stop();
            throw new IllegalStateException("the HTTP connector cannot hold connections back until the server is ready");
        }
        return new Bound(app, connector[0], direct);
    }

    /**
     * Why the socket could not be bound, from the operating system's {@link java.net.BindException} under Javalin's
     * exception (Javalin raises the same exception for every bind failure): a port in use, an address that is not
     * this machine's, a privileged port.
     */
    private static String whyNotBound(JavalinBindException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException bind && bind.getMessage() != null) {
                return bind.getMessage().startsWith("Address already in use") ? "the port is in use" : bind.getMessage();
            }
        }
        return e.getMessage();
    }

    /** Binds, registers the routes and accepts connections: {@link #bind} and {@link Bound#open} in one step. */
    public static HttpServer start(String host, int port, List<Route> routes, MeterRegistry meters) {
        Bound bound = bind(host, port);
        try {
            return bound.open(routes, meters);
        } catch (RuntimeException e) {
            bound.close();
            throw e;
        }
    }

    /** A server bound to its port that holds connections back until {@link #open}; {@link #close} releases the port. */
    public static final class Bound implements AutoCloseable {
        private final Javalin app;
        private final ServerConnector connector;
        private final DirectRoutes direct;
        private boolean opened;

        private Bound(Javalin app, ServerConnector connector, DirectRoutes direct) {
            this.app = app;
            this.connector = connector;
            this.direct = direct;
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
            for (Route route : routes) {
                Served served = server.register(route);
                if (route.direct()) {
                    direct.add(served);
                }
            }
            // Javalin's own 404 text would leak the framework; every unknown path gets our JSON. Javalin runs
            // this for every 404, so an endpoint's own 404 (a model not found) is left as the endpoint wrote it.
            app.error(404, ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    // Javalin set its own text as the result, which it writes after this handler: cleared, or the
                    // body would be our JSON followed by "Endpoint GET /x not found".
                    ctx.result(new byte[0]);
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

    /** A route with its server and request timer, as both Javalin's handler and {@link DirectRoutes} serve it. */
    record Served(HttpServer server, Route route, Timer timer) {
        void serve(HttpServletRequest req, HttpServletResponse res, BodyStream body) {
            server.serve(this, req, res, body);
        }
    }

    private Served register(Route route) {
        Served served = new Served(this, route, Timer.builder("scopekeeper.http.requests").tag("endpoint", route.name()).register(meters));
        String allow = String.join(", ", new TreeSet<>(route.methods()));
        for (HandlerType method : METHODS) {
            if (route.methods().contains(method.name())) {
                app.addHttpHandler(method, route.path(), ctx -> {
                    ctx.attribute(ANSWERED, Boolean.TRUE);
                    served.serve(ctx.req(), ctx.res(), ctx::outputStream);
                });
            } else {
                app.addHttpHandler(method, route.path(), ctx -> write(ctx, Response.error(OAuthError.METHOD_NOT_ALLOWED
                        .describe("method %s is not allowed here; use %s", method.name(), allow)).withHeader("Allow", allow), newRequestId()));
            }
        }
        return served;
    }

    /** Answers one request for a route: through Javalin (compressing body stream) or directly (the servlet's own). */
    private void serve(Served served, HttpServletRequest req, HttpServletResponse res, BodyStream body) {
        long start = System.nanoTime();
        String requestId = newRequestId();
        writeTo(res, respond(served.route(), req, requestId), requestId, body);
        served.timer().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Where a response body goes. */
    interface BodyStream {
        OutputStream open() throws IOException;
    }

    private Response respond(Route route, HttpServletRequest req, String requestId) {
        try {
            byte[] body = readBody(req, route.maxBodyBytes());
            if (body == null) {
                return Response.error(new OAuthError("invalid_request",
                        "request body larger than " + route.maxBodyBytes() + " bytes", 413));
            }
            Request request = new Request(req.getMethod(), req.getRequestURI(), req.getQueryString(), req.getContentType(),
                    name -> header(req, name), body, requestId, req.getRemoteAddr());
            return route.endpoint().handle(request);
        } catch (OAuthException e) {
            countError(route, e.error());
            return Response.error(e.error());
        } catch (RuntimeException | IOException e) {
            // STYLE.md 13: the client gets server_error and a request id; the cause stays in the log.
            LOG.error("request {} to {} failed", requestId, route.path(), e);
            countError(route, OAuthError.SERVER_ERROR);
            return Response.error(OAuthError.SERVER_ERROR.withDescription("internal error; request id " + requestId));
        }
    }

    /**
     * A request header; repeated field lines are one list, joined as RFC 9110 §5.3 says (with "; " for
     * Cookie, RFC 9113 §8.2.3), so that an endpoint sees every value and not just the first.
     */
    private static String header(HttpServletRequest req, String name) {
        Enumeration<String> values = req.getHeaders(name);
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
    private static byte[] readBody(HttpServletRequest req, int max) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > max) {
            return null;
        }
        try (InputStream in = req.getInputStream()) {
            if (declared >= 0) {
                return in.readNBytes((int) declared);
            }
            byte[] body = in.readNBytes(max + 1);
            return body.length > max ? null : body;
        }
    }

    private void write(Context ctx, Response response, String requestId) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        writeTo(ctx.res(), response, requestId, ctx::outputStream);
    }

    private static void writeTo(HttpServletResponse res, Response response, String requestId, BodyStream stream) {
        res.setStatus(response.status());
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            res.setHeader(h.getKey(), h.getValue());
        }
        res.setHeader("X-Request-Id", requestId);
        res.setHeader("X-Content-Type-Options", "nosniff");
        if (response.contentType() != null) {
            res.setContentType(response.contentType());
        }
        // Written straight to the output stream: Javalin's ctx.result(bytes) would copy them through a new
        // 32 KiB buffer per response, a third of all a token request allocated.
        byte[] body = response.body();
        if (body.length > 0) {
            try {
                stream.open().write(body);
            } catch (IOException e) {
                LOG.debug("request {}: the client went away before the response was written", requestId, e);
            }
        }
    }

    private static String newRequestId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
