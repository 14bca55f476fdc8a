package dev.scopekeeper.examples.photos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopekeeper.resource.FgaRequestException;
import dev.scopekeeper.resource.RelationshipUnavailableException;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The API's own answers (the resource library writes the token, scope and relationship refusals) and JSON input. */
final class Errors {
    static final String RETRY_AFTER_SECONDS = "10";
    private static final System.Logger LOG = System.getLogger(PhotosApi.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private Errors() {
    }

    static void invalidRequest(Context ctx, String description) {
        ctx.status(400).json(Map.of("error", "invalid_request", "error_description", description));
    }

    static void notFound(Context ctx, String description) {
        ctx.status(404).json(Map.of("error", "not_found", "error_description", description));
    }

    /** The engine could not be asked or written to: fail closed, as the Authorizer does. */
    static void unavailable(Context ctx, RelationshipUnavailableException e) {
        LOG.log(System.Logger.Level.WARNING, "relationship engine unavailable: " + e.getMessage());
        ctx.status(503).header("Retry-After", RETRY_AFTER_SECONDS).header("Cache-Control", "no-store")
                .json(Map.of("error", "temporarily_unavailable", "error_description", "the photo service cannot decide access now"));
    }

    /** The engine rejected a request this API made: our bug or a model mismatch, not the caller's. */
    static void engineRefused(Context ctx, FgaRequestException e) {
        LOG.log(System.Logger.Level.ERROR, "the relationship engine refused a request of the photos API: " + e.getMessage());
        ctx.status(500).json(Map.of("error", "server_error", "error_description", "the photo service failed"));
    }

    /**
     * The named string fields of a JSON object body; a field that is absent, not a string, or a body that is not a
     * JSON object gives no entry.
     */
    static Map<String, String> fields(Context ctx, String... names) {
        Map<String, String> out = new HashMap<>();
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                return out;
            }
            for (String name : names) {
                JsonNode value = body.get(name);
                if (value != null && value.isTextual()) {
                    out.put(name, value.asText());
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
