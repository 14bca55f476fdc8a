package dev.scopekeeper.cli;

import dev.scopekeeper.server.ScopekeeperServer;
import dev.scopekeeper.server.config.ValidatedConfig;

import java.util.Map;
import java.util.TreeSet;

/** What the commands print for a person. */
final class Output {
    private Output() {
    }

    static void started(ScopekeeperServer server) {
        System.out.println("Scopekeeper is running.");
        System.out.println("  issuer:   " + server.issuer());
        System.out.println("  metadata: " + server.issuer() + "/.well-known/oauth-authorization-server");
        System.out.println("  keys:     " + server.issuer() + "/jwks (" + server.keys().algorithm().wire() + ")");
    }

    static void generatedSecrets(Map<String, String> secrets) {
        if (secrets.isEmpty()) {
            return;
        }
        System.out.println("Generated client secrets (shown once, stored only as a hash):");
        secrets.forEach((id, secret) -> System.out.println("  " + id + "  " + secret));
    }

    static void demo(ScopekeeperServer server, ValidatedConfig config) {
        Map<String, String> secrets = server.configResult().generatedSecrets();
        int width = config.clients().stream().mapToInt(c -> c.id().length()).max().orElse(0);
        System.out.println();
        System.out.println("Demo clients (secrets are new at every demo start):");
        for (ValidatedConfig.ClientSpec c : config.clients()) {
            String secret = secrets.get(c.id());
            System.out.println(String.format("  %-" + width + "s  %-12s  %s", c.id(), c.type().wire(),
                    secret == null ? "" : "secret: " + secret).stripTrailing());
        }
        System.out.println("Demo users:");
        int passwordWidth = config.users().stream().mapToInt(u -> u.password().length()).max().orElse(0);
        for (ValidatedConfig.UserSpec u : config.users()) {
            System.out.printf("  %-" + width + "s  password: %-" + passwordWidth + "s  roles: %s%n", u.username(),
                    u.password(), String.join(", ", new TreeSet<>(u.roles())));
        }
        ValidatedConfig.ClientSpec first = config.clients().get(0);
        String secret = secrets.get(first.id());
        if (secret != null) {
            System.out.println();
            System.out.println("Get a token:");
            System.out.println("  curl -s -u " + first.id() + ":" + secret + " -d grant_type=client_credentials -d 'scope="
                    + first.allowedScopes() + "' " + server.issuer() + "/token");
        }
        System.out.println();
        System.out.println("Try the user flow in a browser: " + server.issuer() + "/demo"
                + "  (connected apps: " + server.issuer() + "/account)");
        System.out.println();
        System.out.println("Press Ctrl+C to stop.");
    }

    static void photos(ScopekeeperServer server, dev.scopekeeper.examples.photos.PhotosApp photos, String host) {
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + photos.port() + "/photos";
        System.out.println("Example photos API (photos.read, photos.upload, photos.delete, photos.share; who may see or delete"
                + " which photo: the server's relationship engine, model " + photos.modelId() + "): " + url);
        System.out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + url
                + "   # TOKEN from photo-indexer (client_credentials) or an app's code flow");
        System.out.println();
    }
}
