package dev.scopekeeper.server.client;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.protocol.GrantType;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered client. {@code secretHash} is the SHA-256 of the secret (null for public clients);
 * the secret itself is never stored.
 */
public record Client(
        String id,
        String name,
        ClientType type,
        boolean firstParty,
        Set<GrantType> grantTypes,
        ScopeSet allowedScopes,
        ScopeSet defaultScopes,
        List<String> redirectUris,
        byte[] secretHash,
        Instant createdAt,
        boolean requireConsent) {

    /** A client that follows the default consent rule: first-party clients skip consent. */
    public Client(String id, String name, ClientType type, boolean firstParty, Set<GrantType> grantTypes,
                  ScopeSet allowedScopes, ScopeSet defaultScopes, List<String> redirectUris, byte[] secretHash,
                  Instant createdAt) {
        this(id, name, type, firstParty, grantTypes, allowedScopes, defaultScopes, redirectUris, secretHash, createdAt, false);
    }

    public Client {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        grantTypes = Set.copyOf(grantTypes);
        Objects.requireNonNull(allowedScopes, "allowedScopes");
        Objects.requireNonNull(defaultScopes, "defaultScopes");
        redirectUris = List.copyOf(redirectUris);
        secretHash = secretHash == null ? null : secretHash.clone();
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public byte[] secretHash() {
        return secretHash == null ? null : secretHash.clone();
    }

    public boolean isConfidential() {
        return type == ClientType.CONFIDENTIAL;
    }

    /** Whether the user must be asked: third-party clients always, first-party ones only if configured so. */
    public boolean needsConsent() {
        return !firstParty || requireConsent;
    }

    public boolean mayUse(GrantType grantType) {
        return grantTypes.contains(grantType);
    }

    public Client withSecretHash(byte[] hash) {
        return new Client(id, name, type, firstParty, grantTypes, allowedScopes, defaultScopes, redirectUris, hash, createdAt,
                requireConsent);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Client c && id.equals(c.id) && name.equals(c.name) && type == c.type
                && firstParty == c.firstParty && grantTypes.equals(c.grantTypes)
                && allowedScopes.equals(c.allowedScopes) && defaultScopes.equals(c.defaultScopes)
                && redirectUris.equals(c.redirectUris) && java.util.Arrays.equals(secretHash, c.secretHash)
                && createdAt.equals(c.createdAt) && requireConsent == c.requireConsent;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Client[" + id + ", " + type.wire() + "]";
    }
}
