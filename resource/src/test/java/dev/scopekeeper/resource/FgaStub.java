package dev.scopekeeper.resource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An authorization server's token endpoint and FGA API on 127.0.0.1, recording every request. The token endpoint
 * issues {@code t1}, {@code t2}, ... for {@link #ID}/{@link #SECRET}; the FGA API accepts only issued tokens that
 * were not {@link #reject}ed (else 401) and answers through {@link #fga}. Tests can make it hang or stop.
 */
final class FgaStub implements AutoCloseable {
    static final String ID = "photos-api";
    static final String SECRET = "photos-api-secret";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));

    record Call(String method, String path, String query, String authorization, String contentType, String body) {
    }

    record Answer(int status, String body) {
        static Answer ok(String body) {
            return new Answer(200, body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fga-stub");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger issued = new AtomicInteger();
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final CountDownLatch released = new CountDownLatch(1);
    final List<Call> tokenCalls = new CopyOnWriteArrayList<>();
    final List<Call> fgaCalls = new CopyOnWriteArrayList<>();
    /** The token endpoint's answer; null: a new token with {@link #expiresIn}. */
    volatile Answer tokenAnswer;
    volatile String expiresIn = "300";
    volatile Function<Call, Answer> fga = c -> Answer.ok("{\"allowed\":true,\"model_id\":\"01M\"}");
    /** The FGA API holds every request (no status line) until the stub closes. */
    volatile boolean hang;
    /** The FGA API sends 200 and a content length, then holds the body until the stub closes. */
    volatile boolean trickle;

    FgaStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.createContext("/fga/", this::fgaApi);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FgaClient.Builder client() {
        return FgaClient.forIssuer(issuer()).clientCredentials(ID, SECRET);
    }

    /** The FGA API refuses every token issued so far (as after a key rotation). */
    void reject() {
        valid.clear();
    }

    private void token(HttpExchange ex) throws IOException {
        Call call = record(ex);
        tokenCalls.add(call);
        Answer fixed = tokenAnswer;
        if (fixed != null) {
            send(ex, fixed);
        } else if (!BASIC.equals(call.authorization())) {
            send(ex, new Answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}"));
        } else {
            String token = "t" + issued.incrementAndGet();
            valid.add(token);
            String exp = expiresIn == null ? "" : ",\"expires_in\":" + expiresIn;
            send(ex, Answer.ok("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\"" + exp + ",\"scope\":\"fga.read\"}"));
        }
    }

    private void fgaApi(HttpExchange ex) throws IOException {
        Call call = record(ex);
        fgaCalls.add(call);
        if (hang) {
            await();
            ex.close();
            return;
        }
        String auth = call.authorization();
        if (auth == null || !auth.startsWith("Bearer ") || !valid.contains(auth.substring(7))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"scopekeeper\", error=\"invalid_token\"");
            send(ex, new Answer(401, "{\"error\":\"invalid_token\",\"error_description\":\"the access token has expired\"}"));
            return;
        }
        if (trickle) {
            ex.sendResponseHeaders(200, 100);
            ex.getResponseBody().write("{\"allowed\":".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            await();
            ex.close();
            return;
        }
        send(ex, fga.apply(call));
    }

    private void await() {
        try {
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Call record(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("Content-Type"), body);
    }

    private static void send(HttpExchange ex, Answer a) throws IOException {
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening: connections are refused from now on. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
