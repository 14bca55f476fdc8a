package dev.scopekeeper.resource;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The issuer's signing keys, found through its RFC 8414 metadata ({@code jwks_uri}) and kept in memory.
 *
 * <ul>
 *   <li>Discovery: {@code GET https://host/.well-known/oauth-authorization-server[/path]} (RFC 8414 §3.1); the
 *       metadata's {@code issuer} must equal the configured issuer (§3.3), else no key is ever taken from it.</li>
 *   <li>Refetch on an unknown {@code kid} (a rotation), at most once per {@link Builder#minRefetchInterval}
 *       (10 s by default) whatever the traffic, so a flood of tokens with random kids cannot hammer the
 *       authorization server. Threads asking while a fetch is in flight wait for it instead of fetching again.</li>
 *   <li>Keys older than {@link Builder#maxAge} (5 min) are refreshed in the background on next use, so a key
 *       the issuer withdrew stops verifying even when no new kid ever shows up.</li>
 *   <li>A failing fetch keeps the last good keys (and is logged through {@link System.Logger}).</li>
 *   <li>HTTP: the JDK client, no redirects, one timeout for the whole exchange, documents ≤ 1 MiB, https only
 *       (plain http only for an issuer on the loopback interface, for tests and local development).</li>
 * </ul>
 * Thread-safe. One source can serve several {@link TokenVerifier}s (one per audience) of the same issuer.
 */
public final class JwksSource {
    public static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(JwksSource.class.getName());
    private static final long NEVER = Long.MIN_VALUE;

    /** The usable keys of one fetched JWKS by kid (a kid may name keys of several types), and when they came. */
    private record KeySet(Map<String, List<VerificationKey>> byKid, long fetchedAtMillis) {
    }

    private final String issuer;
    private final URI metadataUri;
    private final boolean plainHttpAllowed;
    private final HttpClient http;
    private final Duration timeout;
    private final long minRefetchMillis;
    private final long maxAgeMillis;
    private final Clock clock;
    private final Executor refreshExecutor;

    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    /** Null until the first successful fetch; then replaced only by another successful one. */
    private volatile KeySet keys;
    /** From the metadata, once it has been validated. */
    private volatile URI jwksUri;
    /** Written under fetchLock. */
    private volatile long lastAttemptMillis = NEVER;
    private volatile JwksUnavailableException lastFailure;

    private JwksSource(Builder b) {
        this.issuer = b.issuer;
        this.plainHttpAllowed = isLoopbackHttp(URI.create(b.issuer));
        this.metadataUri = b.metadataUri != null ? b.metadataUri : metadataUriFor(b.issuer);
        this.timeout = b.timeout;
        this.http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.minRefetchMillis = b.minRefetchInterval.toMillis();
        this.maxAgeMillis = b.maxAge.toMillis();
        this.clock = b.clock;
        this.refreshExecutor = b.refreshExecutor;
        try {
            requireFetchable(metadataUri, "metadata URI");
        } catch (JwksUnavailableException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A source for {@code issuer}: an https URL (http only on 127.0.0.1, ::1 or localhost), no query or fragment. */
    public static Builder forIssuer(String issuer) {
        return new Builder(issuer);
    }

    public String issuer() {
        return issuer;
    }

    /** Where the metadata is fetched from. */
    public URI metadataUri() {
        return metadataUri;
    }

    /**
     * Fetches metadata (if not done yet) and keys now, e.g. at start-up so that a misconfiguration fails fast.
     * Counts as a fetch for the rate limit.
     *
     * @throws JwksUnavailableException if the fetch fails (earlier keys, if any, are kept)
     */
    public void load() {
        fetchLock.lock();
        try {
            long now = clock.millis();
            lastAttemptMillis = now;
            keys = fetch(now);
            lastFailure = null;
        } catch (JwksUnavailableException e) {
            lastFailure = e;
            throw e;
        } finally {
            fetchLock.unlock();
        }
    }

    /**
     * The keys named {@code kid}, refetching the JWKS once (rate-limited) if no key has that kid; empty if it
     * is still unknown.
     *
     * @throws JwksUnavailableException if no key set was ever fetched
     */
    List<VerificationKey> keysFor(String kid, long nowMillis) {
        KeySet current = keys;
        if (current != null) {
            List<VerificationKey> found = current.byKid().get(kid);
            if (found != null) {
                refreshIfStale(current, nowMillis);
                return found;
            }
        }
        refetch(true);
        current = keys;
        if (current == null) {
            JwksUnavailableException failure = lastFailure;
            throw new JwksUnavailableException("no signing keys of " + issuer + " available"
                    + (failure == null ? "" : ": " + failure.getMessage()), failure);
        }
        return current.byKid().getOrDefault(kid, List.of());
    }

    /** Whether the current key set still has {@code kid}; never fetches in the caller's thread. */
    boolean stillPublishes(String kid, long nowMillis) {
        KeySet current = keys;
        if (current == null) {
            return false;
        }
        refreshIfStale(current, nowMillis);
        return current.byKid().containsKey(kid);
    }

    private boolean rateLimited(long nowMillis) {
        long last = lastAttemptMillis;
        return last != NEVER && nowMillis < last + minRefetchMillis;
    }

    /** Fetches unless a fetch happened within the rate-limit window; {@code wait}: wait for one in flight. */
    private void refetch(boolean wait) {
        if (wait) {
            fetchLock.lock();
        } else if (!fetchLock.tryLock()) {
            return;
        }
        try {
            long now = clock.millis();
            if (rateLimited(now)) {
                return;
            }
            lastAttemptMillis = now;
            keys = fetch(now);
            lastFailure = null;
        } catch (JwksUnavailableException e) {
            lastFailure = e;
            LOG.log(System.Logger.Level.WARNING, "key fetch failed, keeping the last good keys (if any): " + e.getMessage());
        } finally {
            fetchLock.unlock();
        }
    }

    private void refreshIfStale(KeySet current, long nowMillis) {
        if (nowMillis - current.fetchedAtMillis() < maxAgeMillis || rateLimited(nowMillis)
                || !refreshQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            refreshExecutor.execute(() -> {
                try {
                    refetch(false);
                } finally {
                    refreshQueued.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshQueued.set(false);
        }
    }

    private KeySet fetch(long nowMillis) {
        URI uri = jwksUri;
        if (uri == null) {
            uri = discover();
            jwksUri = uri;
        }
        JWKSet set;
        try {
            set = JWKSet.parse(get(uri, "JWKS"));
        } catch (ParseException e) {
            throw new JwksUnavailableException("JWKS at " + uri + " is not a valid JWK set: " + e.getMessage(), e);
        }
        Map<String, List<VerificationKey>> byKid = new HashMap<>();
        for (JWK jwk : set.getKeys()) {
            VerificationKey.from(jwk).ifPresent(k -> byKid.computeIfAbsent(k.kid(), kid -> new ArrayList<>(1)).add(k));
        }
        byKid.replaceAll((kid, list) -> List.copyOf(list));
        return new KeySet(Map.copyOf(byKid), nowMillis);
    }

    private URI discover() {
        Map<String, Object> metadata;
        try {
            metadata = JSONObjectUtils.parse(get(metadataUri, "metadata"));
        } catch (ParseException e) {
            throw new JwksUnavailableException("metadata at " + metadataUri + " is not a JSON object", e);
        }
        // RFC 8414 §3.3: the issuer in the metadata MUST be identical to the one it was requested for
        Object named = metadata.get("issuer");
        if (!issuer.equals(named)) {
            throw new JwksUnavailableException("metadata at " + metadataUri + " names issuer " + shorten(named)
                    + ", not " + issuer + " (RFC 8414 section 3.3); its keys are not used");
        }
        if (!(metadata.get("jwks_uri") instanceof String value)) {
            throw new JwksUnavailableException("metadata at " + metadataUri + " has no jwks_uri");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new JwksUnavailableException("metadata at " + metadataUri + " has an invalid jwks_uri", e);
        }
        requireFetchable(uri, "jwks_uri");
        return uri;
    }

    private void requireFetchable(URI uri, String what) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) && plainHttpAllowed;
        if (!uri.isAbsolute() || uri.getHost() == null || !(https || http)) {
            throw new JwksUnavailableException(what + " " + uri + " must be an https URL"
                    + (plainHttpAllowed ? " (or http)" : ""));
        }
    }

    private String get(URI uri, String what) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request,
                info -> info.statusCode() == 200 ? new BoundedBody(MAX_DOCUMENT_BYTES) : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<byte[]> response;
        try {
            // One deadline for the whole exchange: the client's timeout stops at the headers, not the body.
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new JwksUnavailableException(what + " at " + uri + " did not answer within " + timeout, e);
        } catch (ExecutionException e) {
            throw new JwksUnavailableException(what + " at " + uri + " could not be fetched: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new JwksUnavailableException(what + " fetch from " + uri + " was interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new JwksUnavailableException(what + " at " + uri + " answered HTTP " + response.statusCode());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** RFC 8414 §3.1: the well-known suffix goes between the host and the issuer's path (without its final '/'). */
    static URI metadataUriFor(String issuer) {
        URI uri = URI.create(issuer);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/.well-known/oauth-authorization-server" + path);
    }

    private static boolean isLoopbackHttp(URI issuer) {
        String host = issuer.getHost();
        return "http".equalsIgnoreCase(issuer.getScheme())
                && ("127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host) || "[::1]".equals(host));
    }

    private static String shorten(Object value) {
        String s = String.valueOf(value);
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    public static final class Builder {
        private final String issuer;
        private URI metadataUri;
        private HttpClient httpClient;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration minRefetchInterval = DEFAULT_MIN_REFETCH_INTERVAL;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Clock clock = Clock.systemUTC();
        private Executor refreshExecutor = Builder::daemonThread;

        private Builder(String issuer) {
            this.issuer = checkIssuer(issuer);
        }

        /** Overrides discovery's URL, e.g. for a server that appends the suffix to its path (OpenID style). */
        public Builder metadataUri(URI uri) {
            this.metadataUri = uri;
            return this;
        }

        /** A client of your own (proxy, TLS settings); it should not follow redirects. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /** Deadline for each HTTP exchange (connect, headers and body); default 5 s. */
        public Builder timeout(Duration value) {
            this.timeout = positive(value, "timeout");
            return this;
        }

        /** At most one fetch per this interval, whatever the traffic; default 10 s. */
        public Builder minRefetchInterval(Duration value) {
            this.minRefetchInterval = positive(value, "minRefetchInterval");
            return this;
        }

        /** Keys older than this are refreshed in the background on next use; default 5 min. */
        public Builder maxAge(Duration value) {
            this.maxAge = positive(value, "maxAge");
            return this;
        }

        public Builder clock(Clock value) {
            if (value == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = value;
            return this;
        }

        /** Where background refreshes run (tests run them inline); default: a short-lived daemon thread. */
        Builder refreshExecutor(Executor executor) {
            this.refreshExecutor = executor;
            return this;
        }

        public JwksSource build() {
            return new JwksSource(this);
        }

        private static void daemonThread(Runnable task) {
            Thread t = new Thread(task, "scopekeeper-jwks-refresh");
            t.setDaemon(true);
            t.start();
        }

        static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        /** RFC 8414 §2: an https URL with no query or fragment (http on loopback allowed for development). */
        static String checkIssuer(String issuer) {
            if (issuer == null || issuer.isEmpty()) {
                throw new IllegalArgumentException("issuer is required");
            }
            URI uri;
            try {
                uri = new URI(issuer);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("issuer is not a URL: " + e.getMessage(), e);
            }
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            if (!uri.isAbsolute() || uri.getHost() == null || !(https || isLoopbackHttp(uri))) {
                throw new IllegalArgumentException("issuer must be an https URL (http only on the loopback interface): " + issuer);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("issuer must have no query or fragment (RFC 8414 section 2): " + issuer);
            }
            return issuer;
        }
    }
}
