package dev.scopekeeper.server.client;

/** RFC 6749 §2.1 client types. */
public enum ClientType {
    CONFIDENTIAL, PUBLIC;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
