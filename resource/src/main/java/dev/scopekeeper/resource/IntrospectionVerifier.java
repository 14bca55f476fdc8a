package dev.scopekeeper.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.scopekeeper.scopes.ScopeSet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Introspection mode (RFC 7662) for tokens a resource server cannot verify itself (opaque tokens):
 * asks the issuer's introspection endpoint, as a confidential client, and keeps answers in a bounded
 * cache — an active answer until {@code min(exp, now + ttl)}, an inactive one for a short while — so a
 * busy API does not ask once per request. Checks: {@code active}; {@code iss} (when present) is the
 * issuer; {@code aud} contains the audience (required); {@code exp} is in the future; the token is not a
 * refresh token. The trade-off of the cache: a token revoked at the server passes here until the
 * cached answer ends (at most the ttl); JWT access tokens with {@link TokenVerifier} and the revocation
 * feed avoid it.
 */
public final class IntrospectionVerifier implements AccessTokenVerification {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final Duration INACTIVE_TTL = Duration.ofSeconds(5);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final String issuer;
    private final String audience;
    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration ttl;
    private final Clock clock;
    private final Cache<String, Answer> cache;

    private record Answer(VerifiedToken token, Instant until) {
    }

    private IntrospectionVerifier(Builder b) {
        this.issuer = Objects.requireNonNull(b.issuer, "issuer");
        this.audience = Objects.requireNonNull(b.audience, "audience");
        this.endpoint = b.endpoint != null ? b.endpoint : URI.create(b.issuer + "/introspect");
        Objects.requireNonNull(b.clientId, "clientCredentials");
        // RFC 6749 §2.3.1: id and secret are form-encoded, then joined and base64-encoded.
        String pair = URLEncoder.encode(b.clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(b.secret, StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout).build();
        this.timeout = b.timeout;
        this.ttl = b.ttl;
        this.clock = b.clock;
        this.cache = Caffeine.newBuilder().maximumSize(b.cacheSize).executor(Runnable::run).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String issuer() {
        return issuer;
    }

    @Override
    public String audience() {
        return audience;
    }

    @Override
    public VerifiedToken verify(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty() || token.length() > TokenVerifier.MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "the access token is malformed");
        }
        Instant now = clock.instant();
        String key = sha256(token);
        Answer answer = cache.getIfPresent(key);
        if (answer == null || !now.isBefore(answer.until())) {
            answer = ask(token, now);
            cache.put(key, answer);
        }
        if (answer.token() == null) {
            throw new TokenRejectedException(TokenRejectedException.Reason.INACTIVE, "the access token is not active");
        }
        if (!now.isBefore(answer.token().expiresAt())) {
            throw new TokenRejectedException(TokenRejectedException.Reason.EXPIRED, "the access token has expired");
        }
        return answer.token();
    }

    private Answer ask(String token, Instant now) throws TokenRejectedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", authorization).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                        + "&token_type_hint=access_token"))
                .build();
        Map<String, Object> json;
        try {
            HttpResponse<byte[]> response = http.send(request,
                    info -> info.statusCode() == 200 ? new BoundedBody(MAX_ANSWER_BYTES) : HttpResponse.BodySubscribers.replacing(null));
            if (response.statusCode() != 200 || response.body() == null) {
                throw new JwksUnavailableException("introspection at " + endpoint + " answered " + response.statusCode());
            }
            json = JSONObjectUtils.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException | java.text.ParseException e) {
            throw new JwksUnavailableException("introspection at " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JwksUnavailableException("interrupted while asking " + endpoint, e);
        }
        // RFC 7662 §2.2: only "active" is required; anything not active is simply inactive.
        if (!Boolean.TRUE.equals(json.get("active"))) {
            return new Answer(null, now.plus(INACTIVE_TTL));
        }
        return new Answer(describe(json), earliest(now.plus(ttl), expiry(json)));
    }

    private VerifiedToken describe(Map<String, Object> json) throws TokenRejectedException {
        Object iss = json.get("iss");
        if (iss != null && !issuer.equals(iss)) {
            throw new TokenRejectedException(TokenRejectedException.Reason.WRONG_ISSUER, "the access token is from another issuer");
        }
        Object type = json.get("token_type");
        if ("refresh_token".equals(type)) {
            throw new TokenRejectedException(TokenRejectedException.Reason.WRONG_TYPE, "a refresh token is not an access token");
        }
        List<String> audiences = audiences(json.get("aud"));
        if (!audiences.contains(audience)) {
            throw new TokenRejectedException(TokenRejectedException.Reason.WRONG_AUDIENCE, "the access token is for another audience");
        }
        Instant exp = expiry(json);
        Object sub = json.get("sub");
        Object clientId = json.get("client_id");
        if (exp == null || !(sub instanceof String) || !(clientId instanceof String)) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MISSING_CLAIM, "the introspection answer lacks exp, sub or client_id");
        }
        Object scope = json.get("scope");
        Object jti = json.get("jti");
        return new VerifiedToken((String) sub, (String) clientId, scope instanceof String s ? ScopeSet.parseOrEmpty(s) : ScopeSet.empty(),
                audiences, exp, jti instanceof String j ? j : "", json);
    }

    private static List<String> audiences(Object aud) {
        if (aud instanceof String s) {
            return List.of(s);
        }
        if (aud instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static Instant expiry(Map<String, Object> json) {
        return json.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    }

    private static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private String issuer;
        private String audience;
        private URI endpoint;
        private String clientId;
        private String secret;
        private HttpClient http;
        private Duration timeout = Duration.ofSeconds(5);
        private Duration ttl = DEFAULT_TTL;
        private int cacheSize = 10_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder issuer(String value) {
            this.issuer = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            return this;
        }

        public Builder audience(String value) {
            this.audience = value;
            return this;
        }

        /** Default: {@code {issuer}/introspect}. */
        public Builder endpoint(URI value) {
            this.endpoint = value;
            return this;
        }

        public Builder clientCredentials(String id, String clientSecret) {
            this.clientId = Objects.requireNonNull(id, "id");
            this.secret = Objects.requireNonNull(clientSecret, "secret");
            return this;
        }

        public Builder httpClient(HttpClient value) {
            this.http = value;
            return this;
        }

        /** How long an active answer is reused (bounded by the token's exp); 0 asks every time. */
        public Builder cacheTtl(Duration value) {
            if (value.isNegative() || value.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("cache ttl must be 0 to 5 minutes");
            }
            this.ttl = value;
            return this;
        }

        public Builder cacheSize(int value) {
            this.cacheSize = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public IntrospectionVerifier build() {
            return new IntrospectionVerifier(this);
        }
    }
}
