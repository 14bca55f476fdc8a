package dev.scopekeeper.server.web;

import dev.scopekeeper.server.endpoint.Endpoint;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** {@code GET /assets/scopekeeper.css}: the one stylesheet of the pages, read from the class path once. */
public final class StylesheetEndpoint implements Endpoint {
    public static final String PATH = "/assets/scopekeeper.css";
    public static final String CSS = "text/css;charset=UTF-8";
    private static final String RESOURCE = "/web/scopekeeper.css";
    private static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "public, max-age=3600",
            "X-Content-Type-Options", "nosniff");

    private final byte[] css;

    public StylesheetEndpoint() {
        try (InputStream in = StylesheetEndpoint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + RESOURCE);
            }
            css = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public Response handle(Request request) {
        return new Response(200, CSS, css, HEADERS);
    }
}
