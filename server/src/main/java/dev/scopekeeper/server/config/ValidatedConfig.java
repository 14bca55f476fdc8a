package dev.scopekeeper.server.config;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A configuration that passed every check, ready for {@link ConfigApplier}. Secrets and passwords are still in clear here. */
public record ValidatedConfig(ScopeCatalog catalog, Map<String, ScopeSet> roles, List<ClientSpec> clients, List<UserSpec> users) {

    public record ClientSpec(String id, String name, ClientType type, boolean firstParty, Set<GrantType> grantTypes,
                             ScopeSet allowedScopes, ScopeSet defaultScopes, List<String> redirectUris, String secret,
                             boolean requireConsent) {
        @Override
        public String toString() {
            return "ClientSpec[" + id + "]";
        }
    }

    public record UserSpec(String username, String password, Set<String> roles) {
        @Override
        public String toString() {
            return "UserSpec[" + username + "]";
        }
    }
}
