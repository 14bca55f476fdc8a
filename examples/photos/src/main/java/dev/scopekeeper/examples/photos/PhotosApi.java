package dev.scopekeeper.examples.photos;

import dev.scopekeeper.resource.Authorizer;
import dev.scopekeeper.resource.FgaClient;
import dev.scopekeeper.resource.FgaRequestException;
import dev.scopekeeper.resource.RelationshipUnavailableException;
import dev.scopekeeper.resource.VerifiedToken;
import dev.scopekeeper.resource.javalin.RequiredScope;
import dev.scopekeeper.resource.javalin.ScopekeeperAuth;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The photo-sharing API of the documentation. Two questions decide every request:
 * <ul>
 *   <li>may this app do this kind of thing — the route's scope ({@link RequiredScope}; the resource library's
 *       Javalin plugin answers RFC 6750 errors before the handler runs): {@code photos.read}, {@code photos.upload},
 *       {@code photos.delete}, {@code photos.share};</li>
 *   <li>may its user do it to this object — a relation in the server's engine ({@link Authorizer}, model
 *       {@code photos.fga}): {@code viewer} to see a photo (its owner, or a viewer of its album), {@code can_delete}
 *       (its owner) to delete it, {@code owner} of an album to upload into it and to share it.</li>
 * </ul>
 * Lists come from the engine too ({@code list-objects}), so a share or unshare shows in the next request. The
 * relationships of an upload are written inside the database transaction ({@link PhotoStore}): a failed write
 * leaves nothing behind. {@code GET /routes} exports the route → scope manifest.
 */
public final class PhotosApi {
    public static final String AUDIENCE = "https://photos.example.com";

    private final PhotoStore store;
    private final FgaClient fga;
    private final Authorizer authorizer;
    private final Clock clock;

    /** @param fga the engine, with the photos model pinned ({@link PhotosModel#ensure}); a token with {@code fga.write} */
    public PhotosApi(PhotoStore store, FgaClient fga, Authorizer authorizer, Clock clock) {
        this.store = store;
        this.fga = fga;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** Registers the routes on a Javalin app created with {@code auth} as a plugin. */
    public void register(Javalin app, ScopekeeperAuth auth) {
        app.get("/photos", this::listPhotos, RequiredScope.allOf("photos.read"));
        app.post("/photos", this::upload, RequiredScope.allOf("photos.upload"));
        app.get("/photos/{id}", this::getPhoto, RequiredScope.allOf("photos.read"));
        app.delete("/photos/{id}", this::deletePhoto, RequiredScope.allOf("photos.delete"));
        app.get("/albums", this::listAlbums, RequiredScope.allOf("photos.read"));
        app.post("/albums", this::createAlbum, RequiredScope.allOf("photos.upload"));
        Shares shares = new Shares(store, fga, authorizer);
        app.post("/albums/{id}/shares", shares::share, RequiredScope.allOf("photos.share"));
        app.delete("/albums/{id}/shares/{subject}", shares::unshare, RequiredScope.allOf("photos.share"));
        app.get("/routes", ctx -> ctx.contentType("application/json").result(auth.manifest().toJson()), RequiredScope.PUBLIC);
        app.exception(RelationshipUnavailableException.class, (e, ctx) -> Errors.unavailable(ctx, e));
        app.exception(FgaRequestException.class, (e, ctx) -> Errors.engineRefused(ctx, e));
    }

    private void listPhotos(Context ctx) {
        List<String> ids = visible(ctx, "photo");
        ctx.json(store.photos(ids).stream().map(Photo::toJson).toList());
    }

    private void listAlbums(Context ctx) {
        List<String> ids = visible(ctx, "album");
        ctx.json(store.albums(ids).stream().map(Album::toJson).toList());
    }

    /** The ids of the objects of {@code type} the caller is a viewer of, from the engine. */
    private List<String> visible(Context ctx, String type) {
        String subject = Authorizer.subjectOf(caller(ctx));
        if (subject == null) {
            return List.of();
        }
        String prefix = type + ":";
        return fga.listObjects(type, "viewer", subject).stream()
                .filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length())).toList();
    }

    private void getPhoto(Context ctx) {
        Optional<String> id = id(ctx);
        if (id.isEmpty()) {
            Errors.notFound(ctx, "no such photo");
            return;
        }
        if (!ScopekeeperAuth.authorize(ctx, authorizer, "photos.read", "viewer", "photo:" + id.get())) {
            return;
        }
        store.photo(id.get()).ifPresentOrElse(p -> ctx.json(p.toJson()), () -> Errors.notFound(ctx, "no such photo"));
    }

    private void upload(Context ctx) {
        Map<String, String> body = Errors.fields(ctx, "title", "album");
        String title = body.get("title");
        String albumId = body.get("album");
        if (title == null || title.isBlank() || title.length() > 200 || albumId == null || !PhotoStore.ID.matcher(albumId).matches()) {
            Errors.invalidRequest(ctx, "send JSON {\"title\": \"...\", \"album\": \"ALBUM_ID\"} with a title of 1 to 200 characters");
            return;
        }
        // Only the album's owner adds photos to it: its viewers will see them.
        if (!ScopekeeperAuth.authorize(ctx, authorizer, "photos.upload", "owner", "album:" + albumId)) {
            return;
        }
        if (store.album(albumId).isEmpty()) {
            Errors.notFound(ctx, "no such album");
            return;
        }
        String owner = Authorizer.subjectOf(caller(ctx));
        Photo photo = store.addPhoto(owner, albumId, title, now(), p -> fga.writeTuples(
                List.of("photo:" + p.id() + "#owner@" + owner, "photo:" + p.id() + "#album@album:" + albumId), List.of()));
        ctx.status(201).json(photo.toJson());
    }

    private void deletePhoto(Context ctx) {
        Optional<String> id = id(ctx);
        if (id.isEmpty()) {
            Errors.notFound(ctx, "no such photo");
            return;
        }
        if (!ScopekeeperAuth.authorize(ctx, authorizer, "photos.delete", "can_delete", "photo:" + id.get())) {
            return;
        }
        // Its tuples go in one batch inside the transaction: if the engine fails, the photo stays as it was.
        boolean deleted = store.deletePhoto(id.get(), () -> fga.writeTuples(List.of(), fga.readTuples("photo:" + id.get(), null, null)));
        if (deleted) {
            ctx.status(204);
        } else {
            Errors.notFound(ctx, "no such photo");
        }
    }

    private void createAlbum(Context ctx) {
        String name = Errors.fields(ctx, "name").get("name");
        if (name == null || name.isBlank() || name.length() > 200) {
            Errors.invalidRequest(ctx, "send JSON {\"name\": \"...\"} with a name of 1 to 200 characters");
            return;
        }
        String owner = Authorizer.subjectOf(caller(ctx));
        if (owner == null) {
            Errors.invalidRequest(ctx, "this access token's subject cannot own albums");
            return;
        }
        Album album = store.addAlbum(owner, name, now(),
                a -> fga.writeTuples(List.of("album:" + a.id() + "#owner@" + owner), List.of()));
        ctx.status(201).json(album.toJson());
    }

    /** Milliseconds: the answer to the upload shows the same time as every later read from the database. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static VerifiedToken caller(Context ctx) {
        return ScopekeeperAuth.token(ctx).orElseThrow();
    }

    static Optional<String> id(Context ctx) {
        String raw = ctx.pathParam("id");
        return PhotoStore.ID.matcher(raw).matches() ? Optional.of(raw) : Optional.empty();
    }
}
