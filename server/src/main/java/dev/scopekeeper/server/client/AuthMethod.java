package dev.scopekeeper.server.client;

/** How a client authenticated at an endpoint (RFC 8414 / RFC 7591 names). */
public enum AuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    NONE("none");

    private final String wire;

    AuthMethod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
