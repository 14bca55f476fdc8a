package dev.scopekeeper.examples.photos;

import dev.scopekeeper.resource.Guard;
import dev.scopekeeper.resource.RevocationFeed;
import dev.scopekeeper.resource.javalin.ScopekeeperAuth;
import dev.scopekeeper.resource.RevocationList;
import dev.scopekeeper.resource.TokenVerifier;
import io.javalin.Javalin;

import java.time.Clock;

/**
 * Runs the photos API: the verifier reads the issuer's metadata and JWKS, so the authorization server
 * must be up first. With client credentials (a confidential client of the issuer) the API follows
 * the server's revocation feed, so a token revoked there is refused here within a second; without
 * them it verifies signatures only and a revoked token passes until it expires.
 */
public final class PhotosApp implements AutoCloseable {
    private final Javalin app;
    private final RevocationFeed feed;

    private PhotosApp(Javalin app, RevocationFeed feed) {
        this.app = app;
        this.feed = feed;
    }

    /** @param feedClientId a confidential client of the issuer, for the revocation feed (null: no feed) */
    public static PhotosApp start(String issuer, String host, int port, String databaseUrl, String feedClientId,
                                  String feedSecret) {
        RevocationFeed feed = feedClientId == null ? null
                : RevocationFeed.forIssuer(issuer).clientCredentials(feedClientId, feedSecret).build();
        if (feed != null) {
            feed.start();
        }
        TokenVerifier verifier = TokenVerifier.builder().issuer(issuer).audience(PhotosApi.AUDIENCE)
                .revocationList(feed == null ? RevocationList.NONE : feed).build();
        PhotosApi api = new PhotosApi(new PhotoStore(databaseUrl), Clock.systemUTC());
        ScopekeeperAuth auth = new ScopekeeperAuth(Guard.builder(verifier, "photos").build());
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            config.registerPlugin(auth);
        });
        api.register(app, auth);
        app.start(host, port);
        return new PhotosApp(app, feed);
    }

    /** The revocation feed's health (null when the API runs without the feed). */
    public RevocationFeed.Health feedHealth() {
        return feed == null ? null : feed.health();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        if (feed != null) {
            feed.close();
        }
    }
}
