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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization server's relationship engine over HTTP ({@code {issuer}/fga/...}): {@link #check} for access
 * decisions ({@link RelationshipCheck}), and what an API needs to keep its relationships: {@link #writeTuples},
 * {@link #listObjects} (every page), {@link #latestModel} and {@link #writeModel}.
 *
 * <ul>
 *   <li>Authenticates with its own access token from the client_credentials grant (RFC 6749 §4.4) at
 *       {@code {issuer}/token}, for the configured scope ({@code fga.read} by default; {@code fga.write} to write
 *       tuples, {@code fga.model.write} for models). The token is cached until 30 s before {@code expires_in}; a
 *       401 from the FGA API makes it fetch a new one and retry once.</li>
 *   <li>JDK HTTP client, no redirects, https only (http on the loopback interface), one deadline per exchange
 *       (connect, headers and body; {@link Builder#timeout}, 5 s), answers of at most 4 MiB.</li>
 *   <li>Failures are exceptions, never a default answer: no usable answer (unreachable, timeout, 5xx, 429,
 *       malformed JSON, our token refused twice or lacking the scope) is a {@link RelationshipUnavailableException};
 *       a 4xx with an engine error code ({@code invalid_tuple}, {@code conflict}, ...) is a
 *       {@link FgaRequestException}. {@link #check} is therefore fail-closed: it returns true only on
 *       {@code {"allowed": true}}.</li>
 *   <li>With {@link Builder#modelId} (or {@link #withModelId}) every request names that model; otherwise the
 *       server uses its latest model.</li>
 * </ul>
 * Thread-safe; one per application.
 */
public final class FgaClient implements RelationshipCheck {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_OBJECTS = 10_000;
    static final int MAX_ANSWER_BYTES = 4 << 20;

    /** A stored model: its id and DSL text. */
    public record Model(String modelId, String dsl) {
    }

    private final String base;
    private final ClientCredentialsTokens tokens;
    private final HttpClient http;
    private final Duration timeout;
    private final String modelId;
    private final int maxObjects;

    private FgaClient(String base, ClientCredentialsTokens tokens, HttpClient http, Duration timeout, String modelId,
                      int maxObjects) {
        this.base = base;
        this.tokens = tokens;
        this.http = http;
        this.timeout = timeout;
        this.modelId = modelId;
        this.maxObjects = maxObjects;
    }

    /** The FGA API of this issuer, at {@code {issuer}/fga}; https (http only on the loopback interface). */
    public static Builder forIssuer(String issuer) {
        String checked = JwksSource.Builder.checkIssuer(issuer);
        return new Builder(checked.endsWith("/") ? checked.substring(0, checked.length() - 1) : checked);
    }

    /** This client, naming {@code id} in every request (null: the latest model); shares the token and connections. */
    public FgaClient withModelId(String id) {
        return new FgaClient(base, tokens, http, timeout, id, maxObjects);
    }

    /** The model every request names, or null for the server's latest. */
    public String modelId() {
        return modelId;
    }

    @Override
    public boolean check(String object, String relation, String subject) {
        Map<String, Object> body = request();
        body.put("object", Objects.requireNonNull(object, "object"));
        body.put("relation", Objects.requireNonNull(relation, "relation"));
        body.put("subject", Objects.requireNonNull(subject, "subject"));
        Map<String, Object> answer = call("POST", "/fga/check", body);
        if (!(answer.get("allowed") instanceof Boolean allowed)) {
            throw malformed("/fga/check", "no boolean allowed");
        }
        return allowed;
    }

    /**
     * Writes and deletes tuples ({@code photo:1#owner@user:alice}) in one atomic batch: all or nothing.
     *
     * @return the id of the model the tuples were validated against
     */
    public String writeTuples(Collection<String> writes, Collection<String> deletes) {
        Map<String, Object> body = request();
        body.put("writes", List.copyOf(writes));
        body.put("deletes", List.copyOf(deletes));
        return modelIdOf(call("POST", "/fga/tuples", body), "/fga/tuples");
    }

    /**
     * Every object of {@code type} on which {@code subject} has {@code relation}, following the continuation to the
     * last page, in the server's order.
     *
     * @throws FgaRequestException {@code limit_exceeded} when there are more than {@link Builder#maxObjects}: an
     *         answer is complete or an error, never silently cut short
     */
    public List<String> listObjects(String type, String relation, String subject) {
        List<String> objects = new ArrayList<>();
        Set<String> continuations = new HashSet<>();
        String continuation = null;
        do {
            Map<String, Object> body = request();
            body.put("type", Objects.requireNonNull(type, "type"));
            body.put("relation", Objects.requireNonNull(relation, "relation"));
            body.put("subject", Objects.requireNonNull(subject, "subject"));
            if (continuation != null) {
                body.put("continuation", continuation);
            }
            Map<String, Object> answer = call("POST", "/fga/list-objects", body);
            objects.addAll(strings(answer.get("objects"), "/fga/list-objects", "objects"));
            if (objects.size() > maxObjects) {
                throw new FgaRequestException(200, "limit_exceeded", "more than " + maxObjects + " " + type
                        + " objects for " + subject + " (FgaClient.Builder.maxObjects)");
            }
            continuation = continuation(answer, "/fga/list-objects", continuations);
        } while (continuation != null);
        return objects;
    }

    /**
     * The stored tuples matching the filter ({@code GET /fga/tuples}), following the continuation to the last page.
     *
     * @param object   {@code type:id}, or {@code type:} for every object of a type
     * @param relation null for any
     * @param subject  null for any
     * @throws FgaRequestException {@code limit_exceeded} beyond {@link Builder#maxObjects} tuples
     */
    public List<String> readTuples(String object, String relation, String subject) {
        StringBuilder query = new StringBuilder("/fga/tuples?object=").append(encode(Objects.requireNonNull(object, "object")));
        if (relation != null) {
            query.append("&relation=").append(encode(relation));
        }
        if (subject != null) {
            query.append("&subject=").append(encode(subject));
        }
        List<String> tuples = new ArrayList<>();
        Set<String> continuations = new HashSet<>();
        String continuation = null;
        do {
            String path = continuation == null ? query.toString() : query + "&continuation=" + encode(continuation);
            Map<String, Object> answer = call("GET", path, null);
            tuples.addAll(strings(answer.get("tuples"), "/fga/tuples", "tuples"));
            if (tuples.size() > maxObjects) {
                throw new FgaRequestException(200, "limit_exceeded", "more than " + maxObjects + " tuples of " + object
                        + " (FgaClient.Builder.maxObjects)");
            }
            continuation = continuation(answer, "/fga/tuples", continuations);
        } while (continuation != null);
        return tuples;
    }

    /** The server's latest model ({@code GET /fga/models/latest}); empty when it has none yet. */
    public Optional<Model> latestModel() {
        Map<String, Object> answer;
        try {
            answer = call("GET", "/fga/models/latest", null);
        } catch (FgaRequestException e) {
            if (e.status() == 404 && "model_not_found".equals(e.error())) {
                return Optional.empty();
            }
            throw e;
        }
        if (!(answer.get("dsl") instanceof String dsl)) {
            throw malformed("/fga/models/latest", "no dsl");
        }
        return Optional.of(new Model(modelIdOf(answer, "/fga/models/latest"), dsl));
    }

    /** Stores a new model version (needs {@code fga.model.write}); returns its id. */
    public String writeModel(String dsl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dsl", Objects.requireNonNull(dsl, "dsl"));
        return modelIdOf(call("POST", "/fga/models", body), "/fga/models");
    }

    private List<String> strings(Object value, String path, String name) {
        if (!(value instanceof List<?> list)) {
            throw malformed(path, "no " + name + " array");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw malformed(path, "an entry of " + name + " that is not a string");
            }
            out.add(s);
        }
        return out;
    }

    /** The next page's continuation, or null on the last page. */
    private String continuation(Map<String, Object> answer, String path, Set<String> seen) {
        Object next = answer.get("continuation");
        if (next != null && !(next instanceof String)) {
            throw malformed(path, "a continuation that is not a string");
        }
        // A server that hands out the same continuation twice would page forever.
        if (next != null && !seen.add((String) next)) {
            throw malformed(path, "a continuation it had already given");
        }
        return (String) next;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Map<String, Object> request() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (modelId != null) {
            body.put("model_id", modelId);
        }
        return body;
    }

    private String modelIdOf(Map<String, Object> answer, String path) {
        if (!(answer.get("model_id") instanceof String id) || id.isEmpty()) {
            throw malformed(path, "no model_id");
        }
        return id;
    }

    /** One call with our token; on 401 one more with a new token. Returns the JSON object of a 2xx answer. */
    private Map<String, Object> call(String method, String path, Map<String, Object> body) {
        String token = tokens.current();
        HttpResponse<byte[]> response = send(method, path, body, token);
        if (response.statusCode() == 401) {
            // Our token expired early, was revoked, or the server rotated its keys: one new token, one retry.
            tokens.invalidate(token);
            response = send(method, path, body, tokens.current());
            if (response.statusCode() == 401) {
                throw new RelationshipUnavailableException(where(path) + " refused a new access token of the client (HTTP 401)");
            }
        }
        int status = response.statusCode();
        Map<String, Object> json = parse(response);
        if (status == 200 || status == 201) {
            if (json == null) {
                throw malformed(path, "not a JSON object");
            }
            return json;
        }
        String error = json != null && json.get("error") instanceof String e ? e : null;
        String description = json != null && json.get("error_description") instanceof String d ? d : "";
        if (status == 403) {
            // RFC 6750 §3.1 insufficient_scope: the client was given too little scope; configuration, not input
            throw new RelationshipUnavailableException(where(path) + " refused the client's token: HTTP 403 " + error
                    + " " + description);
        }
        if (status >= 400 && status < 500 && status != 429 && error != null) {
            throw new FgaRequestException(status, error, description);
        }
        throw new RelationshipUnavailableException(where(path) + " answered HTTP " + status
                + (error == null ? "" : " " + error + " " + description));
    }

    private HttpResponse<byte[]> send(String method, String path, Map<String, Object> body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body), StandardCharsets.UTF_8));
        }
        return HttpExchanges.send(http, b.build(), timeout, MAX_ANSWER_BYTES, where(path));
    }

    /** The answer's JSON object, or null when it is none (a proxy's HTML page, garbage). */
    private static Map<String, Object> parse(HttpResponse<byte[]> response) {
        try {
            return JSONObjectUtils.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            return null;
        }
    }

    private RelationshipUnavailableException malformed(String path, String what) {
        return new RelationshipUnavailableException(where(path) + " answered malformed JSON: " + what);
    }

    private String where(String path) {
        return "the FGA API at " + base + path;
    }

    public static final class Builder {
        private final String base;
        private URI tokenEndpoint;
        private String clientId;
        private String secret;
        private String scope = "fga.read";
        private HttpClient http;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String modelId;
        private int maxObjects = DEFAULT_MAX_OBJECTS;
        private Clock clock = Clock.systemUTC();

        private Builder(String base) {
            this.base = base;
        }

        /** A confidential client of the issuer allowed the FGA scopes; required. */
        public Builder clientCredentials(String id, String clientSecret) {
            this.clientId = Objects.requireNonNull(id, "id");
            this.secret = Objects.requireNonNull(clientSecret, "secret");
            return this;
        }

        /**
         * The scope to ask for, space-separated: {@code fga.read} (the default) to check and list, {@code fga.write}
         * to write tuples, {@code fga.model.write} to write models.
         */
        public Builder scope(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("scope must not be empty");
            }
            this.scope = value;
            return this;
        }

        /** Default {@code {issuer}/token}. */
        public Builder tokenEndpoint(URI value) {
            this.tokenEndpoint = Objects.requireNonNull(value, "tokenEndpoint");
            return this;
        }

        /** Deadline of each exchange (connect, headers and body), also with the token endpoint; default 5 s. */
        public Builder timeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = value;
            return this;
        }

        /** A client of your own (proxy, TLS); it should not follow redirects. */
        public Builder httpClient(HttpClient value) {
            this.http = value;
            return this;
        }

        /** Name this model in every request; default none (the server's latest). */
        public Builder modelId(String value) {
            this.modelId = value;
            return this;
        }

        /** {@link #listObjects} refuses (never truncates) beyond this many objects; default 10,000. */
        public Builder maxObjects(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxObjects must be positive");
            }
            this.maxObjects = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public FgaClient build() {
            if (clientId == null) {
                throw new IllegalArgumentException("clientCredentials are required: the FGA API takes the client's own token");
            }
            HttpClient client = http != null ? http
                    : HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
            URI endpoint = tokenEndpoint != null ? tokenEndpoint : URI.create(base + "/token");
            return new FgaClient(base, new ClientCredentialsTokens(endpoint, clientId, secret, scope, client, timeout, clock),
                    client, timeout, modelId, maxObjects);
        }
    }
}
