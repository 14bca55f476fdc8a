package dev.scopekeeper.benchmarks;

import dev.scopekeeper.server.client.ClientAuthenticator;
import dev.scopekeeper.server.client.ClientRegistry;
import dev.scopekeeper.server.config.ConfigApplier;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.TokenEndpoint;
import dev.scopekeeper.server.grant.ClientCredentialsGrant;
import dev.scopekeeper.server.policy.CurrentCatalog;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import dev.scopekeeper.server.token.SigningAlgorithm;
import dev.scopekeeper.server.token.SigningKeys;
import dev.scopekeeper.server.token.TokenIssuer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * The token-issuing part of the server without HTTP, wired as {@code ScopekeeperServer} wires it
 * (same classes, same cache staleness, same token lifetime) on a fresh in-memory H2 database with
 * a small configuration: client {@value #CLIENT_ID} may get {@value #SCOPE} for the imaging API, as
 * in the HTTP load test ({@code load/scopekeeper-measure.sh}).
 */
public final class InProcessTokenService implements AutoCloseable {
    public static final String CLIENT_ID = "archiver";
    public static final String SECRET = "archiver-bench-secret-0123456789abcdef-01";
    public static final String SCOPE = "read:images";
    public static final String AUDIENCE = "https://imaging.example.com";
    public static final String ISSUER = "http://127.0.0.1:9000";
    /** The same staleness bound as {@code ScopekeeperServer.CLIENT_CACHE_STALENESS}. */
    static final Duration CLIENT_CACHE_STALENESS = Duration.ofSeconds(10);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    static final String CONFIG = """
            apis:
              - audience: %s
                name: Imaging archive
                scopes:
                  - {name: "read:images", description: Read imaging studies}
                  - {name: "delete:images", description: Delete imaging studies}
              - audience: https://photos.example.com
                name: Photos API
                scopes:
                  - {name: photos.read, description: See your photos, default: true}
            clients:
              - id: %s
                name: Imaging archiver
                grantTypes: [client_credentials]
                allowedScopes: ["read:images", "delete:images"]
                defaultScopes: ["read:images"]
                secret: %s
            """.formatted(AUDIENCE, CLIENT_ID, SECRET);

    private final Database database;
    private final SigningKeys keys;
    private final TokenIssuer issuer;
    private final TokenEndpoint tokenEndpoint;
    private final LongAdder issued = new LongAdder();

    public InProcessTokenService(SigningAlgorithm algorithm) {
        this(algorithm, ISSUER);
    }

    /** With another issuer identifier, e.g. the URL of a local server that publishes {@link #keys()}. */
    public InProcessTokenService(SigningAlgorithm algorithm, String issuerId) {
        Clock clock = Clock.systemUTC();
        database = Database.open(DatabaseSettings.h2Memory("bench_" + UUID.randomUUID().toString().replace("-", "")));
        try {
            JdbcStore store = new JdbcStore(database);
            new ConfigApplier(store, clock).apply(ConfigLoader.parse("bench.yaml", CONFIG));
            keys = new SigningKeys(store, algorithm, TOKEN_LIFETIME.plusMinutes(1), clock).start();
            CurrentCatalog catalog = new CurrentCatalog(store).reload();
            ClientAuthenticator authenticator = new ClientAuthenticator(new ClientRegistry(store, CLIENT_CACHE_STALENESS));
            issuer = new TokenIssuer(issuerId, keys, TOKEN_LIFETIME, clock);
            tokenEndpoint = new TokenEndpoint(authenticator, List.of(new ClientCredentialsGrant(catalog, issuer)), issued::increment);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public SigningKeys keys() {
        return keys;
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    public TokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    public long issuedCount() {
        return issued.sum();
    }

    /**
     * What the http layer hands the token endpoint for {@code POST /token} with
     * {@code Authorization: Basic ...} and {@code grant_type=client_credentials&scope=...}.
     */
    public static Request clientCredentialsRequest(String clientId, String secret, String scope) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        byte[] body = ("grant_type=client_credentials&scope=" + scope.replace(":", "%3A").replace(" ", "+"))
                .getBytes(StandardCharsets.UTF_8);
        return new Request("POST", "/token", null, "application/x-www-form-urlencoded",
                name -> "authorization".equalsIgnoreCase(name) ? basic : null, body, "bench");
    }

    @Override
    public void close() {
        database.close();
    }
}
