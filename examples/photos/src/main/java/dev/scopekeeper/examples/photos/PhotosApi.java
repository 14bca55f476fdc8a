package dev.scopekeeper.examples.photos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopekeeper.resource.VerifiedToken;
import dev.scopekeeper.resource.javalin.RequiredScope;
import dev.scopekeeper.resource.javalin.ScopekeeperAuth;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The photo-sharing API of the documentation: list and get need {@code photos.read}, upload
 * {@code photos.upload}, delete {@code photos.delete} — and only the photo's owner may delete it.
 * Each route declares its scope next to it ({@link RequiredScope}); the resource library's Javalin
 * plugin checks the token and the scope before the handler runs (RFC 6750 errors). The ownership
 * rule is the API's own. {@code GET /routes} exports the route → scope manifest.
 */
public final class PhotosApi {
    public static final String AUDIENCE = "https://photos.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PhotoStore photos;
    private final Clock clock;

    public PhotosApi(PhotoStore photos, Clock clock) {
        this.photos = photos;
        this.clock = clock;
    }

    /** Registers the routes on a Javalin app created with {@code auth} as a plugin. */
    public void register(Javalin app, ScopekeeperAuth auth) {
        app.get("/photos", ctx -> ctx.json(photos.list().stream().map(Photo::toJson).toList()), RequiredScope.allOf("photos.read"));
        app.get("/photos/{id}", ctx -> {
            Optional<Photo> photo = id(ctx).flatMap(photos::find);
            if (photo.isEmpty()) {
                notFound(ctx);
            } else {
                ctx.json(photo.get().toJson());
            }
        }, RequiredScope.allOf("photos.read"));
        app.post("/photos", ctx -> {
            String title = title(ctx);
            if (title == null) {
                ctx.status(400).json(Map.of("error", "invalid_request", "error_description",
                        "send JSON {\"title\": \"...\"} with a title of 1 to 200 characters"));
                return;
            }
            ctx.status(201).json(photos.add(caller(ctx).subject(), title, clock.instant()).toJson());
        }, RequiredScope.allOf("photos.upload"));
        app.delete("/photos/{id}", ctx -> {
            Optional<Photo> photo = id(ctx).flatMap(photos::find);
            if (photo.isEmpty()) {
                notFound(ctx);
            } else if (!photo.get().owner().equals(caller(ctx).subject())) {
                // Scopes say what an app may do; which photos is the API's rule: only the owner deletes.
                ctx.status(403).json(Map.of("error", "forbidden", "error_description", "You can only delete photos that you own"));
            } else {
                photos.delete(photo.get().id());
                ctx.status(204);
            }
        }, RequiredScope.allOf("photos.delete"));
        app.get("/routes", ctx -> ctx.contentType("application/json").result(auth.manifest().toJson()), RequiredScope.PUBLIC);
    }

    private static VerifiedToken caller(Context ctx) {
        return ScopekeeperAuth.token(ctx).orElseThrow();
    }

    private static Optional<Long> id(Context ctx) {
        String raw = ctx.pathParam("id");
        return raw.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(raw)) : Optional.empty();
    }

    private static void notFound(Context ctx) {
        ctx.status(404).json(Map.of("error", "not_found", "error_description", "no such photo"));
    }

    private static String title(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.body());
            JsonNode title = body == null ? null : body.get("title");
            if (title == null || !title.isTextual() || title.asText().isBlank() || title.asText().length() > 200) {
                return null;
            }
            return title.asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
