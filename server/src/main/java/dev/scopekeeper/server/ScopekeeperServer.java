package dev.scopekeeper.server;

import dev.scopekeeper.server.client.ClientAuthenticator;
import dev.scopekeeper.server.client.ClientRegistry;
import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.server.config.ConfigApplier;
import dev.scopekeeper.server.config.ConfigException;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.config.ValidatedConfig;
import dev.scopekeeper.server.consent.AuthorizationFlow;
import dev.scopekeeper.server.endpoint.AccountEndpoint;
import dev.scopekeeper.server.endpoint.BearerAccess;
import dev.scopekeeper.server.endpoint.AuthorizeEndpoint;
import dev.scopekeeper.server.endpoint.ConsentEndpoint;
import dev.scopekeeper.server.endpoint.DemoEndpoint;
import dev.scopekeeper.server.endpoint.HealthEndpoint;
import dev.scopekeeper.server.endpoint.LoginEndpoint;
import dev.scopekeeper.server.endpoint.RevocationFeedEndpoint;
import dev.scopekeeper.server.endpoint.UserInfoEndpoint;
import dev.scopekeeper.server.fga.FgaHttp;
import dev.scopekeeper.server.fga.ModelEndpoints;
import dev.scopekeeper.server.fga.QueryEndpoints;
import dev.scopekeeper.server.fga.TupleEndpoints;
import dev.scopekeeper.server.grant.AuthorizationCodeGrant;
import dev.scopekeeper.server.grant.RefreshTokenGrant;
import dev.scopekeeper.server.grant.UserTokens;
import dev.scopekeeper.server.session.LoginThrottle;
import dev.scopekeeper.server.session.Sessions;
import dev.scopekeeper.server.web.StylesheetEndpoint;
import dev.scopekeeper.server.endpoint.IntrospectionEndpoint;
import dev.scopekeeper.server.endpoint.JwksEndpoint;
import dev.scopekeeper.server.endpoint.MetadataEndpoint;
import dev.scopekeeper.server.endpoint.RevocationEndpoint;
import dev.scopekeeper.server.endpoint.TokenEndpoint;
import dev.scopekeeper.server.grant.ClientCredentialsGrant;
import dev.scopekeeper.server.grant.GrantHandler;
import dev.scopekeeper.server.http.HttpServer;
import dev.scopekeeper.server.http.Route;
import dev.scopekeeper.server.policy.BuiltInApis;
import dev.scopekeeper.server.policy.CurrentCatalog;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.store.Store;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import dev.scopekeeper.server.token.AccessTokenVerifier;
import dev.scopekeeper.server.token.SigningCpu;
import dev.scopekeeper.server.token.SigningKeys;
import dev.scopekeeper.server.token.TokenIssuer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires the server together; the only place that calls {@code new} on collaborators (STYLE.md 8). */
public final class ScopekeeperServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScopekeeperServer.class);
    private static final Duration CLIENT_CACHE_STALENESS = Duration.ofSeconds(10);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);
    private static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    // OWASP Authentication Cheat Sheet: throttle guessing per account and per source address.
    private static final int LOGIN_FAILURES_PER_ACCOUNT = 5;
    private static final int LOGIN_FAILURES_PER_ADDRESS = 20;
    private static final Duration LOGIN_WINDOW = Duration.ofMinutes(15);

    private final Database database;
    private final Store store;
    private final SigningKeys keys;
    private final HttpServer http;
    private final ScheduledExecutorService scheduler;
    private final String issuer;
    private final ConfigApplier.Result configResult;
    private final CompletableFuture<Void> jvmMetrics;

    private ScopekeeperServer(Database database, Store store, SigningKeys keys, HttpServer http,
                              ScheduledExecutorService scheduler, String issuer, ConfigApplier.Result configResult,
                              CompletableFuture<Void> jvmMetrics) {
        this.database = database;
        this.store = store;
        this.keys = keys;
        this.http = http;
        this.scheduler = scheduler;
        this.issuer = issuer;
        this.configResult = configResult;
        this.jvmMetrics = jvmMetrics;
    }

    /**
     * Validates the configuration file (if any) before touching the database, opens and migrates the
     * database, applies the configuration, loads or creates the signing key, and starts listening.
     */
    public static ScopekeeperServer start(ServerSettings s) {
        ValidatedConfig config = s.configFile() == null ? null : ConfigLoader.load(s.configFile());
        return start(s, config, false);
    }

    /**
     * Starts with an already validated configuration (or none). {@code demo} gives every confidential
     * client without a secret in the configuration a new one (the demo shows them), and serves the
     * demo's own pages ({@link DemoEndpoint}).
     */
    public static ScopekeeperServer start(ServerSettings s, ValidatedConfig config, boolean demo) {
        boolean freshSecrets = demo;
        long t0 = System.nanoTime();
        int port = s.port() == 0 ? freePort(s.host()) : s.port();
        String issuer = s.issuer() != null ? s.issuer() : "http://" + hostForUrl(s.host()) + ":" + port;
        if (config != null) {
            requireNoBuiltInAudience(s, config, issuer);
        }
        // The database opens (and migrates) on its own thread while this one binds the port: on 2 cores that
        // takes the slower of the two instead of both (BENCHMARKS.md, session 7). Connections wait in the
        // listen backlog until every route is in place (HttpServer.Bound).
        CompletableFuture<Database> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                opening.complete(Database.open(s.database()));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "scopekeeper-db-open");
        opener.start();
        HttpServer.Bound bound;
        try {
            bound = HttpServer.bind(s.host(), port);
        } catch (RuntimeException e) {
            try { // nothing left running: the database (still opening, maybe migrating) is closed once open
                awaitOpen(opening).close();
            } catch (RuntimeException | Error alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        long tHttpBound = System.nanoTime();
        Database database;
        try {
            database = awaitOpen(opening);
        } catch (RuntimeException | Error e) {
            bound.close();
            throw e;
        }
        long tDb = System.nanoTime();
        try {
            Store store = new JdbcStore(database);
            ConfigApplier.Result applied = config == null
                    ? new ConfigApplier.Result(java.util.Map.of())
                    : new ConfigApplier(store, s.clock()).apply(config, freshSecrets);
            if (config != null && !config.users().isEmpty()) {
                // Argon2id needs 19 MiB per password: one full collection gives that memory back to the
                // OS (the heap shrinks) instead of keeping it for the process's life (BENCHMARKS.md, RSS).
                System.gc();
            }
            long tConfig = System.nanoTime();

            SigningKeys keys = new SigningKeys(store, s.algorithm(), s.keyPublishTime(), s.clock()).start();
            long tKeys = System.nanoTime();
            CurrentCatalog catalog = new CurrentCatalog(store, List.of(BuiltInApis.fga(issuer))).reload();
            ClientRegistry clients = new ClientRegistry(store, CLIENT_CACHE_STALENESS);
            ClientAuthenticator authenticator = new ClientAuthenticator(clients);
            SigningCpu signingCpu = SigningCpu.fromSystemProperty();
            TokenIssuer issuerService = new TokenIssuer(issuer, keys, s.tokenLifetime(), s.clock(), signingCpu);
            AccessTokenVerifier verifier = new AccessTokenVerifier(issuer, keys, s.clock());
            BearerAccess bearer = new BearerAccess(verifier, store);
            UserTokens userTokens = new UserTokens(issuerService, store, REFRESH_TOKEN_LIFETIME, s.clock());
            List<GrantHandler> grants = List.of(new ClientCredentialsGrant(catalog, issuerService),
                    new AuthorizationCodeGrant(store, store, store, userTokens, s.clock()),
                    new RefreshTokenGrant(store, store, catalog, userTokens, s.clock()));
            Sessions sessions = new Sessions(store, s.clock(), SESSION_LIFETIME, issuer.startsWith("https:"));
            AuthorizationFlow flow = new AuthorizationFlow(issuer, clients, catalog, store, store, store, sessions, s.clock());
            AccountEndpoint account = new AccountEndpoint(store, clients, catalog, sessions, flow, s.clock());
            LoginThrottle throttle = new LoginThrottle(LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW, s.clock());

            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Counter issued = Counter.builder("scopekeeper.tokens.issued").register(meters);
            signingCpu.bindTo(meters);
            if (signingCpu.enabled()) {
                LOG.info("timing every access-token signature ({}=true): a benchmark setting, 1-3 us per token", SigningCpu.PROPERTY);
            }

            MetadataEndpoint metadata = new MetadataEndpoint(issuer, catalog,
                    () -> grants.stream().map(GrantHandler::type).toList(), keys);
            List<Route> routes = new java.util.ArrayList<>(List.of(
                    Route.get("/.well-known/oauth-authorization-server", "metadata", metadata),
                    Route.get("/.well-known/openid-configuration", "metadata", metadata),
                    Route.get(MetadataEndpoint.JWKS, "jwks", new JwksEndpoint(keys)),
                    // The protocol's machine-to-machine endpoints skip Javalin's routing (small JSON, never compressed).
                    Route.post(MetadataEndpoint.TOKEN, "token", new TokenEndpoint(authenticator, grants, issued::increment)).asDirect(),
                    Route.post(MetadataEndpoint.REVOKE, "revoke", new RevocationEndpoint(authenticator, verifier, store, store, s.clock())).asDirect(),
                    Route.post(MetadataEndpoint.INTROSPECT, "introspect", new IntrospectionEndpoint(authenticator, verifier, store, store, issuer, s.clock())).asDirect(),
                    new Route(MetadataEndpoint.AUTHORIZE, Set.of("GET", "POST"), "authorize", new AuthorizeEndpoint(flow)),
                    Route.post(AuthorizationFlow.LOGIN_ACTION, "login", new LoginEndpoint(flow, store, sessions, throttle)),
                    Route.post(AuthorizationFlow.CONSENT_ACTION, "consent", new ConsentEndpoint(flow, sessions)),
                    new Route(MetadataEndpoint.USERINFO, Set.of("GET", "HEAD", "POST"), "userinfo", new UserInfoEndpoint(bearer)),
                    Route.get(AccountEndpoint.PATH, "account", account.page()),
                    Route.post(AccountEndpoint.REVOKE_PATH, "account", account.revoke()),
                    Route.post(AccountEndpoint.LOGOUT_PATH, "logout", account.logout()),
                    Route.get(StylesheetEndpoint.PATH, "assets", new StylesheetEndpoint()),
                    Route.get(RevocationFeedEndpoint.PATH, "revocations", new RevocationFeedEndpoint(authenticator, store, s.clock())),
                    Route.get("/health/live", "health", HealthEndpoint.live()),
                    Route.get("/health/ready", "health", HealthEndpoint.ready(store::isReachable)),
                    Route.get("/metrics", "metrics", HealthEndpoint.metrics(meters::scrape))));
            // Issue 5: the relationship engine on the server's database, behind the built-in FGA API's scopes.
            Fga fga = new Fga(store.fgaTuples(), store.fgaModels(), FgaLimits.DEFAULTS);
            FgaHttp fgaHttp = new FgaHttp(bearer, issuer);
            routes.addAll(new ModelEndpoints(fgaHttp, fga, store.fgaModels(), FgaLimits.DEFAULTS).routes());
            routes.addAll(new TupleEndpoints(fgaHttp, fga, FgaLimits.DEFAULTS).routes());
            routes.addAll(new QueryEndpoints(fgaHttp, fga, FgaLimits.DEFAULTS).routes());
            if (demo) {
                DemoEndpoint demoPages = new DemoEndpoint(issuer);
                routes.add(Route.get(DemoEndpoint.PATH, "demo", demoPages.home()));
                routes.add(Route.get(DemoEndpoint.CALLBACK, "demo", demoPages.callback()));
            }
            long tWired = System.nanoTime();
            HttpServer http = bound.open(routes, meters);
            long tHttp = System.nanoTime();
            LOG.info("started in {} ms, {} ms after the process began (port bound {} ms, database {} ms, configuration {} ms, keys {} ms, wiring {} ms, routes {} ms)",
                    ms(tHttp - t0), processAgeMillis(), ms(tHttpBound - t0), ms(tDb - t0), ms(tConfig - tDb), ms(tKeys - tConfig), ms(tWired - tKeys), ms(tHttp - tWired));

            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "scopekeeper-refresh");
                t.setDaemon(true);
                return t;
            });
            // JVM metrics go through JMX, slow to load (~50-100 ms): bound once serving has begun. Collections are
            // read when scraped, except in a benchmark that times its signatures (GcCollectionMetrics says why).
            CompletableFuture<Void> jvmMetrics = CompletableFuture.runAsync(() -> guarded("jvm metrics", () -> {
                new JvmMemoryMetrics().bindTo(meters);
                if (signingCpu.enabled()) {
                    new JvmGcMetrics().bindTo(meters);
                } else {
                    new GcCollectionMetrics().bindTo(meters);
                }
                new ProcessorMetrics().bindTo(meters);
            }), scheduler);
            long refresh = s.refreshEvery().toMillis();
            scheduler.scheduleWithFixedDelay(() -> guarded("refresh", () -> {
                keys.reload();
                catalog.reload();
            }), refresh, refresh, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(() -> guarded("purge", () -> {
                java.time.Instant now = s.clock().instant();
                store.purgeExpiredRevocations(now);
                // Used codes are kept a day after expiry so that a late replay still revokes what they issued.
                store.purgeCodes(now.minus(Duration.ofDays(1)));
                store.purgeRefreshTokens(now);
                store.purgeAccessTokens(now);
                store.purgeSessions(now);
                keys.purgeExpired();
            }), 0, PURGE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            return new ScopekeeperServer(database, store, keys, http, scheduler, issuer, applied, jvmMetrics);
        } catch (RuntimeException e) {
            bound.close();
            database.close();
            throw e;
        }
    }

    /** The database that the opener thread opened; its failure is rethrown as it was thrown there. */
    private static Database awaitOpen(CompletableFuture<Database> opening) {
        try {
            return opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** The built-in FGA API's audience is the issuer's; a configured API cannot take it (checked before anything is written). */
    private static void requireNoBuiltInAudience(ServerSettings s, ValidatedConfig config, String issuer) {
        String audience = BuiltInApis.fgaAudience(issuer);
        if (config.catalog().apiByAudience(audience).isPresent()) {
            throw new ConfigException(s.configFile() == null ? "configuration" : s.configFile().toString(), 0, "apis",
                    "audience '" + audience + "' is the built-in FGA API's (the issuer + " + BuiltInApis.FGA_PATH
                            + "); give the API another audience");
        }
    }

    /**
     * How long ago this process began, to 10 ms, from /proc (its start in clock ticks since boot, always 100 a second
     * for /proc, against the uptime in hundredths); -1 where there is no /proc. Not ProcessHandle's start time, which
     * Linux gives from the boot time in whole seconds, nor the management API, which costs start-up time to load.
     */
    static long processAgeMillis() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[19]); // field 22 of stat; fields[0] here is field 3
            String uptime = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
            double uptimeSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return Math.round(uptimeSeconds * 1000) - startTicks * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed; will retry", what, e);
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (BindException e) {
            throw new IllegalStateException("cannot bind to " + host, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host, e);
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public String issuer() {
        return issuer;
    }

    public int port() {
        return http.port();
    }

    public Store store() {
        return store;
    }

    public SigningKeys keys() {
        return keys;
    }

    /** Client secrets generated while applying the configuration file, to show once. */
    public ConfigApplier.Result configResult() {
        return configResult;
    }

    /** Completes once the JVM metrics (bound after start, off the start-up path) are registered. */
    public CompletableFuture<Void> jvmMetricsBound() {
        return jvmMetrics;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.close();
        database.close();
    }
}
