package dev.scopekeeper.cli;

import dev.scopekeeper.server.ScopekeeperServer;
import dev.scopekeeper.server.ServerSettings;
import dev.scopekeeper.server.endpoint.MetadataEndpoint;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run the launcher ({@code ./scopekeeper}) records its class-data archive from, once per jar and JDK, before
 * the server it was asked for starts. Recording the user's own first run made the archive hold whatever that run
 * did: a {@code serve --help} left an archive of picocli's help classes that made every later start 2.3 s
 * instead of 0.95 s, a first start stopped by a typo in its configuration file a partial one (1.6 s), a first
 * {@code demo} one with the database migrations and first-start work no restart runs (BENCHMARKS.md, session
 * 12). Two phases, each its own JVM, on a throw-away H2 database in DIR:
 * <ul>
 *   <li>{@code setup DIR}: the first start, not recorded: a small configuration file of its own (one API, one
 *       client with a random secret) applied to a new database, and the signing key (RS256, the default).</li>
 *   <li>{@code restart DIR}: what a production restart runs until it serves, recorded: {@code serve --config} on
 *       that database, then a client_credentials token, the JWKS, the metadata and the readiness check over HTTP on
 *       127.0.0.1. No more: on JDK 25 every class in the AOT cache is loaded and linked when the JVM starts, so
 *       what only some requests need (introspection, other algorithms, errors) is left to the request that first
 *       needs it; recording those too made the archive 1.2 MB larger and no restart faster.</li>
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

    private static ServerSettings settings(Path dir) {
        return ServerSettings.defaults()
                .withListen("127.0.0.1", 0)
                .withDatabase(DatabaseSettings.h2File(dir))
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
        try (ScopekeeperServer server = ScopekeeperServer.start(settings(dir))) {
            return List.of("configured " + dir.resolve(CONFIG_FILE) + ", key " + server.keys().algorithm().wire());
        }
    }

    /** One line per request (method, path, status). Throws when an answer is not the one expected. */
    static List<String> restart(Path dir) throws IOException {
        Path config = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config)) {
            throw new IllegalStateException("no " + config + ": run the setup phase first");
        }
        Matcher secret = SECRET.matcher(Files.readString(config));
        if (!secret.find()) {
            throw new IllegalStateException("no client secret in " + config);
        }
        List<String> done = new ArrayList<>();
        try (ScopekeeperServer server = ScopekeeperServer.start(settings(dir))) {
            exercise(server.port(), secret.group(1), done);
        }
        return done;
    }

    private static void exercise(int port, String secret, List<String> done) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String token = expect(port, "POST", "/token", basic, "grant_type=client_credentials&scope=training.all", 200, done);
        Matcher m = ACCESS_TOKEN.matcher(token);
        if (!m.find()) {
            throw new IllegalStateException("no access_token in the token response: " + token);
        }
        for (String path : List.of(MetadataEndpoint.JWKS, "/.well-known/oauth-authorization-server", "/health/ready")) {
            expect(port, "GET", path, null, null, 200, done);
        }
    }

    /**
     * One HTTP/1.1 exchange on its own connection; returns the body. A plain socket, not {@code java.net.http}: the
     * client's classes would be recorded into the archive, and no server start needs them.
     */
    private static String expect(int port, String method, String path, String authorization, String form, int status,
                                 List<String> done) throws IOException {
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
            throw new IllegalStateException(method + " " + path + " answered '" + statusLine
                    + "', expected " + status);
        }
        done.add(method + " " + path + " " + status);
        int headersEnd = response.indexOf("\r\n\r\n");
        return headersEnd < 0 ? "" : response.substring(headersEnd + 4);
    }
}
