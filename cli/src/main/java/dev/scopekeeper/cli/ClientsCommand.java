package dev.scopekeeper.cli;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientSecrets;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.config.RedirectUris;
import dev.scopekeeper.server.policy.BuiltInApis;
import dev.scopekeeper.server.policy.ProtocolScopes;
import dev.scopekeeper.server.protocol.GrantType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** Client administration straight on the database. */
@Command(name = "clients", mixinStandardHelpOptions = true, description = "Create, list, delete clients; rotate secrets.",
        subcommands = {ClientsCommand.Create.class, ClientsCommand.ListClients.class, ClientsCommand.Delete.class,
                ClientsCommand.RotateSecret.class})
final class ClientsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Register a client; prints its secret once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Option(names = "--id", required = true, description = "Client id.")
        String id;
        @Option(names = "--name", required = true, description = "Human name shown to users.")
        String name;
        @Option(names = "--type", description = "confidential (default) or public.")
        String type = "confidential";
        @Option(names = "--grant-types", split = ",", description = "Comma-separated grant types (default: client_credentials).")
        List<String> grantTypes = List.of("client_credentials");
        @Option(names = "--scopes", split = ",", required = true, description = "Comma-separated allowed scopes.")
        List<String> scopes;
        @Option(names = "--default-scopes", split = ",", description = "Comma-separated default scopes.")
        List<String> defaultScopes = List.of();
        @Option(names = "--redirect-uri", description = "Redirect URI (repeatable).")
        List<String> redirectUris = List.of();
        @Option(names = "--first-party", description = "A first-party client (skips consent).")
        boolean firstParty;

        @Override
        public Integer call() {
            // The same rules as a client in the configuration file (ConfigLoader).
            if (!ConfigLoader.CLIENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("--id " + ConfigLoader.CLIENT_ID_RULE);
            }
            ClientType clientType = switch (type.toLowerCase(Locale.ROOT)) {
                case "confidential" -> ClientType.CONFIDENTIAL;
                case "public" -> ClientType.PUBLIC;
                default -> throw new IllegalArgumentException("--type must be confidential or public, not '" + type + "'");
            };
            for (String uri : redirectUris) {
                RedirectUris.problem(uri).ifPresent(problem -> {
                    throw new IllegalArgumentException(problem);
                });
            }
            return database.withStore(store -> {
                if (store.findClient(id).isPresent()) {
                    throw new IllegalArgumentException("client '" + id + "' already exists");
                }
                // The built-in FGA API's scopes may be allowed like any other (the issuer is not needed for names).
                ScopeCatalog catalog = BuiltInApis.forNames(store.loadCatalog());
                ScopeSet allowed = known(catalog, scopes);
                ScopeSet defaults = known(catalog, defaultScopes);
                if (!catalog.expand(allowed).containsAll(defaults)) {
                    throw new IllegalArgumentException("default scopes must be allowed for the client");
                }
                Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
                for (String g : grantTypes) {
                    grants.add(GrantType.fromWire(g).orElseThrow(() -> new IllegalArgumentException("unsupported grant type '" + g + "'")));
                }
                if (clientType == ClientType.PUBLIC && grants.contains(GrantType.CLIENT_CREDENTIALS)) {
                    throw new IllegalArgumentException("a public client cannot use client_credentials (RFC 6749 section 4.4)");
                }
                codeFlowRules(grants, allowed);
                String secret = clientType == ClientType.CONFIDENTIAL ? ClientSecrets.generate() : null;
                store.saveClient(new Client(id, name, clientType, firstParty, grants, allowed, defaults, redirectUris,
                        secret == null ? null : ClientSecrets.hash(secret), Instant.now()));
                System.out.println("client_id:     " + id);
                if (secret != null) {
                    System.out.println("client_secret: " + secret);
                    System.out.println("(shown once: only its hash is stored)");
                }
                return 0;
            });
        }

        /** The grant rules of a client in the configuration file (ClientReader) that the code flow relies on. */
        private void codeFlowRules(Set<GrantType> grants, ScopeSet allowed) {
            boolean code = grants.contains(GrantType.AUTHORIZATION_CODE);
            boolean refresh = grants.contains(GrantType.REFRESH_TOKEN);
            if (refresh && !code) {
                throw new IllegalArgumentException("refresh_token needs authorization_code too");
            }
            if (allowed.contains(ProtocolScopes.OFFLINE_ACCESS) != refresh) {
                throw new IllegalArgumentException("offline_access and refresh_token go together: allow both or neither");
            }
            if (!code && !redirectUris.isEmpty()) {
                throw new IllegalArgumentException("redirect URIs are only for clients with authorization_code");
            }
        }

        /** Scopes of the catalog, or protocol scopes (openid, offline_access). */
        private static ScopeSet known(ScopeCatalog catalog, List<String> values) {
            ScopeSet set = ScopeSet.of(values);
            ScopeSet unknown = catalog.unknown(set).minus(ProtocolScopes.ALL);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown scope(s): " + unknown + " (declare them in the configuration file first)");
            }
            return set;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List clients.")
    static final class ListClients implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Override
        public Integer call() {
            return database.withStore(store -> {
                for (Client c : store.listClients()) {
                    System.out.printf("%-24s %-12s %-40s %s%n", c.id(), c.type().wire(),
                            c.grantTypes().stream().map(GrantType::wire).sorted().toList(), c.allowedScopes());
                }
                return 0;
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a client.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(index = "0", description = "Client id.")
        String id;

        @Override
        public Integer call() {
            return database.withStore(store -> {
                if (!store.deleteClient(id)) {
                    throw new IllegalArgumentException("no client '" + id + "'");
                }
                System.out.println("deleted " + id);
                return 0;
            });
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true, description = "Give a confidential client a new secret; prints it once.")
    static final class RotateSecret implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(index = "0", description = "Client id.")
        String id;

        @Override
        public Integer call() {
            return database.withStore(store -> {
                Client c = store.findClient(id).orElseThrow(() -> new IllegalArgumentException("no client '" + id + "'"));
                if (!c.isConfidential()) {
                    throw new IllegalArgumentException("client '" + id + "' is public and has no secret");
                }
                String secret = ClientSecrets.generate();
                store.saveClient(c.withSecretHash(ClientSecrets.hash(secret)));
                System.out.println("client_secret: " + secret);
                System.out.println("(shown once; the old secret no longer works)");
                return 0;
            });
        }
    }
}
