package dev.scopekeeper.cli;

import dev.scopekeeper.server.ServerSettings;
import dev.scopekeeper.server.token.SigningAlgorithm;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Options shared by {@code serve} and {@code demo}. */
final class ServerOptions {
    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = ServerSettings.DEFAULT_PORT;

    @Option(names = "--issuer", description = "Issuer URL (default: http://HOST:PORT). Set it to the public https URL in production.")
    String issuer;

    @Option(names = "--alg", description = "Access token signing algorithm: RS256 (default), PS256, ES256, EdDSA.")
    String algorithm = "RS256";

    @Option(names = "--token-lifetime", description = "Access token lifetime in seconds (default: ${DEFAULT-VALUE}).")
    long tokenLifetimeSeconds = ServerSettings.DEFAULT_TOKEN_LIFETIME.toSeconds();

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    ServerSettings settings() {
        return ServerSettings.defaults()
                .withListen(host, port)
                .withIssuer(issuer)
                .withDatabase(database.settings())
                .withAlgorithm(SigningAlgorithm.fromWire(algorithm))
                .withTokenLifetime(Duration.ofSeconds(tokenLifetimeSeconds));
    }
}
