package dev.scopekeeper.examples.photos;

import dev.scopekeeper.resource.TokenVerifier;
import io.javalin.Javalin;

import java.time.Clock;

/**
 * Runs the photos API: {@code PhotosApp.start(issuer, host, port, databaseUrl)}; the verifier reads
 * the issuer's metadata and JWKS, so the authorization server must be up first.
 */
public final class PhotosApp implements AutoCloseable {
    private final Javalin app;

    private PhotosApp(Javalin app) {
        this.app = app;
    }

    public static PhotosApp start(String issuer, String host, int port, String databaseUrl) {
        TokenVerifier verifier = TokenVerifier.builder().issuer(issuer).audience(PhotosApi.AUDIENCE).build();
        PhotosApi api = new PhotosApi(verifier, new PhotoStore(databaseUrl), Clock.systemUTC());
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
        });
        api.register(app);
        app.start(host, port);
        return new PhotosApp(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
