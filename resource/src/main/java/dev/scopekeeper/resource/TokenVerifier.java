package dev.scopekeeper.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.scopekeeper.resource.TokenRejectedException.Reason;
import dev.scopekeeper.scopes.InvalidScopeException;
import dev.scopekeeper.scopes.ScopeSet;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies JWT access tokens (RFC 9068) of one issuer for one API (audience). Thread-safe; build one per API
 * and share it.
 *
 * <p>The chain, in this order; the first step that fails rejects the token with its {@link Reason}:
 * <ol>
 *   <li><b>parse</b>: at most 16 KiB, exactly three base64url parts (JWS compact serialization, RFC 7515 §7.1;
 *       no JWE, no JSON serialization), header a JSON object without {@code crit} — MALFORMED</li>
 *   <li><b>typ</b> is {@code at+jwt} or {@code application/at+jwt}, case-insensitive (RFC 9068 §4), so an ID token
 *       or any other JWT of the issuer cannot pass as an access token — WRONG_TYPE</li>
 *   <li><b>alg</b> is in the allow-list (RS256, ES256, PS256, EdDSA by default); {@code none} and HMAC
 *       ({@code HS*}) are never accepted, whatever the configuration, so a token "signed" with the public key as
 *       an HMAC secret cannot pass (RFC 8725 §3.1) — ALGORITHM_NOT_ALLOWED</li>
 *   <li><b>kid</b> is present — UNKNOWN_KEY</li>
 *   <li><b>key</b>: the issuer's JWKS ({@link JwksSource}) has a key with that kid (an unknown kid refetches the
 *       JWKS, rate-limited) — UNKNOWN_KEY; and its key type and curve (and its {@code alg}, if the JWK names
 *       one) fit the token's alg — ALGORITHM_NOT_ALLOWED</li>
 *   <li><b>signature</b>, verified by Nimbus JOSE+JWT with a verifier built once per key — BAD_SIGNATURE</li>
 *   <li><b>iss</b> equals the configured issuer — WRONG_ISSUER</li>
 *   <li><b>aud</b> (a string or an array) contains the configured audience — WRONG_AUDIENCE</li>
 *   <li><b>exp</b> is required and not passed, <b>nbf</b> (optional) has passed, <b>iat</b> is not in the
 *       future, each with the clock skew (default 30 s) — EXPIRED, NOT_YET_VALID, ISSUED_IN_FUTURE</li>
 *   <li><b>sub</b>, <b>client_id</b>, <b>jti</b>, <b>iat</b> present (RFC 9068 §2.2; the {@code jti} is what
 *       revocation names) — MISSING_CLAIM; a missing iss, aud or exp is MISSING_CLAIM at its own step;
 *       {@code scope}, if present, is a valid RFC 6749 §3.3 scope string — MALFORMED</li>
 *   <li><b>revocation</b>: the {@link RevocationList} does not list the jti, asked on every call — REVOKED</li>
 * </ol>
 * Claims are read only after the signature verified. The header and the payload are each parsed once.
 *
 * <p><b>Cache.</b> A verified token is kept (bounded, default 10,000, keyed by the exact token string) until its
 * exp; a hit re-checks exp and nbf against the clock, that its key is still published, and revocation, and
 * skips everything else: the token string is the signed bytes, so any change to it is a miss.
 *
 * <p><b>Not checked</b> (callers or later layers must, where it matters):
 * <ul>
 *   <li>whether the scope suffices for the request: that is {@link ScopeRequirement}, per route;</li>
 *   <li>revocation, when no {@link RevocationList} is configured: a revoked token is accepted until its exp
 *       (with {@link RevocationList#NONE}, the default); the revocation feed closes that gap;</li>
 *   <li>sender constraints: a DPoP- or mTLS-bound token ({@code cnf}, RFC 9449 / RFC 8705) is accepted as a
 *       plain bearer token;</li>
 *   <li>{@code jku}, {@code x5u}, {@code jwk}, {@code x5c} headers: ignored; keys come only from the configured
 *       issuer's metadata;</li>
 *   <li>claims beyond those above ({@code acr}, {@code auth_time}, {@code azp}, roles, ...), and whether the
 *       token was already used (bearer tokens are meant to be replayed until they expire);</li>
 *   <li>that the subject or client still exists at the issuer (no call per request).</li>
 * </ul>
 */
public final class TokenVerifier implements AccessTokenVerification {
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256", "PS256", "EdDSA");
    /** Longer strings are refused before any decoding. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;

    /** Everything the allow-list may name: asymmetric signatures Nimbus verifies. Never none, never HS*. */
    private static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    /** Numeric dates beyond ±2^40 s (about 34,000 years) are malformed; keeps the millisecond arithmetic exact. */
    private static final long MAX_SECONDS = 1L << 40;
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    /** A verified token with its limits in epoch milliseconds, skew applied, and the kid it was verified with. */
    private record Cached(VerifiedToken token, String kid, long expiresBeforeMillis, long validFromMillis) {
    }

    private final String issuer;
    private final String audience;
    private final Map<String, JWSAlgorithm> allowed;
    private final long skewMillis;
    private final Clock clock;
    private final JwksSource keys;
    private final RevocationList revocations;
    /** Null when caching is off. */
    private final Cache<String, Cached> cache;

    private TokenVerifier(Builder b) {
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.allowed = b.allowed;
        this.skewMillis = b.clockSkew.toMillis();
        this.clock = b.clock;
        this.keys = b.keys != null ? b.keys : JwksSource.forIssuer(b.issuer).clock(b.clock).build();
        this.revocations = b.revocations;
        // Maintenance (eviction, expiry) runs on the calling threads, amortised: handing it to the common pool
        // woke a thread per insertion and added ~10-20 µs to every first-seen token (measured on 2 cores).
        this.cache = b.cacheSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(b.cacheSize)
                .executor(Runnable::run)
                .expireAfter(Expiry.creating((String token, Cached c) ->
                        Duration.ofMillis(Math.max(0, c.expiresBeforeMillis() - clock.millis()))))
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /**
     * Runs the chain (see the class documentation) on {@code token}, the bare token as sent (see
     * {@link BearerToken#extract}).
     *
     * @throws TokenRejectedException  naming the first failed step, with a description safe to show the client
     * @throws JwksUnavailableException if the issuer's keys were never obtained (answer 503, not 401)
     */
    public VerifiedToken verify(String token) throws TokenRejectedException {
        long now = clock.millis();
        // The length check first: looking a huge string up would hash all of it.
        if (cache != null && token != null && token.length() <= MAX_TOKEN_LENGTH) {
            Cached hit = cache.getIfPresent(token);
            if (hit != null) {
                if (keys.stillPublishes(hit.kid(), now)) {
                    checkTimes(hit, now);
                    return notRevoked(hit.token());
                }
                // The issuer withdrew the key: verify from scratch, which will not find it.
                cache.invalidate(token);
            }
        }
        Cached verified = verifyUncached(token, now);
        if (cache != null) {
            cache.put(token, verified);
        }
        return notRevoked(verified.token());
    }

    /** For tests: whether {@code token} is in the cache. */
    boolean isCached(String token) {
        return cache != null && cache.getIfPresent(token) != null;
    }

    private VerifiedToken notRevoked(VerifiedToken token) throws TokenRejectedException {
        if (revocations.isRevoked(token.jti())) {
            throw reject(Reason.REVOKED, "the access token was revoked");
        }
        return token;
    }

    private static void checkTimes(Cached c, long now) throws TokenRejectedException {
        // RFC 7519 §4.1.4: the current time MUST be before exp
        if (now >= c.expiresBeforeMillis()) {
            throw reject(Reason.EXPIRED, "the access token expired");
        }
        // RFC 7519 §4.1.5: the current time MUST be after or equal to nbf
        if (now < c.validFromMillis()) {
            throw reject(Reason.NOT_YET_VALID, "the access token is not valid yet");
        }
    }

    private Cached verifyUncached(String token, long now) throws TokenRejectedException {
        // 1. parse: RFC 7515 §7.1 compact serialization, three base64url parts (§2: no padding)
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw malformed();
        }
        int dot1 = -1;
        int dot2 = -1;
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (dot1 < 0) {
                    dot1 = i;
                } else if (dot2 < 0) {
                    dot2 = i;
                } else {
                    throw malformed();
                }
            } else if (!isBase64Url(c)) {
                throw malformed();
            }
        }
        if (dot2 < 0 || dot1 == 0 || dot2 == dot1 + 1) {
            throw malformed();
        }
        Map<String, Object> header = json(token, 0, dot1);
        // RFC 7515 §4.1.11: we understand no critical extension, so a header with crit must be refused
        if (header.containsKey("crit")) {
            throw malformed();
        }

        // 2. typ: RFC 9068 §4 (and RFC 8725 §3.11, explicit typing); RFC 7515 §4.1.9 allows the "application/" prefix
        if (!(header.get("typ") instanceof String typ)
                || !(typ.equalsIgnoreCase("at+jwt") || typ.equalsIgnoreCase("application/at+jwt"))) {
            throw reject(Reason.WRONG_TYPE, "the access token is not of type at+jwt");
        }

        // 3. alg: RFC 8725 §3.1, the allow-list (names are case-sensitive, RFC 7515 §4.1.1)
        JWSAlgorithm alg = header.get("alg") instanceof String name ? allowed.get(name) : null;
        if (alg == null) {
            throw reject(Reason.ALGORITHM_NOT_ALLOWED, "the access token's signing algorithm is not allowed");
        }

        // 4. kid
        if (!(header.get("kid") instanceof String kid) || kid.isEmpty()) {
            throw reject(Reason.UNKNOWN_KEY, "the access token names no signing key");
        }

        // 5. key: that kid in the issuer's JWKS, of a type that fits alg (RFC 8725 §3.1: the key decides)
        List<VerificationKey> candidates = keys.keysFor(kid, now);
        if (candidates.isEmpty()) {
            throw reject(Reason.UNKNOWN_KEY, "the access token's signing key is unknown");
        }
        VerificationKey key = null;
        for (VerificationKey candidate : candidates) {
            if (candidate.accepts(alg)) {
                key = candidate;
                break;
            }
        }
        if (key == null) {
            throw reject(Reason.ALGORITHM_NOT_ALLOWED, "the access token's signing algorithm does not fit its key");
        }

        // 6. signature (RFC 7515 §5.2): over the first two parts as sent
        try {
            JWSHeader jwsHeader = JWSHeader.parse(header, new Base64URL(token.substring(0, dot1)));
            byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
            if (!key.verifier().verify(jwsHeader, signingInput, new Base64URL(token.substring(dot2 + 1)))) {
                throw badSignature();
            }
        } catch (ParseException e) {
            throw malformed();
        } catch (JOSEException | RuntimeException e) {
            throw badSignature();
        }

        // Claims, read only now that they are known to come from the issuer.
        Map<String, Object> claims = json(token, dot1 + 1, dot2);

        // 7. iss: RFC 9068 §4, exact string comparison (RFC 8414 §3.3)
        Object iss = claims.get("iss");
        if (iss == null) {
            throw missing("iss");
        }
        if (!issuer.equals(iss)) {
            throw reject(Reason.WRONG_ISSUER, "the access token was issued by another issuer");
        }

        // 8. aud: RFC 9068 §4, RFC 7519 §4.1.3 (a string or an array of strings)
        List<String> audiences = audiences(claims.get("aud"));
        if (!audiences.contains(audience)) {
            throw reject(Reason.WRONG_AUDIENCE, "the access token is not meant for this resource server");
        }

        // 9. times, with the clock skew
        long exp = seconds(claims, "exp");
        long expiresBefore = exp * 1000 + skewMillis;
        Object nbfClaim = claims.get("nbf");
        long validFrom = nbfClaim == null ? Long.MIN_VALUE : seconds(claims, "nbf") * 1000 - skewMillis;
        Cached limits = new Cached(null, kid, expiresBefore, validFrom);
        checkTimes(limits, now);
        long iat = seconds(claims, "iat");
        if (iat * 1000 - skewMillis > now) {
            throw reject(Reason.ISSUED_IN_FUTURE, "the access token was issued in the future");
        }

        // 10. the rest of RFC 9068 §2.2
        String sub = requiredString(claims, "sub");
        String clientId = requiredString(claims, "client_id");
        String jti = requiredString(claims, "jti");
        ScopeSet scope;
        Object scopeClaim = claims.get("scope");
        if (scopeClaim == null) {
            scope = ScopeSet.empty();
        } else if (scopeClaim instanceof String s) {
            try {
                scope = ScopeSet.parseOrEmpty(s);
            } catch (InvalidScopeException e) {
                throw malformed();
            }
        } else {
            throw malformed();
        }
        VerifiedToken verified = new VerifiedToken(sub, clientId, scope, audiences, Instant.ofEpochSecond(exp), jti,
                freeze(claims));
        return new Cached(verified, kid, expiresBefore, validFrom);
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** The JSON object base64url-encoded in {@code token[start, end)}. */
    private static Map<String, Object> json(String token, int start, int end) throws TokenRejectedException {
        try {
            byte[] bytes = B64URL.decode(token.substring(start, end));
            Map<String, Object> map = JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
            if (map == null) {
                throw malformed();
            }
            return map;
        } catch (ParseException | RuntimeException e) {
            // IllegalArgumentException: a length no base64 has; anything the JSON parser throws
            throw malformed();
        }
    }

    private static List<String> audiences(Object aud) throws TokenRejectedException {
        if (aud == null) {
            throw missing("aud");
        }
        if (aud instanceof String s) {
            return List.of(s);
        }
        if (aud instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String)) {
                    throw malformed();
                }
            }
            @SuppressWarnings("unchecked")
            List<String> strings = (List<String>) list;
            return List.copyOf(strings);
        }
        throw malformed();
    }

    /** A required RFC 7519 NumericDate, in whole seconds (fractions are dropped, RFC 7519 §2). */
    private static long seconds(Map<String, Object> claims, String name) throws TokenRejectedException {
        Object value = claims.get(name);
        if (value == null) {
            throw missing(name);
        }
        long seconds;
        if (value instanceof Long || value instanceof Integer) {
            seconds = ((Number) value).longValue();
        } else if (value instanceof Double d && Double.isFinite(d) && Math.abs(d) < MAX_SECONDS) {
            seconds = (long) Math.floor(d);
        } else {
            throw malformed();
        }
        if (Math.abs(seconds) >= MAX_SECONDS) {
            throw malformed();
        }
        return seconds;
    }

    private static String requiredString(Map<String, Object> claims, String name) throws TokenRejectedException {
        Object value = claims.get(name);
        if (value == null) {
            throw missing(name);
        }
        if (!(value instanceof String s) || s.isEmpty()) {
            throw malformed();
        }
        return s;
    }

    /** Makes the parsed JSON read-only all the way down (it is shared through the cache). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> claims) {
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                e.setValue(freezeValue(v));
            }
        }
        return Collections.unmodifiableMap(claims);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return freeze((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            ((List<Object>) l).replaceAll(TokenVerifier::freezeValue);
            return Collections.unmodifiableList(l);
        }
        return v;
    }

    private static TokenRejectedException reject(Reason reason, String description) {
        return new TokenRejectedException(reason, description);
    }

    private static TokenRejectedException malformed() {
        return reject(Reason.MALFORMED, "the access token is malformed");
    }

    private static TokenRejectedException badSignature() {
        return reject(Reason.BAD_SIGNATURE, "the access token's signature is invalid");
    }

    private static TokenRejectedException missing(String claim) {
        return reject(Reason.MISSING_CLAIM, "the access token has no '" + claim + "' claim");
    }

    public static final class Builder {
        private String issuer;
        private String audience;
        private Map<String, JWSAlgorithm> allowed = algorithms(DEFAULT_ALGORITHMS);
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Clock clock = Clock.systemUTC();
        private JwksSource keys;
        private RevocationList revocations = RevocationList.NONE;
        private int cacheSize = DEFAULT_CACHE_SIZE;

        private Builder() {
        }

        /** Required: the issuer identifier, exactly as in the tokens' {@code iss} and the issuer's metadata. */
        public Builder issuer(String value) {
            this.issuer = JwksSource.Builder.checkIssuer(value);
            return this;
        }

        /** Required: this API's identifier, which the tokens' {@code aud} must contain. */
        public Builder audience(String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("audience must not be empty");
            }
            this.audience = value;
            return this;
        }

        /** The accepted JWS algorithms; default RS256, ES256, PS256, EdDSA. {@code none} and HS* are refused. */
        public Builder allowedAlgorithms(String... names) {
            this.allowed = algorithms(List.of(names));
            return this;
        }

        /** Tolerance for exp, nbf and iat; default 30 s, at most 5 minutes. */
        public Builder clockSkew(Duration value) {
            if (value == null || value.isNegative() || value.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW);
            }
            this.clockSkew = value;
            return this;
        }

        public Builder clock(Clock value) {
            if (value == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = value;
            return this;
        }

        /** The issuer's keys; default: discovered from the issuer's metadata with {@link JwksSource}'s defaults. */
        public Builder keys(JwksSource value) {
            this.keys = value;
            return this;
        }

        /** Asked on every verification; default {@link RevocationList#NONE}. */
        public Builder revocationList(RevocationList value) {
            this.revocations = value == null ? RevocationList.NONE : value;
            return this;
        }

        /** How many verified tokens to keep; default 10,000; 0 turns the cache off. */
        public Builder cacheSize(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("cache size must not be negative");
            }
            this.cacheSize = value;
            return this;
        }

        public TokenVerifier build() {
            if (issuer == null) {
                throw new IllegalArgumentException("issuer is required");
            }
            if (audience == null) {
                throw new IllegalArgumentException("audience is required");
            }
            if (keys != null && !keys.issuer().equals(issuer)) {
                throw new IllegalArgumentException("the key source is for issuer " + keys.issuer() + ", not " + issuer);
            }
            return new TokenVerifier(this);
        }

        private static Map<String, JWSAlgorithm> algorithms(List<String> names) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("at least one algorithm must be allowed");
            }
            Map<String, JWSAlgorithm> byName = new LinkedHashMap<>();
            for (String name : names) {
                JWSAlgorithm alg = name == null ? null : JWSAlgorithm.parse(name);
                if (alg == null || !SUPPORTED.contains(alg)) {
                    throw new IllegalArgumentException("algorithm " + name + " cannot be allowed; choose from "
                            + SUPPORTED.stream().map(JWSAlgorithm::getName).sorted().toList()
                            + " (never none, never HMAC: RFC 8725 section 3.1)");
                }
                byName.put(alg.getName(), alg);
            }
            return Map.copyOf(byName);
        }
    }
}
