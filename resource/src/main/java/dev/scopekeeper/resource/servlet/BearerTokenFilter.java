package dev.scopekeeper.resource.servlet;

import dev.scopekeeper.resource.Access;
import dev.scopekeeper.resource.BearerRequest;
import dev.scopekeeper.resource.Guard;
import dev.scopekeeper.resource.Guard.Authorized;
import dev.scopekeeper.resource.Guard.Decision;
import dev.scopekeeper.resource.Guard.Refused;
import dev.scopekeeper.resource.VerifiedToken;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Jakarta Servlet (6.0; runs on 5.0 containers too) filter that lets a request through only if the {@link Guard}
 * authorizes it: the route's access comes from the guard's {@code ProtectedRoutes}, matched against the request
 * URI without the context path (still percent-encoded). An authorized request carries its {@link VerifiedToken} as
 * the attribute {@link #TOKEN_ATTRIBUTE} (read it with {@link #token}); a refused one is answered here with the
 * status, {@code WWW-Authenticate}, {@code Cache-Control: no-store} and JSON body of the RFC 6750 error, and the
 * chain stops.
 *
 * <p>An {@code access_token} query parameter is found in the raw query string. A form body is searched only for
 * {@code application/x-www-form-urlencoded} requests to a route that needs a token, through
 * {@link ServletRequest#getParameterValues}: the container then parses the body, so the application reads the form
 * with {@code getParameter} as usual, not from {@code getInputStream}.
 */
public final class BearerTokenFilter implements Filter {
    /** The request attribute holding the {@link VerifiedToken} of an authorized request. */
    public static final String TOKEN_ATTRIBUTE = VerifiedToken.class.getName();

    private final Guard guard;

    public BearerTokenFilter(Guard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** The verified token of a request this filter authorized; empty on an open route. */
    public static Optional<VerifiedToken> token(ServletRequest request) {
        return Optional.ofNullable((VerifiedToken) request.getAttribute(TOKEN_ATTRIBUTE));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("BearerTokenFilter serves HTTP requests only");
        }
        String path = path(request);
        Access access = guard.accessFor(request.getMethod(), path);
        if (access instanceof Access.Open) {
            chain.doFilter(request, response);
            return;
        }
        Decision decision = guard.check(bearerRequest(request, path), access);
        if (decision instanceof Refused refused) {
            write(refused, response);
            return;
        }
        if (decision instanceof Authorized authorized) {
            request.setAttribute(TOKEN_ATTRIBUTE, authorized.token());
        }
        chain.doFilter(request, response);
    }

    /** The request URI without the context path, still percent-encoded. */
    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    private static BearerRequest bearerRequest(HttpServletRequest request, String path) {
        List<String> authorization = Collections.list(request.getHeaders("Authorization"));
        boolean inQuery = BearerRequest.hasAccessToken(request.getQueryString());
        boolean inBody = !inQuery && isForm(request.getContentType()) && request.getParameterValues(BearerRequest.ACCESS_TOKEN) != null;
        return new BearerRequest(request.getMethod(), path, authorization, inQuery, inBody);
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static void write(Refused refused, HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(refused.status());
        refused.headers().forEach(response::setHeader);
        byte[] body = refused.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
