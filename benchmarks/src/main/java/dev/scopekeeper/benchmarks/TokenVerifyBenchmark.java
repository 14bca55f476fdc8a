package dev.scopekeeper.benchmarks;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scopekeeper.resource.JwksSource;
import dev.scopekeeper.resource.TokenRejectedException;
import dev.scopekeeper.resource.TokenVerifier;
import dev.scopekeeper.resource.VerifiedToken;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.token.SigningAlgorithm;
import dev.scopekeeper.server.token.TokenIssuer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Issue 4: what verifying an access token costs a resource server, {@link TokenVerifier} against Spring
 * Security's {@link NimbusJwtDecoder}, on the same tokens in the same run, one thread.
 *
 * <p>Set-up per trial (one forked JVM per benchmark, mode and algorithm): a fresh key pair of {@code alg}
 * (RS256: RSA 2048, ES256: P-256) made by the server's own {@code SigningKeys}; a JDK HTTP server on
 * 127.0.0.1 (ephemeral port) serving the RFC 8414 metadata (our {@link JwksSource} discovers the JWKS from it)
 * and the JWKS (Spring is given its URI); tokens minted by the server's {@link TokenIssuer}, so exactly our
 * RFC 9068 tokens ({@code typ: at+jwt}, iss, sub, aud, exp, iat, jti, client_id, scope; 5-minute lifetime).
 * Both verifiers fetch the keys once at set-up and then never again within a trial.
 *
 * <ul>
 *   <li>{@code repeated_*}: a pool of {@value #REPEATED_POOL} tokens cycled (a resource server seeing the same
 *       clients' tokens again and again). Ours with its default cache (10,000); Spring has no token cache and
 *       verifies every time.</li>
 *   <li>{@code firstSeen_*}: a pool of {@code firstSeenPool} distinct tokens (default 4,096; minting costs a
 *       signature each, and 20,000 RS256 tokens took over a minute per fork on the shared 2-core VM) cycled.
 *       Our verifier for this case has {@code cacheSize(1)}, so no call can hit (every call is a miss, and pays
 *       the insert and the eviction a real first-seen token pays); the pool size therefore does not matter to
 *       us or to Spring (no token cache), only that the tokens are distinct and valid.</li>
 * </ul>
 *
 * <p>Spring's decoder is configured as close to ours as it allows: {@code jwsAlgorithm(alg)} (one allowed
 * algorithm; ours allows RS256, ES256, PS256, EdDSA), Nimbus's type verifier requiring {@code typ: at+jwt}
 * before the signature (as ours does), and the validators of its own RFC 9068 profile
 * ({@code JwtValidators.createAtJwtValidator()}): typ again, exp/nbf (60 s skew; ours 30 s), issuer, audience,
 * required exp, sub, iat, jti; {@code client_id} only required (the profile's {@code clientId(..)} would demand
 * one value). Differences that remain: ours also checks that iat is not in the future, that scope is a valid
 * scope string (it parses it into a {@link ScopeSet}), and asks the revocation list (none here); Spring also
 * converts the claims into Java types ({@code Instant}, {@code URL}, lists) for its {@link Jwt}.
 *
 * <p>Throughput in ops/ms and average time (reported in ms/op by JMH; {@code run-jmh.sh} prints µs/op).
 * Run pairs back to back: {@code benchmarks/run-verify.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenVerifyBenchmark {
    static final int REPEATED_POOL = 100;
    static final String AUDIENCE = InProcessTokenService.AUDIENCE;
    static final String CLIENT_ID = InProcessTokenService.CLIENT_ID;

    @Param({"RS256", "ES256"})
    public String alg;

    /** Distinct tokens for the firstSeen benchmarks (minted only in their forks). */
    @Param({"4096"})
    public int firstSeenPool;

    private HttpServer http;
    private InProcessTokenService service;
    private TokenVerifier ours;
    private TokenVerifier oursCacheOfOne;
    private JwtDecoder spring;
    private String[] repeated;
    private String[] firstSeen;
    private int next;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private int jwksRequestsAfterSetUp;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        String issuer = "http://127.0.0.1:" + http.getAddress().getPort();
        service = new InProcessTokenService(SigningAlgorithm.fromWire(alg), issuer);
        String metadata = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}";
        http.createContext("/.well-known/oauth-authorization-server", ex -> json(ex, metadata));
        http.createContext("/jwks", ex -> {
            jwksRequests.incrementAndGet();
            json(ex, service.keys().current().jwksJson());
        });
        http.start();

        ours = verifier(issuer, TokenVerifier.DEFAULT_CACHE_SIZE);
        oursCacheOfOne = verifier(issuer, 1);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer + "/jwks")
                .jwsAlgorithm(SignatureAlgorithm.from(alg))
                // RFC 9068 §4, checked before the signature as ours does (Nimbus's default accepts only JWT or none)
                .jwtProcessorCustomizer(p -> p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                        new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"))))
                .build();
        decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(issuer).audience(AUDIENCE)
                .validators(v -> v.put("client_id", new JwtClaimValidator<Object>("client_id",
                        id -> id instanceof String s && !s.isEmpty())))
                .build());
        spring = decoder;

        repeated = mint(REPEATED_POOL);
        firstSeen = params.getBenchmark().contains("firstSeen") ? mint(firstSeenPool) : repeated;
        if (new HashSet<>(List.of(firstSeen)).size() != firstSeen.length) {
            throw new IllegalStateException("the token pool has duplicates");
        }
        check(issuer);
        jwksRequestsAfterSetUp = jwksRequests.get();
    }

    private TokenVerifier verifier(String issuer, int cacheSize) {
        JwksSource keys = JwksSource.forIssuer(issuer).build();
        keys.load();
        return TokenVerifier.builder().issuer(issuer).audience(AUDIENCE).keys(keys).cacheSize(cacheSize).build();
    }

    /** Tokens as the token endpoint issues them for client_credentials, minted on all cores. */
    private String[] mint(int n) {
        TokenIssuer issuer = service.issuer();
        ScopeSet scope = ScopeSet.parse(InProcessTokenService.SCOPE);
        List<String> audiences = List.of(AUDIENCE);
        return IntStream.range(0, n).parallel()
                .mapToObj(i -> issuer.issue(CLIENT_ID, CLIENT_ID, audiences, scope).value())
                .toArray(String[]::new);
    }

    /** Both accept our tokens and both refuse one for another audience: the configurations do verify. */
    private void check(String issuer) {
        for (String token : new String[] {repeated[0], firstSeen[firstSeen.length - 1]}) {
            try {
                if (!CLIENT_ID.equals(ours.verify(token).subject()) || !CLIENT_ID.equals(oursCacheOfOne.verify(token).subject())) {
                    throw new IllegalStateException("TokenVerifier: wrong subject");
                }
            } catch (TokenRejectedException e) {
                throw new IllegalStateException("TokenVerifier rejected our token: " + e.reason(), e);
            }
            Jwt jwt = spring.decode(token);
            if (!CLIENT_ID.equals(jwt.getSubject()) || !issuer.equals(jwt.getClaimAsString("iss"))) {
                throw new IllegalStateException("NimbusJwtDecoder: wrong claims " + jwt.getClaims());
            }
        }
        String foreign = service.issuer().issue(CLIENT_ID, CLIENT_ID, List.of("https://photos.example.com"),
                ScopeSet.parse("photos.read")).value();
        try {
            ours.verify(foreign);
            throw new IllegalStateException("TokenVerifier accepted a token for another audience");
        } catch (TokenRejectedException expected) {
            // WRONG_AUDIENCE
        }
        try {
            spring.decode(foreign);
            throw new IllegalStateException("NimbusJwtDecoder accepted a token for another audience");
        } catch (JwtException expected) {
            // JwtValidationException: aud
        }
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // Both verifiers fetch the JWKS at set-up (ours twice: two verifiers, Spring once) and then never again.
        int during = jwksRequests.get() - jwksRequestsAfterSetUp;
        System.out.println("JWKS requests: " + jwksRequestsAfterSetUp + " at set-up, " + during + " during the benchmark");
        http.stop(0);
        service.close();
    }

    private String nextOf(String[] pool) {
        int i = next;
        next = i + 1 == pool.length ? 0 : i + 1;
        return pool[i];
    }

    @Benchmark
    public VerifiedToken repeated_scopekeeper() throws TokenRejectedException {
        return ours.verify(nextOf(repeated));
    }

    @Benchmark
    public Jwt repeated_spring() {
        return spring.decode(nextOf(repeated));
    }

    @Benchmark
    public VerifiedToken firstSeen_scopekeeper() throws TokenRejectedException {
        return oursCacheOfOne.verify(nextOf(firstSeen));
    }

    @Benchmark
    public Jwt firstSeen_spring() {
        return spring.decode(nextOf(firstSeen));
    }
}
