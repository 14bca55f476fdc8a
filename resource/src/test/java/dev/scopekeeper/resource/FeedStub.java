package dev.scopekeeper.resource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A revocation feed on 127.0.0.1 that behaves like the server's: a snapshot paged by {@code more}, long polls
 * answered as soon as something is revoked, HTTP Basic checked. The cursor is a sequence number. Tests revoke
 * jtis, make it fail, take it down and bring it back on the same port.
 */
final class FeedStub implements AutoCloseable {
    static final String ID = "rs";
    static final String SECRET = "rs-secret";

    private record Entry(String jti, long exp) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "feed-stub");
        t.setDaemon(true);
        return t;
    });
    private volatile int port;
    private volatile HttpServer server;
    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile int pageSize = 10_000;
    volatile String expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString((ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    /** When set, every answer is this status with a plain body. */
    volatile Integer failWith;
    /** When set, every answer is 200 with this body. */
    volatile String rawBody;

    FeedStub() {
        start(0);
    }

    private FeedStub(int port) {
        this.port = port;
    }

    /** A stub that is not listening yet on a port that was free; {@link #up()} starts it there. */
    static FeedStub down() {
        FeedStub probe = new FeedStub();
        int port = probe.server.getAddress().getPort();
        probe.close();
        return new FeedStub(port);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + RevocationFeed.PATH);
    }

    synchronized void up() {
        start(port);
    }

    private void start(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        port = server.getAddress().getPort();
        server.setExecutor(executor);
        server.createContext(RevocationFeed.PATH, this::handle);
        server.start();
    }

    synchronized void revoke(String jti, Instant exp) {
        entries.add(new Entry(jti, exp.getEpochSecond()));
        notifyAll();
    }

    private void handle(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        queries.add(query == null ? "" : query);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(auth));
        if (failWith != null) {
            send(ex, failWith, "failing");
            return;
        }
        if (!expectedAuthorization.equals(auth)) {
            send(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (rawBody != null) {
            send(ex, 200, rawBody);
            return;
        }
        Map<String, String> params = query == null ? Map.of() : Arrays.stream(query.split("&"))
                .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        int since = params.containsKey("since") ? Integer.parseInt(params.get("since")) : 0;
        long waitMillis = params.containsKey("wait") ? Long.parseLong(params.get("wait")) * 1000 : 0;
        send(ex, 200, answer(since, waitMillis));
    }

    private synchronized String answer(int since, long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (entries.size() <= since && System.currentTimeMillis() < deadline && server != null) {
            try {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int end = Math.min(entries.size(), since + pageSize);
        String revoked = entries.subList(Math.min(since, end), end).stream()
                .map(e -> "{\"jti\":\"" + e.jti() + "\",\"exp\":" + e.exp() + "}").collect(Collectors.joining(","));
        return "{\"revoked\":[" + revoked + "],\"cursor\":\"" + end + "\",\"more\":" + (end < entries.size()) + "}";
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening (connections are refused) and wakes held polls; {@link #up()} brings it back. */
    void takeDown() {
        HttpServer s;
        synchronized (this) {
            s = server;
            server = null;
            notifyAll();
        }
        if (s != null) {
            s.stop(0);
        }
    }

    @Override
    public void close() {
        takeDown();
        executor.shutdownNow();
    }
}
