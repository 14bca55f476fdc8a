package dev.scopekeeper.server.endpoint;

/** parse → handle → write, with no web framework in sight (STYLE.md 1). */
@FunctionalInterface
public interface Endpoint {
    /**
     * @throws dev.scopekeeper.server.protocol.OAuthException for a protocol error; the caller renders it
     */
    Response handle(Request request);
}
