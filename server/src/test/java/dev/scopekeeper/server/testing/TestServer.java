package dev.scopekeeper.server.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopekeeper.server.ScopekeeperServer;
import dev.scopekeeper.server.ServerSettings;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A real server on a free 127.0.0.1 port with the {@link #CONFIG} test configuration, on a fresh
 * in-memory H2 database (or any other database), and a small HTTP client for black-box tests.
 */
public final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final String ARCHIVER_SECRET = "archiver-secret-0123456789abcdef-0123";
    public static final String INDEXER_SECRET = "indexer-secret-0123456789abcdef-01234";
    public static final String NODEFAULTS_SECRET = "nodefaults-secret-0123456789abcdef-012";
    public static final String WEBAPP_SECRET = "webapp-secret-0123456789abcdef-0123456";
    public static final String MULTI_SECRET = "multi-secret-0123456789abcdef-01234567";
    public static final String PHOTOPRINT_SECRET = "photoprint-secret-0123456789abcdef-0123";
    public static final String FIRSTPARTY_SECRET = "firstparty-secret-0123456789abcdef-0123";
    public static final String STRICT_SECRET = "strictfirst-secret-0123456789abcdef-012";

    /**
     * APIs photos/imaging/events; clients archiver, indexer, nodefaults, multi (client_credentials), webapp and spa
     * (authorization_code), photoprint (third-party, refresh), mobile (public, refresh), firstparty, strictfirst
     * (first-party, requireConsent); roles organizer and participant; users alice, bob, carol.
     */
    public static final String CONFIG = """
            apis:
              - audience: https://photos.example.com
                name: Photos API
                scopes:
                  - {name: photos.read, description: See your photos, default: true}
                  - {name: photos.upload, description: Upload photos}
                  - {name: photos.delete, description: Delete your photos}
                  - {name: photos.manage, description: All of the above, implies: [photos.read, photos.upload, photos.delete]}
              - audience: https://imaging.example.com
                name: Imaging archive
                scopes:
                  - {name: "read:images", description: Read imaging studies}
                  - {name: "delete:images", description: Delete imaging studies}
              - audience: https://events.example.com
                name: Events API
                scopes:
                  - {name: "view:events", description: See events, default: true}
                  - {name: "create:events", description: Create events}
            roles:
              organizer: ["create:events", "view:events"]
              participant: ["view:events"]
            clients:
              - id: archiver
                name: Imaging archiver
                grantTypes: [client_credentials]
                allowedScopes: ["read:images", "delete:images"]
                defaultScopes: ["read:images"]
                secret: %s
              - id: indexer
                name: Photo indexer
                grantTypes: [client_credentials]
                allowedScopes: [photos.manage]
                secret: %s
              - id: nodefaults
                name: No defaults
                grantTypes: [client_credentials]
                allowedScopes: ["delete:images"]
                secret: %s
              - id: multi
                name: Multi-API service
                grantTypes: [client_credentials]
                allowedScopes: [photos.read, "read:images", "view:events"]
                secret: %s
              - id: webapp
                name: Web app
                grantTypes: [authorization_code]
                allowedScopes: [photos.read]
                redirectUris: [https://app.example.com/cb]
                secret: %s
              - id: spa
                name: Single-page app
                type: public
                grantTypes: [authorization_code]
                allowedScopes: [photos.read]
                redirectUris: [https://spa.example.com/cb]
              - id: photoprint
                name: PhotoPrint
                grantTypes: [authorization_code, refresh_token]
                allowedScopes: [openid, offline_access, photos.read, photos.upload, photos.manage, "view:events", "create:events"]
                defaultScopes: [photos.read]
                redirectUris: ["https://photoprint.example/cb", "https://photoprint.example/other"]
                secret: %s
              - id: mobile
                name: Mobile app
                type: public
                grantTypes: [authorization_code, refresh_token]
                allowedScopes: [openid, offline_access, "view:events", "create:events"]
                redirectUris: ["com.example.mobile:/cb"]
              - id: firstparty
                name: Our own app
                firstParty: true
                grantTypes: [authorization_code]
                allowedScopes: [openid, photos.read, "view:events", "create:events"]
                redirectUris: ["https://first.example/cb"]
                secret: %s
              - id: strictfirst
                name: Our strict app
                firstParty: true
                requireConsent: true
                grantTypes: [authorization_code]
                allowedScopes: [openid, photos.read]
                redirectUris: ["https://strict.example/cb"]
                secret: %s
            users:
              - {username: alice, password: alice-test-password, roles: [organizer]}
              - {username: bob, password: bob-test-password, roles: [participant]}
              - {username: carol, password: carol-test-password, roles: []}
            """.formatted(ARCHIVER_SECRET, INDEXER_SECRET, NODEFAULTS_SECRET, MULTI_SECRET, WEBAPP_SECRET,
            PHOTOPRINT_SECRET, FIRSTPARTY_SECRET, STRICT_SECRET);

    // Strict: a body with anything after its JSON value is not JSON (Javalin's 404 text once followed ours).
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Null for a {@link #perClass()} server outside its test class. */
    private ScopekeeperServer server;
    /** The configuration a {@link #perClass} server starts with. */
    private final String config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(ScopekeeperServer server) {
        this(server, CONFIG);
    }

    private TestServer(ScopekeeperServer server, String config) {
        this.server = server;
        this.config = config;
    }

    public static TestServer start(DatabaseSettings database, UnaryOperator<ServerSettings> customize) {
        return new TestServer(startServer(database, customize));
    }

    /**
     * A server in demo mode (it also serves {@code /demo} and {@code /demo/callback}, and gives each
     * confidential client without a secret a new one: {@code server().configResult()}) on a fresh H2
     * database. The demo's redirect URI is the issuer + {@code /demo/callback}, so the configuration
     * is made for the issuer: the port is chosen first (free when probed), then the server binds it.
     */
    public static TestServer startDemo(Function<String, String> configForIssuer) {
        int port = freePort();
        String yaml = configForIssuer.apply("http://127.0.0.1:" + port);
        ServerSettings settings = ServerSettings.defaults().withListen("127.0.0.1", port).withDatabase(freshH2());
        return new TestServer(ScopekeeperServer.start(settings, ConfigLoader.parse("demo-test.yaml", yaml), true));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One server for all tests of a class, on a fresh H2 database:
     * {@code @RegisterExtension static final TestServer server = TestServer.perClass();}
     */
    public static TestServer perClass() {
        return new TestServer(null);
    }

    /** Like {@link #perClass()} with another configuration file's text. */
    public static TestServer perClass(String configYaml) {
        return new TestServer(null, configYaml);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = startServer(freshH2(), s -> s, config);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private static DatabaseSettings freshH2() {
        return DatabaseSettings.h2Memory("sk_" + UUID.randomUUID().toString().replace("-", ""));
    }

    private static ScopekeeperServer startServer(DatabaseSettings database, UnaryOperator<ServerSettings> customize) {
        return startServer(database, customize, CONFIG);
    }

    private static ScopekeeperServer startServer(DatabaseSettings database, UnaryOperator<ServerSettings> customize, String yaml) {
        ServerSettings settings = customize.apply(ServerSettings.defaults().withListen("127.0.0.1", 0).withDatabase(database));
        return ScopekeeperServer.start(settings, ConfigLoader.parse("test.yaml", yaml), false);
    }

    public ScopekeeperServer server() {
        return server;
    }

    public String issuer() {
        return server.issuer();
    }

    public String url(String path) {
        return server.issuer() + path;
    }

    /** A form POST with the given raw (already encoded) body and header name/value pairs. */
    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public HttpResponse<String> postForm(String path, String body, String... headers) {
        return post(path, "application/x-www-form-urlencoded", body, headers);
    }

    /** A form POST authenticated with client_secret_basic. */
    public HttpResponse<String> postBasic(String path, String clientId, String secret, String body) {
        return postForm(path, body, "Authorization", basic(clientId, secret));
    }

    public HttpResponse<String> request(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A request without a body, with header name/value pairs. */
    public HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path) {
        return request("GET", path);
    }

    /** A client_credentials access token (asserting success). */
    public String token(String clientId, String secret, String scope) {
        HttpResponse<String> r = postBasic("/token", clientId, secret,
                "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + enc(scope)));
        if (r.statusCode() != 200) {
            throw new AssertionError("token request failed: " + r.statusCode() + " " + r.body());
        }
        return (String) json(r).get("access_token");
    }

    public static String basic(String clientId, String secret) {
        String pair = enc(clientId) + ":" + enc(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static Map<String, Object> json(HttpResponse<String> r) {
        try {
            return JSON.readValue(r.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** The exact error JSON a response must carry. */
    public static Map<String, Object> error(String code, String description) {
        return description == null ? Map.of("error", code) : Map.of("error", code, "error_description", description);
    }

    /** Sends a request built by the test (its own method, headers and body publisher). */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
