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
import java.util.Locale;
import java.util.Map;

/**
 * The access token a confidential client gets for itself with the client_credentials grant (RFC 6749 §4.4), cached
 * until shortly before {@code expires_in} and fetched again when the API that takes it says 401. One fetch at a
 * time: threads that need a token while one is fetched wait for it. Thread-safe.
 */
final class ClientCredentialsTokens {
    /** RFC 6749 §5.1 makes expires_in optional; without it a token is reused this long at most. */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    /** Renew this long before expiry (at most half the lifetime), so a token never expires in flight. */
    static final Duration RENEW_MARGIN = Duration.ofSeconds(30);
    static final int MAX_ANSWER_BYTES = 64 << 10;

    private final URI endpoint;
    private final String authorization;
    private final String form;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    private final Object lock = new Object();
    private String token;
    private Instant renewAt = Instant.MIN;

    ClientCredentialsTokens(URI endpoint, String clientId, String secret, String scope, HttpClient http,
                            Duration timeout, Clock clock) {
        this.endpoint = endpoint;
        // RFC 6749 §2.3.1: id and secret are form-encoded, then joined and base64-encoded
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        this.form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A token that is not about to expire: the cached one, else a new one. */
    String current() {
        synchronized (lock) {
            if (token == null || !clock.instant().isBefore(renewAt)) {
                fetch();
            }
            return token;
        }
    }

    /**
     * Forgets {@code rejected} (the API answered 401 to it), unless another thread already replaced it: many
     * requests failing with the same token cause one fetch, not one each.
     */
    void invalidate(String rejected) {
        synchronized (lock) {
            if (rejected.equals(token)) {
                token = null;
            }
        }
    }

    private void fetch() {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", authorization).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Instant asked = clock.instant();
        HttpResponse<byte[]> response = HttpExchanges.send(http, request, timeout, MAX_ANSWER_BYTES, "the token endpoint " + endpoint);
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new RelationshipUnavailableException("the token endpoint " + endpoint + " answered HTTP "
                    + response.statusCode() + " without a JSON object");
        }
        if (response.statusCode() != 200) {
            // RFC 6749 §5.2: invalid_client, invalid_scope, ... — our configuration, not the end user's request
            throw new RelationshipUnavailableException("the token endpoint " + endpoint + " refused the client credentials: HTTP "
                    + response.statusCode() + " " + json.get("error") + describe(json.get("error_description")));
        }
        if (!(json.get("access_token") instanceof String value) || value.isEmpty()
                || !(json.get("token_type") instanceof String type) || !type.toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new RelationshipUnavailableException("the token endpoint " + endpoint + " answered without a Bearer access_token");
        }
        Duration lifetime = DEFAULT_LIFETIME;
        Object expiresIn = json.get("expires_in");
        if (expiresIn instanceof Number n && n.longValue() > 0) {
            lifetime = Duration.ofSeconds(n.longValue());
        } else if (expiresIn != null) {
            throw new RelationshipUnavailableException("the token endpoint " + endpoint + " answered an invalid expires_in");
        }
        Duration margin = RENEW_MARGIN.compareTo(lifetime.dividedBy(2)) < 0 ? RENEW_MARGIN : lifetime.dividedBy(2);
        // Counted from when we asked: the token may have been issued any time during the exchange.
        renewAt = asked.plus(lifetime).minus(margin);
        token = value;
    }

    private static String describe(Object description) {
        return description instanceof String s && !s.isEmpty() ? ": " + s : "";
    }
}
