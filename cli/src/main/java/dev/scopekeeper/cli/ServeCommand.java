package dev.scopekeeper.cli;

import dev.scopekeeper.server.ScopekeeperServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the authorization server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Option(names = "--config", description = "Configuration file (YAML) to apply at start; applied idempotently.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ScopekeeperServer server = ScopekeeperServer.start(options.settings().withConfigFile(config));
        Output.started(server);
        Output.generatedSecrets(server.configResult().generatedSecrets());
        awaitShutdown(server);
        return 0;
    }

    static void awaitShutdown(ScopekeeperServer server) throws InterruptedException {
        awaitShutdown(server::close);
    }

    /** Waits until the JVM is asked to stop (Ctrl+C, SIGTERM), then runs {@code close}. */
    static void awaitShutdown(Runnable close) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stopped.countDown();
        }, "scopekeeper-shutdown"));
        stopped.await();
    }
}
