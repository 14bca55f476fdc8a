package dev.scopekeeper.resource;

/**
 * One RFC 6750 §3 error response, ready to write: status, {@code WWW-Authenticate} value and a JSON body
 * ({@code application/json}). Made by {@link BearerErrors}.
 *
 * @param status          401, 400 or 403
 * @param error           the RFC 6750 §3.1 error code, or null when the request carried no token
 * @param wwwAuthenticate the {@code WWW-Authenticate} header value
 * @param body            {@code {"error": ..., "error_description": ...}}; {@code {}} when there is no error code
 */
public record BearerError(int status, String error, String wwwAuthenticate, String body) {

    public static final String CONTENT_TYPE = "application/json";
}
