package dev.scopekeeper.cli;

import dev.scopekeeper.server.ServerSettings;
import dev.scopekeeper.server.token.SigningAlgorithm;
import dev.scopekeeper.server.token.SigningKey;
import dev.scopekeeper.server.token.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Signing key administration. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "List and rotate signing keys.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Rotate.class})
final class KeysCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List signing keys (never the private part).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Override
        public Integer call() {
            return database.withStore(store -> {
                for (SigningKey k : store.listKeys()) {
                    System.out.printf("%-45s %-6s created %s  %s%n", k.kid(), k.algorithm(), k.createdAt(),
                            k.isActive() ? "ACTIVE" : "retired " + k.retiredAt());
                }
                return 0;
            });
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Retire the active key and create a new one. The old key stays in the JWKS until its tokens have expired.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Option(names = "--alg", description = "Algorithm of the new key (default: ${DEFAULT-VALUE}).")
        String algorithm = "RS256";
        @Option(names = "--token-lifetime", description = "The server's token lifetime in seconds, to keep the old key published long enough (default: ${DEFAULT-VALUE}).")
        long tokenLifetimeSeconds = ServerSettings.DEFAULT_TOKEN_LIFETIME.toSeconds();

        @Override
        public Integer call() {
            return database.withStore(store -> {
                SigningKeys keys = new SigningKeys(store, SigningAlgorithm.fromWire(algorithm),
                        Duration.ofSeconds(tokenLifetimeSeconds).plusMinutes(1), Clock.systemUTC());
                // Exactly one new key: start() would itself create the first key, or rotate when the
                // algorithm changes, and rotating after it would publish a key that never signs anything.
                if (store.listKeys().stream().anyMatch(SigningKey::isActive)) {
                    keys.rotate();
                } else {
                    keys.start();
                }
                System.out.println("new active key: " + keys.current().kid() + " (" + keys.algorithm().wire() + ")");
                System.out.println("running servers pick it up within their refresh interval (10 s)");
                return 0;
            });
        }
    }
}
