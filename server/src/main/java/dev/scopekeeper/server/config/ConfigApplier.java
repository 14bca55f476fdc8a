package dev.scopekeeper.server.config;

import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientSecrets;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.store.Store;
import dev.scopekeeper.server.user.PasswordHasher;
import dev.scopekeeper.server.user.User;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a validated configuration idempotently, in one store transaction: the catalog and the
 * roles are replaced; the clients and users named are inserted or updated; others are kept.
 * A confidential client with no secret in the file keeps its stored secret, or gets a generated
 * one that is returned once (and never stored in clear).
 */
public final class ConfigApplier {
    private final Store store;
    private final Clock clock;

    public ConfigApplier(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What applying did that a person must see: the secrets generated now (client id → secret). */
    public record Result(Map<String, String> generatedSecrets) {
    }

    public Result apply(ValidatedConfig config) {
        return apply(config, false);
    }

    /** @param freshSecrets give every confidential client without a secret in the file a new one (demo mode) */
    public Result apply(ValidatedConfig config, boolean freshSecrets) {
        Map<String, String> generated = new LinkedHashMap<>();
        List<Client> clients = new ArrayList<>();
        for (ValidatedConfig.ClientSpec spec : config.clients()) {
            Client existing = store.findClient(spec.id()).orElse(null);
            byte[] hash = null;
            if (spec.type() == ClientType.CONFIDENTIAL) {
                if (spec.secret() != null) {
                    hash = ClientSecrets.hash(spec.secret());
                } else if (!freshSecrets && existing != null && existing.secretHash() != null) {
                    hash = existing.secretHash();
                } else {
                    String secret = ClientSecrets.generate();
                    generated.put(spec.id(), secret);
                    hash = ClientSecrets.hash(secret);
                }
            }
            clients.add(new Client(spec.id(), spec.name(), spec.type(), spec.firstParty(), spec.grantTypes(),
                    spec.allowedScopes(), spec.defaultScopes(), spec.redirectUris(), hash,
                    existing == null ? clock.instant() : existing.createdAt(), spec.requireConsent()));
        }
        List<User> users = new ArrayList<>();
        for (ValidatedConfig.UserSpec spec : config.users()) {
            String hash = store.findUser(spec.username()).map(User::passwordHash)
                    .filter(h -> PasswordHasher.verify(spec.password(), h))
                    .orElseGet(() -> PasswordHasher.hash(spec.password()));
            users.add(new User(spec.username(), hash, spec.roles()));
        }
        store.applyConfiguration(config.catalog(), config.roles(), clients, users);
        return new Result(generated);
    }
}
