package dev.scopekeeper.examples.photos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopekeeper.resource.BearerError;
import dev.scopekeeper.resource.BearerErrors;
import dev.scopekeeper.resource.BearerToken;
import dev.scopekeeper.resource.InvalidRequest;
import dev.scopekeeper.resource.JwksUnavailableException;
import dev.scopekeeper.resource.ScopeRequirement;
import dev.scopekeeper.resource.TokenRejectedException;
import dev.scopekeeper.resource.TokenVerifier;
import dev.scopekeeper.resource.VerifiedToken;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The photo-sharing API of the documentation: list and get need {@code photos.read}, upload
 * {@code photos.upload}, delete {@code photos.delete} — and only the photo's owner may delete it.
 * Every route checks its scope through the resource library (RFC 6750 errors); the ownership rule
 * is the API's own.
 */
public final class PhotosApi {
    public static final String AUDIENCE = "https://photos.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenVerifier verifier;
    private final PhotoStore photos;
    private final BearerErrors errors = BearerErrors.forRealm("photos");
    private final Clock clock;

    public PhotosApi(TokenVerifier verifier, PhotoStore photos, Clock clock) {
        this.verifier = verifier;
        this.photos = photos;
        this.clock = clock;
    }

    /** Registers the routes on a Javalin app. */
    public void register(Javalin app) {
        app.get("/photos", guarded(ScopeRequirement.allOf("photos.read"), (ctx, token) -> ctx.json(photos.list().stream().map(Photo::toJson).toList())));
        app.get("/photos/{id}", guarded(ScopeRequirement.allOf("photos.read"), (ctx, token) -> {
            Optional<Photo> photo = id(ctx).flatMap(photos::find);
            if (photo.isEmpty()) {
                notFound(ctx);
            } else {
                ctx.json(photo.get().toJson());
            }
        }));
        app.post("/photos", guarded(ScopeRequirement.allOf("photos.upload"), (ctx, token) -> {
            String title = title(ctx);
            if (title == null) {
                ctx.status(400).json(Map.of("error", "invalid_request", "error_description",
                        "send JSON {\"title\": \"...\"} with a title of 1 to 200 characters"));
                return;
            }
            ctx.status(201).json(photos.add(token.subject(), title, clock.instant()).toJson());
        }));
        app.delete("/photos/{id}", guarded(ScopeRequirement.allOf("photos.delete"), (ctx, token) -> {
            Optional<Photo> photo = id(ctx).flatMap(photos::find);
            if (photo.isEmpty()) {
                notFound(ctx);
            } else if (!photo.get().owner().equals(token.subject())) {
                // Scopes say what an app may do; which photos is the API's rule: only the owner deletes.
                ctx.status(403).json(Map.of("error", "forbidden", "error_description", "You can only delete photos that you own"));
            } else {
                photos.delete(photo.get().id());
                ctx.status(204);
            }
        }));
    }

    /** The route → scope table, for the governance tools. */
    public static List<Map<String, Object>> routes() {
        return List.of(
                Map.of("method", "GET", "path", "/photos", "scopes", List.of("photos.read")),
                Map.of("method", "GET", "path", "/photos/{id}", "scopes", List.of("photos.read")),
                Map.of("method", "POST", "path", "/photos", "scopes", List.of("photos.upload")),
                Map.of("method", "DELETE", "path", "/photos/{id}", "scopes", List.of("photos.delete")));
    }

    private interface TokenHandler {
        void handle(Context ctx, VerifiedToken token) throws Exception;
    }

    // RFC 6750 §2.1 and §3: one bearer token in the header, verified locally; the scope checked per route.
    private Handler guarded(ScopeRequirement required, TokenHandler handler) {
        return ctx -> {
            Optional<String> token;
            try {
                if (ctx.queryParam("access_token") != null) {
                    throw new InvalidRequest("send the token in the Authorization header, not in the URL");
                }
                token = BearerToken.extract(java.util.Collections.list(ctx.req().getHeaders("Authorization")));
            } catch (InvalidRequest e) {
                write(ctx, errors.invalidRequest(e));
                return;
            }
            if (token.isEmpty()) {
                write(ctx, errors.missingToken());
                return;
            }
            VerifiedToken verified;
            try {
                verified = verifier.verify(token.get());
            } catch (TokenRejectedException e) {
                write(ctx, errors.invalidToken(e));
                return;
            } catch (JwksUnavailableException e) {
                ctx.status(503).header("Retry-After", "5").json(Map.of("error", "temporarily_unavailable"));
                return;
            }
            if (!required.isSatisfiedBy(verified.scope())) {
                write(ctx, errors.insufficientScope(required));
                return;
            }
            handler.handle(ctx, verified);
        };
    }

    private static void write(Context ctx, BearerError error) {
        ctx.status(error.status()).header("WWW-Authenticate", error.wwwAuthenticate()).header("Cache-Control", "no-store")
                .contentType(BearerError.CONTENT_TYPE).result(error.body());
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
