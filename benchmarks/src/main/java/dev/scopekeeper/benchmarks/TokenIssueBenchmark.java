package dev.scopekeeper.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.endpoint.Request;
import dev.scopekeeper.server.endpoint.Response;
import dev.scopekeeper.server.token.IssuedToken;
import dev.scopekeeper.server.token.SigningAlgorithm;
import dev.scopekeeper.server.token.SigningKeys;
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

import java.text.ParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one client_credentials token costs in CPU, in three layers, one thread:
 * <ol>
 *   <li>{@code signatureOnly}: Nimbus signs a typical access-token payload with the server's key;
 *       the floor no server signing with the JDK can go below;</li>
 *   <li>{@code issueToken}: {@code TokenIssuer.issue}, i.e. claims building, jti, JWT serialization
 *       and the signature;</li>
 *   <li>{@code clientCredentialsEndToEnd}: {@code TokenEndpoint.handle} for a Basic-authenticated
 *       form POST, i.e. form parsing, client lookup (cached) and secret check, scope policy,
 *       issuing and the JSON response, everything but HTTP.</li>
 * </ol>
 * The difference between two layers is what that layer adds. Throughput in tokens per second;
 * µs per token = 10⁶ / throughput (run-jmh.sh prints both; add {@code -bm avgt -tu us} to measure it).
 * The forked JVM gets the launcher's collector and heap cap ({@code ./scopekeeper}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms128m", "-Xmx128m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenIssueBenchmark {
    @Param({"RS256", "ES256"})
    public String algorithm;

    private InProcessTokenService service;
    private JWSHeader header;
    private JWSSigner signer;
    private Payload payload;
    private List<String> audiences;
    private ScopeSet scope;
    private Request request;

    @Setup(Level.Trial)
    public void setUp() throws ParseException {
        service = new InProcessTokenService(SigningAlgorithm.fromWire(algorithm));
        SigningKeys.Snapshot key = service.keys().current();
        header = key.header();
        signer = key.signer();
        audiences = List.of(InProcessTokenService.AUDIENCE);
        scope = ScopeSet.parse(InProcessTokenService.SCOPE);
        // The claims of a real token, so the signature covers a payload of the real size.
        String sample = service.issuer().issue(InProcessTokenService.CLIENT_ID, InProcessTokenService.CLIENT_ID, audiences, scope).value();
        payload = new Payload(SignedJWT.parse(sample).getPayload().toString());
        request = InProcessTokenService.clientCredentialsRequest(
                InProcessTokenService.CLIENT_ID, InProcessTokenService.SECRET, InProcessTokenService.SCOPE);
        Response check = service.tokenEndpoint().handle(request);
        if (check.status() != 200 || !check.bodyText().contains("\"scope\":\"read:images\"")) {
            throw new IllegalStateException("the token endpoint does not issue tokens: " + check.status() + " " + check.bodyText());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    @Benchmark
    public String signatureOnly() throws JOSEException {
        JWSObject jws = new JWSObject(header, payload);
        jws.sign(signer);
        return jws.serialize();
    }

    @Benchmark
    public IssuedToken issueToken() {
        return service.issuer().issue(InProcessTokenService.CLIENT_ID, InProcessTokenService.CLIENT_ID, audiences, scope);
    }

    @Benchmark
    public Response clientCredentialsEndToEnd() {
        return service.tokenEndpoint().handle(request);
    }
}
