package dev.scopekeeper.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for a third-party app's HTTPS site (such as {@code https://photoprint.example}), on
 * 127.0.0.1 with a throw-away self-signed certificate; the browser reaches it through
 * {@link #hostResolverRule()} (a Chromium switch) and a context that accepts its certificate.
 *
 * <p>Why not Playwright's routing: Playwright never routes a request that a redirect made (its
 * Chromium network manager continues such requests unseen), and the authorization response is
 * exactly such a redirect. The app answers its redirect URI with a small page (recording the URL
 * for {@link #expectCallback()}) and anything else with 204.
 */
public final class FakeApp implements AutoCloseable {
    private final String host;
    private final String callbackPath;
    private final HttpsServer server;
    private final AtomicReference<CompletableFuture<String>> callback = new AtomicReference<>(new CompletableFuture<>());

    private FakeApp(String host, String callbackPath, HttpsServer server) {
        this.host = host;
        this.callbackPath = callbackPath;
        this.server = server;
    }

    /** Starts the app for {@code https://HOST}, whose redirect URI has the path {@code callbackPath}. */
    public static FakeApp start(String host, String callbackPath) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls(host)));
            FakeApp app = new FakeApp(host, callbackPath, server);
            server.createContext("/", app::answer);
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Chromium switch that sends the browser's requests for the app's host here. */
    public String hostResolverRule() {
        return "--host-resolver-rules=MAP " + host + " 127.0.0.1:" + server.getAddress().getPort();
    }

    public String origin() {
        return "https://" + host;
    }

    /** Completes with the full URL of the next request to the redirect URI (from the app's server thread). */
    public CompletableFuture<String> expectCallback() {
        CompletableFuture<String> next = new CompletableFuture<>();
        callback.set(next);
        return next;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            String body;
            if (path.equals(callbackPath)) {
                callback.get().complete(origin() + uri.toString());
                body = "<p>The app received the answer.</p>";
            } else {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            byte[] page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + host + "</title>"
                    + "<link rel=\"icon\" href=\"data:,\"></head><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        }
    }

    /** The query parameters of a URL (first value of each). */
    public static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A TLS context with a new self-signed certificate for {@code host}, made by the JDK's keytool. */
    private static SSLContext tls(String host) throws IOException {
        Path dir = Files.createTempDirectory("fake-app-tls");
        Path store = dir.resolve("app.p12");
        char[] password = "fake-app-password".toCharArray();
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "app", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=" + host, "-ext", "SAN=dns:" + host, "-validity", "2",
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(password)))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the app's certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
