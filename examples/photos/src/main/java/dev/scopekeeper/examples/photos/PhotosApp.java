package dev.scopekeeper.examples.photos;

import dev.scopekeeper.resource.Authorizer;
import dev.scopekeeper.resource.FgaClient;
import dev.scopekeeper.resource.Guard;
import dev.scopekeeper.resource.RevocationFeed;
import dev.scopekeeper.resource.TokenVerifier;
import dev.scopekeeper.resource.javalin.ScopekeeperAuth;
import io.javalin.Javalin;

import java.time.Clock;

/**
 * Runs the photos API. The authorization server must be up first: the verifier reads its metadata and JWKS, and the
 * API makes sure the server's relationship engine has the photos model ({@link PhotosModel#ensure}).
 *
 * <p>The API is itself a confidential client of the server (the demo's {@code photos-api}), allowed
 * {@code fga.write} and {@code fga.model.write}: with it the API writes the model and its tuples, asks the engine,
 * and follows the revocation feed, so a token revoked at the server is refused here within a second.
 */
public final class PhotosApp implements AutoCloseable {
    /** What the API's own token asks for: tuples and the model (fga.write implies fga.read). */
    public static final String FGA_SCOPE = "fga.write fga.model.write";

    private final Javalin app;
    private final RevocationFeed feed;
    private final String modelId;

    private PhotosApp(Javalin app, RevocationFeed feed, String modelId) {
        this.app = app;
        this.feed = feed;
        this.modelId = modelId;
    }

    /**
     * @param clientId a confidential client of the issuer allowed {@link #FGA_SCOPE}: the API's own identity for the
     *                 relationship engine and the revocation feed
     * @throws dev.scopekeeper.resource.RelationshipUnavailableException the engine cannot be reached or refuses the client
     */
    public static PhotosApp start(String issuer, String host, int port, String databaseUrl, String clientId, String clientSecret) {
        FgaClient unpinned = FgaClient.forIssuer(issuer).clientCredentials(clientId, clientSecret).scope(FGA_SCOPE).build();
        String modelId = PhotosModel.ensure(unpinned);
        FgaClient fga = unpinned.withModelId(modelId);
        RevocationFeed feed = RevocationFeed.forIssuer(issuer).clientCredentials(clientId, clientSecret).build();
        feed.start();
        TokenVerifier verifier = TokenVerifier.builder().issuer(issuer).audience(PhotosApi.AUDIENCE).revocationList(feed).build();
        ScopekeeperAuth auth = new ScopekeeperAuth(Guard.builder(verifier, "photos").build());
        Authorizer authorizer = Authorizer.builder(fga, "photos").build();
        PhotosApi api = new PhotosApi(new PhotoStore(databaseUrl), fga, authorizer, Clock.systemUTC());
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            config.registerPlugin(auth);
        });
        api.register(app, auth);
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
        return new PhotosApp(app, feed, modelId);
    }

    /** The revocation feed's health. */
    public RevocationFeed.Health feedHealth() {
        return feed.health();
    }

    /** The id of the photos model on the server, named in every request to the engine. */
    public String modelId() {
        return modelId;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        feed.close();
    }
}
