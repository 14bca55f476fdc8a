package dev.scopekeeper.examples.photos;

import dev.scopekeeper.resource.Authorizer;
import dev.scopekeeper.resource.FgaClient;
import dev.scopekeeper.resource.FgaRequestException;
import dev.scopekeeper.resource.javalin.ScopekeeperAuth;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sharing an album: {@code POST /albums/{id}/shares {"subject": "user:bob"}} makes the subject a viewer of the album,
 * and so of every photo in it; {@code DELETE /albums/{id}/shares/{subject}} takes that back. Only the album's owner
 * (relation {@code owner}) may do either, with scope {@code photos.share}: sharing changes who sees your photos, so
 * an app that may upload for you does not get it by default.
 */
final class Shares {
    /** user:NAME, user:* (everyone), client:ID, group:NAME#member — what the model lets an album viewer be. */
    static final Pattern SUBJECT = Pattern.compile("(?:user|client):[^\\s#@*]{1,256}|user:\\*|group:[^\\s#@*]{1,256}#member");

    private final PhotoStore store;
    private final FgaClient fga;
    private final Authorizer authorizer;

    Shares(PhotoStore store, FgaClient fga, Authorizer authorizer) {
        this.store = store;
        this.fga = fga;
        this.authorizer = authorizer;
    }

    void share(Context ctx) {
        Optional<String> album = ownedAlbum(ctx);
        if (album.isEmpty()) {
            return;
        }
        String subject = Errors.fields(ctx, "subject").get("subject");
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            Errors.invalidRequest(ctx, "send JSON {\"subject\": \"user:NAME\"}; a subject is user:NAME, user:*, client:ID or group:NAME#member");
            return;
        }
        Map<String, Object> answer = Map.of("album", album.get(), "subject", subject);
        try {
            fga.writeTuples(List.of(tuple(album.get(), subject)), List.of());
        } catch (FgaRequestException e) {
            if (e.isConflict()) {
                ctx.status(200).json(answer); // already shared: sharing again changes nothing
                return;
            }
            throw e;
        }
        ctx.status(201).json(answer);
    }

    void unshare(Context ctx) {
        Optional<String> album = ownedAlbum(ctx);
        if (album.isEmpty()) {
            return;
        }
        String subject = ctx.pathParam("subject");
        if (!SUBJECT.matcher(subject).matches()) {
            Errors.notFound(ctx, "the album is not shared with that subject");
            return;
        }
        try {
            fga.writeTuples(List.of(), List.of(tuple(album.get(), subject)));
        } catch (FgaRequestException e) {
            if (e.isConflict()) {
                Errors.notFound(ctx, "the album is not shared with " + subject);
                return;
            }
            throw e;
        }
        ctx.status(204);
    }

    /** The album of the path if it exists and the caller owns it; otherwise the answer is written and empty. */
    private Optional<String> ownedAlbum(Context ctx) {
        Optional<String> id = PhotosApi.id(ctx);
        if (id.isEmpty()) {
            Errors.notFound(ctx, "no such album");
            return Optional.empty();
        }
        if (!ScopekeeperAuth.authorize(ctx, authorizer, "photos.share", "owner", "album:" + id.get())) {
            return Optional.empty();
        }
        if (store.album(id.get()).isEmpty()) {
            Errors.notFound(ctx, "no such album");
            return Optional.empty();
        }
        return id;
    }

    private static String tuple(String album, String subject) {
        return "album:" + album + "#viewer@" + subject;
    }
}
