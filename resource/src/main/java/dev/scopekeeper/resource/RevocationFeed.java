package dev.scopekeeper.resource;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A {@link RevocationList} that follows the authorization server's revocation feed ({@code GET {issuer}/revocations}),
 * so a token revoked there is refused here within about a second while verification stays local: {@link #isRevoked}
 * is one lookup in an in-memory set, never a network call.
 *
 * <ul>
 *   <li>{@link #start()} loads the snapshot (every unexpired revoked jti, page by page while the feed says
 *       {@code more}), then one daemon thread long-polls ({@code ?since=CURSOR&wait=S}, default 25 s) in a loop.
 *       Answers repeat the last seconds before the cursor, so jtis are merged as a set.</li>
 *   <li>The feed authenticates us as a confidential client: HTTP Basic with the form-encoded id and secret
 *       (RFC 6749 §2.3.1).</li>
 *   <li>Entries are dropped once their token expired ({@code exp} plus {@link TokenVerifier#MAX_CLOCK_SKEW}, so a
 *       verifier's clock skew cannot revive a revoked token), swept after every answer.</li>
 *   <li>On any failure (connection refused, timeout, 401, 5xx, a malformed answer) the last known set is kept and
 *       the feed is retried with exponential backoff (100 ms doubling to {@link Builder#maxBackoff}, default 5 s,
 *       with jitter); the first failure of an outage is logged at WARNING ({@link System.Logger}), the recovery at
 *       INFO. {@link #health()} reports it.</li>
 * </ul>
 *
 * <p><b>Trade-off.</b> While the feed is unreachable this list fails open: tokens revoked in the meantime are
 * accepted until they expire (at most the token lifetime, 5 minutes by default), and before the first snapshot
 * nothing is known to be revoked. Verification never stops because the authorization server is down; a
 * deployment that prefers to refuse can watch {@link #health()} and answer 503 itself.
 *
 * <p>Thread-safe. One feed can serve several {@link TokenVerifier}s of the same issuer.
 */
public final class RevocationFeed implements RevocationList, AutoCloseable {
    public static final String PATH = "/revocations";
    public static final Duration DEFAULT_LONG_POLL_WAIT = Duration.ofSeconds(25);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    /** The feed's own limit on {@code wait}. */
    static final int MAX_WAIT_SECONDS = 30;
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
    /** A page holds at most 10,000 revocations of ~70 bytes each. */
    static final int MAX_ANSWER_BYTES = 8 << 20;
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(RevocationFeed.class.getName());
    private static final Pattern CURSOR = Pattern.compile("[0-9]{1,19}");
    private static final long RETENTION_SECONDS = TokenVerifier.MAX_CLOCK_SKEW.toSeconds();

    public enum Status {
        /** The snapshot is loaded and the last poll succeeded recently. */
        UP,
        /** The snapshot was loaded, but the last poll failed or none succeeded for more than twice the wait. */
        DEGRADED,
        /** No snapshot yet: nothing is known to be revoked. */
        DOWN
    }

    /**
     * The feed's state for a health endpoint. {@code lastSuccess} is null before the first good answer,
     * {@code lastError} is the latest failure's message (kept after recovery, for diagnosis) or null.
     */
    public record Health(Status status, Instant lastSuccess, String lastError, int revokedCount, int consecutiveFailures) {
    }

    /** One answer of the feed, parsed and checked in full before anything is applied. */
    private record Page(Map<String, Long> revoked, String cursor, boolean more) {
    }

    private static final class FeedFailure extends Exception {
        FeedFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final URI feedUri;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;
    private final int waitSeconds;
    private final long maxBackoffMillis;
    private final Clock clock;

    /** jti → exp (epoch seconds). */
    private final ConcurrentHashMap<String, Long> revoked = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private Thread thread;
    private boolean closed;
    private volatile boolean running;

    /** Only the thread that polls (the caller of start() before the poller exists) writes these. */
    private String cursor;
    private boolean catchingUp = true;
    private volatile boolean snapshotLoaded;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile int consecutiveFailures;

    private RevocationFeed(Builder b) {
        if (b.clientId == null || b.clientSecret == null) {
            throw new IllegalArgumentException("clientCredentials are required: the feed is for confidential clients");
        }
        this.feedUri = b.feedUri;
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded
        String pair = URLEncoder.encode(b.clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(b.clientSecret, StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        this.timeout = b.timeout;
        this.http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.waitSeconds = (int) b.longPollWait.toSeconds();
        this.maxBackoffMillis = b.maxBackoff.toMillis();
        this.clock = b.clock;
    }

    /** A feed at {@code {issuer}/revocations}; the issuer is an https URL (http only on the loopback interface). */
    public static Builder forIssuer(String issuer) {
        String checked = JwksSource.Builder.checkIssuer(issuer);
        String base = checked.endsWith("/") ? checked.substring(0, checked.length() - 1) : checked;
        return new Builder(URI.create(base + PATH));
    }

    /** A feed at this URL (https; http only on the loopback interface). */
    public static Builder at(URI feedUri) {
        if (feedUri == null) {
            throw new IllegalArgumentException("feed URI is required");
        }
        try {
            JwksSource.Builder.checkIssuer(feedUri.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feed URI must be an https URL (http only on the loopback interface)"
                    + " without query or fragment: " + feedUri);
        }
        return new Builder(feedUri);
    }

    public URI feedUri() {
        return feedUri;
    }

    /** Lock-free: one lookup in the in-memory set. */
    @Override
    public boolean isRevoked(String jti) {
        return jti != null && revoked.containsKey(jti);
    }

    /**
     * Loads the snapshot now, in the caller's thread (so tokens revoked before start are refused from the first
     * request), then starts the polling thread. Never throws because the feed is unreachable: the thread keeps
     * trying, and the returned health says {@link Status#DOWN}.
     *
     * @throws IllegalStateException if already started or closed
     */
    public Health start() {
        synchronized (lifecycle) {
            if (thread != null || closed) {
                throw new IllegalStateException("the revocation feed was already " + (closed ? "closed" : "started"));
            }
            running = true;
            try {
                while (catchingUp) {
                    step();
                }
            } catch (FeedFailure e) {
                failed(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed("interrupted while loading the snapshot");
            }
            thread = new Thread(this::run, "scopekeeper-revocation-feed");
            thread.setDaemon(true);
            thread.start();
        }
        return health();
    }

    public Health health() {
        Instant last = lastSuccess;
        int failures = consecutiveFailures;
        Status status;
        if (!snapshotLoaded) {
            status = Status.DOWN;
        } else if (failures > 0 || last == null
                || clock.instant().isAfter(last.plus(Duration.ofSeconds(2L * waitSeconds)))) {
            status = Status.DEGRADED;
        } else {
            status = Status.UP;
        }
        return new Health(status, last, lastError, revoked.size(), failures);
    }

    /** Stops the polling thread (waiting up to 2 s for it); the set stays readable but no longer changes. */
    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            running = false;
            closed = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: the polling thread, null before start. */
    Thread pollingThread() {
        synchronized (lifecycle) {
            return thread;
        }
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try {
                step();
                backoff = 0;
            } catch (InterruptedException e) {
                return;
            } catch (FeedFailure | RuntimeException e) {
                if (!running) {
                    return;
                }
                failed(e instanceof FeedFailure ? e.getMessage() : "unexpected " + e);
                backoff = backoff == 0 ? Math.min(INITIAL_BACKOFF.toMillis(), maxBackoffMillis) : Math.min(2 * backoff, maxBackoffMillis);
                try {
                    // Jitter: many resource servers must not come back in lockstep after an outage.
                    Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** One request: the snapshot's next page, or a long poll once the snapshot is complete. */
    private void step() throws FeedFailure, InterruptedException {
        Page page = fetch(cursor, catchingUp ? 0 : waitSeconds);
        long now = clock.instant().getEpochSecond();
        page.revoked().forEach((jti, exp) -> {
            if (exp + RETENTION_SECONDS > now) {
                revoked.merge(jti, exp, Math::max);
            }
        });
        revoked.values().removeIf(exp -> exp + RETENTION_SECONDS <= now);
        // A page that ends at its own cursor cannot page further: long-poll instead of asking again at once.
        catchingUp = page.more() && !page.cursor().equals(cursor);
        cursor = page.cursor();
        if (!catchingUp) {
            snapshotLoaded = true;
        }
        succeeded();
    }

    private Page fetch(String since, int wait) throws FeedFailure, InterruptedException {
        URI uri = feedUri;
        if (since != null) {
            String query = "since=" + since + (wait > 0 ? "&wait=" + wait : "");
            uri = URI.create(feedUri + "?" + query);
        }
        Duration deadline = timeout.plusSeconds(wait);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline).GET()
                .header("Accept", "application/json").header("Authorization", authorization).build();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request,
                info -> info.statusCode() == 200 ? new BoundedBody(MAX_ANSWER_BYTES) : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<byte[]> response;
        try {
            // One deadline for the whole exchange: the client's timeout stops at the headers, not the body.
            response = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new FeedFailure("the feed at " + feedUri + " did not answer within " + deadline);
        } catch (ExecutionException e) {
            throw new FeedFailure("the feed at " + feedUri + " could not be reached: " + e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
        if (response.statusCode() == 401) {
            throw new FeedFailure("the feed at " + feedUri + " refused the client credentials (HTTP 401)");
        }
        if (response.statusCode() != 200) {
            throw new FeedFailure("the feed at " + feedUri + " answered HTTP " + response.statusCode());
        }
        return parse(new String(response.body(), StandardCharsets.UTF_8));
    }

    private Page parse(String body) throws FeedFailure {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw malformed("not a JSON object");
        }
        if (!(json.get("revoked") instanceof List<?> entries)) {
            throw malformed("no revoked array");
        }
        if (!(json.get("cursor") instanceof String next) || !CURSOR.matcher(next).matches()) {
            throw malformed("no valid cursor");
        }
        if (!(json.get("more") instanceof Boolean more)) {
            throw malformed("no more flag");
        }
        Map<String, Long> page = new HashMap<>(entries.size() * 2);
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> m) || !(m.get("jti") instanceof String jti) || jti.isEmpty()
                    || !(m.get("exp") instanceof Number exp)) {
                throw malformed("an entry without a jti or exp");
            }
            page.merge(jti, exp.longValue(), Math::max);
        }
        return new Page(page, next, more);
    }

    private FeedFailure malformed(String what) {
        return new FeedFailure("the feed at " + feedUri + " answered malformed JSON: " + what);
    }

    private void succeeded() {
        int failures = consecutiveFailures;
        if (failures > 0) {
            LOG.log(System.Logger.Level.INFO, "revocation feed " + feedUri + " is back after " + failures + " failed attempts");
        }
        consecutiveFailures = 0;
        lastSuccess = clock.instant();
    }

    private void failed(String message) {
        lastError = message;
        int failures = consecutiveFailures + 1;
        consecutiveFailures = failures;
        if (failures == 1) {
            LOG.log(System.Logger.Level.WARNING, "revocation feed unavailable, keeping the last " + revoked.size()
                    + " revocations and retrying (tokens revoked meanwhile are accepted until they expire): " + message);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "revocation feed still unavailable: " + message);
        }
    }

    public static final class Builder {
        private final URI feedUri;
        private String clientId;
        private String clientSecret;
        private HttpClient httpClient;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration longPollWait = DEFAULT_LONG_POLL_WAIT;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Clock clock = Clock.systemUTC();

        private Builder(URI feedUri) {
            this.feedUri = feedUri;
        }

        /** A confidential client of the authorization server (required). */
        public Builder clientCredentials(String id, String secret) {
            if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("client id and secret are required");
            }
            this.clientId = id;
            this.clientSecret = secret;
            return this;
        }

        /** A client of your own (proxy, TLS settings); it should not follow redirects. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /** Deadline for each exchange beyond the long-poll wait (connect, headers and body); default 5 s. */
        public Builder timeout(Duration value) {
            this.timeout = JwksSource.Builder.positive(value, "timeout");
            return this;
        }

        /** How long the feed may hold a poll open when nothing is revoked: whole seconds, 1 to 30; default 25 s. */
        public Builder longPollWait(Duration value) {
            if (value == null || value.toSeconds() < 1 || value.toSeconds() > MAX_WAIT_SECONDS
                    || !value.equals(Duration.ofSeconds(value.toSeconds()))) {
                throw new IllegalArgumentException("longPollWait must be 1 to " + MAX_WAIT_SECONDS + " whole seconds");
            }
            this.longPollWait = value;
            return this;
        }

        /** The longest pause between attempts while the feed fails; default 5 s. */
        public Builder maxBackoff(Duration value) {
            this.maxBackoff = JwksSource.Builder.positive(value, "maxBackoff");
            return this;
        }

        /** For expiry of entries and health; pauses use real time. */
        public Builder clock(Clock value) {
            if (value == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = value;
            return this;
        }

        public RevocationFeed build() {
            return new RevocationFeed(this);
        }
    }
}
