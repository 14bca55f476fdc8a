package dev.scopekeeper.server;

import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.token.SigningAlgorithm;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything the server is started with.
 *
 * @param issuer         the issuer URL; null derives {@code http://HOST:PORT}
 * @param configFile     a configuration file applied at start, or null
 * @param refreshEvery   how often a node re-reads keys and the catalog (bounds staleness in a cluster)
 */
public record ServerSettings(String host, int port, String issuer, DatabaseSettings database, SigningAlgorithm algorithm,
                             Duration tokenLifetime, Path configFile, Duration refreshEvery, Clock clock) {
    public static final int DEFAULT_PORT = 9000;
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** Tokens may live at most this long (configuration sanity). */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(24);

    public ServerSettings {
        if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new IllegalArgumentException("token lifetime must be between 1 second and 24 hours, not " + tokenLifetime);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (issuer != null && issuer.endsWith("/")) {
            issuer = issuer.substring(0, issuer.length() - 1);
        }
    }

    /** 127.0.0.1:9000, H2 under ./data, RS256, 5-minute tokens, no configuration file. */
    public static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", DEFAULT_PORT, null, DatabaseSettings.h2File(Path.of("data")),
                SigningAlgorithm.RS256, DEFAULT_TOKEN_LIFETIME, null, Duration.ofSeconds(10), Clock.systemUTC());
    }

    public ServerSettings withListen(String newHost, int newPort) {
        return new ServerSettings(newHost, newPort, issuer, database, algorithm, tokenLifetime, configFile, refreshEvery, clock);
    }

    public ServerSettings withIssuer(String newIssuer) {
        return new ServerSettings(host, port, newIssuer, database, algorithm, tokenLifetime, configFile, refreshEvery, clock);
    }

    public ServerSettings withDatabase(DatabaseSettings db) {
        return new ServerSettings(host, port, issuer, db, algorithm, tokenLifetime, configFile, refreshEvery, clock);
    }

    public ServerSettings withAlgorithm(SigningAlgorithm alg) {
        return new ServerSettings(host, port, issuer, database, alg, tokenLifetime, configFile, refreshEvery, clock);
    }

    public ServerSettings withTokenLifetime(Duration lifetime) {
        return new ServerSettings(host, port, issuer, database, algorithm, lifetime, configFile, refreshEvery, clock);
    }

    public ServerSettings withConfigFile(Path file) {
        return new ServerSettings(host, port, issuer, database, algorithm, tokenLifetime, file, refreshEvery, clock);
    }

    public ServerSettings withClock(Clock c) {
        return new ServerSettings(host, port, issuer, database, algorithm, tokenLifetime, configFile, refreshEvery, c);
    }

    /** How long a retired key stays published: the token lifetime plus a minute of clock skew. */
    public Duration keyPublishTime() {
        return tokenLifetime.plusMinutes(1);
    }
}
