package dev.scopekeeper.resource;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authorization server on 127.0.0.1: RFC 8414 metadata and a JWKS it serves from memory, counting the
 * requests to each. Tests change what it serves while it runs.
 */
final class AuthServerStub implements AutoCloseable {
    static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

    private final HttpServer server;
    private final String issuer;
    final AtomicInteger metadataRequests = new AtomicInteger();
    final AtomicInteger jwksRequests = new AtomicInteger();
    volatile String metadataIssuer;
    volatile List<JWK> keys;
    volatile int jwksStatus = 200;
    volatile String jwksBody;

    AuthServerStub(JWK... keys) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        metadataIssuer = issuer;
        this.keys = List.of(keys);
        server.createContext(METADATA_PATH, ex -> {
            metadataRequests.incrementAndGet();
            send(ex, 200, "{\"issuer\":\"" + metadataIssuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
        });
        server.createContext("/jwks", ex -> {
            jwksRequests.incrementAndGet();
            String body = jwksBody != null ? jwksBody : new JWKSet(this.keys).toString(true);
            send(ex, jwksStatus, body);
        });
        server.start();
    }

    String issuer() {
        return issuer;
    }

    /** Publishes exactly these keys (public parts) from now on. */
    void publish(JWK... published) {
        keys = List.of(published);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
