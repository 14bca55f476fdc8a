package dev.scopekeeper.cli;

import dev.scopekeeper.server.ScopekeeperServer;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.config.ValidatedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.scopekeeper.examples.photos.PhotosApp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Starts the server with the bundled demo configuration. Every start gives the demo clients new
 * secrets and prints them, so a newcomer can get a token with one curl.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the server with the demo configuration and print the demo clients' credentials.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Option(names = "--photos-port",
            description = "Port of the example photos API run beside the server (-1: do not run it; default ${DEFAULT-VALUE}).")
    int photosPort = 9100;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ValidatedConfig config = ConfigLoader.parse("demo.yaml (bundled)", demoYaml());
        ScopekeeperServer server = ScopekeeperServer.start(options.settings(), config, true);
        Output.started(server);
        PhotosApp photos = photosPort < 0 ? null
                : PhotosApp.start(server.issuer(), options.host, photosPort, "jdbc:h2:mem:demo-photos;DB_CLOSE_DELAY=-1",
                        // The photos API's own client: the relationship engine (model, tuples, checks) and the revocation feed.
                        "photos-api", server.configResult().generatedSecrets().get("photos-api"));
        if (photos != null) {
            Output.photos(server, photos, options.host);
        }
        Output.demo(server, config);
        ServeCommand.awaitShutdown(() -> {
            if (photos != null) {
                photos.close();
            }
            server.close();
        });
        return 0;
    }

    static String demoYaml() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo.yaml")) {
            if (in == null) {
                throw new IllegalStateException("demo.yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
