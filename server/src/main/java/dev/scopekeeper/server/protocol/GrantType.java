package dev.scopekeeper.server.protocol;

import java.util.Optional;

/** The grant types Scopekeeper knows. Implicit and password are deliberately absent (RFC 9700 §2.1.2, §2.4). */
public enum GrantType {
    CLIENT_CREDENTIALS("client_credentials"),
    AUTHORIZATION_CODE("authorization_code"),
    REFRESH_TOKEN("refresh_token");

    private final String wire;

    GrantType(String wire) {
        this.wire = wire;
    }

    /** The value used on the wire ({@code grant_type} parameter, metadata). */
    public String wire() {
        return wire;
    }

    public static Optional<GrantType> fromWire(String value) {
        for (GrantType t : values()) {
            if (t.wire.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
