package dev.scopekeeper.cli;

import dev.scopekeeper.server.ScopekeeperServer;
import dev.scopekeeper.server.ServerSettings;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.token.SigningAlgorithm;
import dev.scopekeeper.server.token.SigningKey;
import dev.scopekeeper.server.token.SigningKeys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run the launcher ({@code ./scopekeeper}) records its class-data archive from, once per jar and JDK, before
 * the server it was asked for starts. Recording the user's own first run made the archive hold whatever that run
 * did: a {@code serve --help} left an archive of picocli's help classes that made every later start 2.3 s
 * instead of 0.95 s, a first start stopped by a typo in its configuration file a partial one (1.6 s), a first
 * {@code demo} one with the database migrations and first-start work no restart runs (BENCHMARKS.md, session 12). Two phases, each its own JVM, on a throw-away H2 database in DIR:
 * <ul>
 *   <li>{@code setup DIR}: the first start, not recorded: a small configuration file of its own (one API, one
 *       client with a random secret) applied to a new database, and a signing key made for every algorithm (each
 *       rotating the one before, so that all stay published, RS256 last and active).</li>
 *   <li>{@code restart DIR}: what a production restart runs, recorded: {@code serve --config} on that database,
 *       answering the machine-to-machine endpoints over HTTP on 127.0.0.1 (bad requests included), then a token
 *       signed and verified with the key of every algorithm, as a server configured for it would.</li>
 * </ul>
 * Exit code 0 only when every answer had the status expected; the launcher then keeps the archive, else drops it.
 * Not a user command: it is not in the help, and picocli (never loaded by a restart) stays out of the archive.
 */
final class ClassArchiveTraining {
    static final String COMMAND = "train-class-archive";
    private static final String CONFIG_FILE = "training.yaml";
    private static final String CLIENT = "trainer";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("secret: (\\S+)");

    private ClassArchiveTraining() {
    }

    /** {@code args}: {@value #COMMAND} setup|restart DIR. Prints what it did to {@code out}, failures to {@code err}. */
    static int run(PrintStream out, PrintStream err, String... args) {
        if (args.length != 3 || !(args[1].equals("setup") || args[1].equals("restart"))) {
            err.println("usage: scopekeeper " + COMMAND + " setup|restart DIR (run by ./scopekeeper, not by hand)");
            return 2;
        }
        Path dir = Path.of(args[2]);
        try {
            List<String> done = args[1].equals("setup") ? setup(dir) : restart(dir);
            done.forEach(out::println);
            return 0;
        } catch (Exception e) {
            err.println("class archive training (" + args[1] + ") failed: " + e);
            return 1;
        }
    }

    private static ServerSettings settings(Path dir, SigningAlgorithm alg) {
        return ServerSettings.defaults()
                .withListen("127.0.0.1", 0)
                .withDatabase(DatabaseSettings.h2File(dir))
                .withAlgorithm(alg)
                .withConfigFile(dir.resolve(CONFIG_FILE));
    }

    static List<String> setup(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.writeString(dir.resolve(CONFIG_FILE), String.join("\n",
                "apis:",
                "  - audience: https://training.scopekeeper.invalid",
                "    name: Training API",
                "    scopes:",
                "      - {name: training.read, description: Read, default: true}",
                "      - {name: training.write, description: Write}",
                "      - {name: training.all, description: Everything, implies: [training.read, training.write]}",
                "clients:",
                "  - id: " + CLIENT,
                "    name: Class archive training",
                "    grantTypes: [client_credentials]",
                "    allowedScopes: [training.read, training.all]",
                "    secret: " + Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                ""));
        List<String> done = new ArrayList<>();
        // In reverse order, so that RS256, the default, comes last and is the restart's active key.
        List<SigningAlgorithm> algs = new ArrayList<>(List.of(SigningAlgorithm.values()));
        Collections.reverse(algs);
        ServerSettings first = settings(dir, algs.remove(0));
        try (ScopekeeperServer server = ScopekeeperServer.start(first)) {
            done.add("configured " + dir.resolve(CONFIG_FILE) + ", key " + first.algorithm().wire());
            for (SigningAlgorithm alg : algs) {
                new SigningKeys(server.store(), alg, first.keyPublishTime(), Clock.systemUTC()).start();
                done.add("key " + alg.wire());
            }
        }
        return done;
    }

    /** One line per request (algorithm, method, path, status). Throws when an answer is not the one expected. */
    static List<String> restart(Path dir) throws IOException, ParseException, JOSEException {
        Path config = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config)) {
            throw new IllegalStateException("no " + config + ": run the setup phase first");
        }
        Matcher secret = SECRET.matcher(Files.readString(config));
        if (!secret.find()) {
            throw new IllegalStateException("no client secret in " + config);
        }
        List<String> done = new ArrayList<>();
        try (ScopekeeperServer server = ScopekeeperServer.start(settings(dir, SigningAlgorithm.RS256))) {
            exercise(server.port(), secret.group(1), SigningAlgorithm.RS256, done);
            // The other algorithms' signers, as a server started with --alg would make them (their verifiers
            // are already made: the JWKS publishes every key).
            for (SigningKey key : server.store().listKeys()) {
                SigningAlgorithm alg = SigningAlgorithm.fromWire(key.algorithm());
                JWK jwk = JWK.parse(key.privateJwkJson());
                JWSObject jws = new JWSObject(new JWSHeader.Builder(alg.jws()).type(SigningKeys.AT_JWT).keyID(key.kid()).build(),
                        new Payload("{\"sub\":\"" + CLIENT + "\"}"));
                jws.sign(alg.signer(jwk));
                if (!JWSObject.parse(jws.serialize()).verify(alg.verifier(jwk))) {
                    throw new IllegalStateException("a " + alg.wire() + " signature did not verify");
                }
                done.add(alg.wire() + " signed and verified");
            }
        }
        return done;
    }

    private static void exercise(int port, String secret, SigningAlgorithm alg, List<String> done) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String wrong = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":not-the-secret").getBytes(StandardCharsets.UTF_8));
        String token = expect(port, "POST", "/token", basic, "grant_type=client_credentials&scope=training.all", 200, alg, done);
        Matcher m = ACCESS_TOKEN.matcher(token);
        if (!m.find()) {
            throw new IllegalStateException("no access_token in the token response: " + token);
        }
        String accessToken = m.group(1);
        expect(port, "POST", "/token", basic, "grant_type=client_credentials", 200, alg, done);
        expect(port, "POST", "/introspect", basic, "token=" + accessToken, 200, alg, done);
        expect(port, "POST", "/revoke", basic, "token=" + accessToken, 200, alg, done);
        expect(port, "POST", "/token", basic, "grant_type=client_credentials&scope=no.such.scope", 400, alg, done);
        expect(port, "POST", "/token", wrong, "grant_type=client_credentials", 401, alg, done);
        expect(port, "POST", "/token", basic, "grant_type=password", 400, alg, done);
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration",
                "/jwks", "/health/live", "/health/ready", "/metrics")) {
            expect(port, "GET", path, null, null, 200, alg, done);
        }
    }

    /** One HTTP/1.1 exchange on its own connection; returns the body. */
    private static String expect(int port, String method, String path, String authorization, String form, int status,
                                 SigningAlgorithm alg, List<String> done) throws IOException {
        byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (form != null) {
            request.append("Content-Type: application/x-www-form-urlencoded\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        request.append("\r\n");
        String response;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream o = socket.getOutputStream();
            o.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            o.write(body);
            o.flush();
            InputStream in = socket.getInputStream();
            response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String statusLine = response.lines().findFirst().orElse("");
        if (!statusLine.startsWith("HTTP/1.1 " + status + " ")) {
            throw new IllegalStateException(method + " " + path + " (" + alg.wire() + ") answered '" + statusLine
                    + "', expected " + status);
        }
        done.add(alg.wire() + " " + method + " " + path + " " + status);
        int headersEnd = response.indexOf("\r\n\r\n");
        return headersEnd < 0 ? "" : response.substring(headersEnd + 4);
    }
}
