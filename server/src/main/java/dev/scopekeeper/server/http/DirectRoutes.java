package dev.scopekeeper.server.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves {@link Route#asDirect() direct} routes straight from Jetty's handler chain, ahead of the servlet context,
 * session handler and Javalin's router: a request for exactly such a route's path (as sent, not decoded) with one
 * of its methods is answered here; every other request goes on to Javalin unchanged. On the token endpoint this
 * is ~10 % of the server's CPU per token beyond the signature (BENCHMARKS.md, session 7).
 */
final class DirectRoutes extends HandlerWrapper {
    private final Map<String, HttpServer.Served> byPath = new ConcurrentHashMap<>();

    void add(HttpServer.Served served) {
        if (byPath.putIfAbsent(served.route().path(), served) != null) {
            throw new IllegalArgumentException("two direct routes for " + served.route().path());
        }
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse res)
            throws IOException, ServletException {
        HttpServer.Served served = byPath.get(base.getRequestURI());
        if (served == null || !served.route().methods().contains(req.getMethod())) {
            super.handle(target, base, req, res);
            return;
        }
        base.setHandled(true);
        served.serve(req, res, res::getOutputStream);
    }
}
