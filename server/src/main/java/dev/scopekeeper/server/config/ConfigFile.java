package dev.scopekeeper.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** The configuration file as written: APIs and their scopes, roles, clients and (for demos) users. */
public record ConfigFile(List<Api> apis, Map<String, List<String>> roles, List<ClientEntry> clients, List<UserEntry> users) {
    public ConfigFile {
        apis = apis == null ? List.of() : apis;
        roles = roles == null ? Map.of() : roles;
        clients = clients == null ? List.of() : clients;
        users = users == null ? List.of() : users;
    }

    public record Api(String audience, String name, List<ScopeEntry> scopes) {
        public Api {
            scopes = scopes == null ? List.of() : scopes;
        }
    }

    public record ScopeEntry(String name, String description, @JsonProperty("default") boolean isDefault,
                             List<String> implies, boolean deprecated, String replacedBy) {
        public ScopeEntry {
            implies = implies == null ? List.of() : implies;
        }
    }

    public record ClientEntry(String id, String name, String type, boolean firstParty, List<String> grantTypes,
                              List<String> allowedScopes, List<String> defaultScopes, List<String> redirectUris,
                              String secret, boolean requireConsent) {
        public ClientEntry {
            grantTypes = grantTypes == null ? List.of() : grantTypes;
            allowedScopes = allowedScopes == null ? List.of() : allowedScopes;
            defaultScopes = defaultScopes == null ? List.of() : defaultScopes;
            redirectUris = redirectUris == null ? List.of() : redirectUris;
        }
    }

    public record UserEntry(String username, String password, List<String> roles) {
        public UserEntry {
            roles = roles == null ? List.of() : roles;
        }
    }
}
