package dev.scopekeeper.cli;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.scopes.ScopeSyntax;
import dev.scopekeeper.server.policy.BuiltInApis;
import dev.scopekeeper.server.policy.ProtocolScopes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Role administration straight on the database. A role lists the API scopes its users may grant;
 * a scope named by no role is open to every user. The next {@code serve --config} replaces the
 * roles with those of the file.
 */
@Command(name = "roles", mixinStandardHelpOptions = true, description = "List, set and delete roles (role -> scopes).",
        subcommands = {RolesCommand.ListRoles.class, RolesCommand.SetRole.class, RolesCommand.Delete.class})
final class RolesCommand {
    /** Printable ASCII without spaces: a role name is shown and typed, and fits the roles table. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\x21-\\x7E]{1,100}");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List roles and the scopes they permit.")
    static final class ListRoles implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Override
        public Integer call() {
            return database.withStore(store -> {
                for (Map.Entry<String, ScopeSet> role : store.loadRoles().entrySet()) {
                    System.out.printf("%-24s %s%n", role.getKey(), role.getValue());
                }
                return 0;
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Create a role or replace its scopes.")
    static final class SetRole implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(index = "0", paramLabel = "NAME", description = "Role name.")
        String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "SCOPE", description = "Scopes the role permits; each must be in the catalog.")
        List<String> scopes;

        @Override
        public Integer call() {
            if (!ROLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a role name is 1 to 100 printable characters without spaces");
            }
            for (String s : scopes) {
                if (!ScopeSyntax.isValidToken(s)) {
                    throw new IllegalArgumentException("'" + s + "' is not a valid scope (RFC 6749 section 3.3)");
                }
                // As in the configuration file: openid and offline_access are every user's to grant.
                if (ProtocolScopes.isProtocolScope(s)) {
                    throw new IllegalArgumentException("'" + s + "' is a protocol scope: roles limit API scopes only");
                }
            }
            ScopeSet set = ScopeSet.of(scopes);
            return database.withStore(store -> {
                ScopeCatalog catalog = BuiltInApis.forNames(store.loadCatalog());
                ScopeSet unknown = catalog.unknown(set);
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException("unknown scope(s): " + unknown
                            + " (declare them in the configuration file first)");
                }
                store.saveRole(name, set);
                System.out.printf("%-24s %s%n", name, set);
                return 0;
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a role. Users keep its name, which then permits nothing.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(index = "0", paramLabel = "NAME", description = "Role name.")
        String name;

        @Override
        public Integer call() {
            return database.withStore(store -> {
                if (!store.deleteRole(name)) {
                    throw new IllegalArgumentException("no role '" + name + "'");
                }
                long holders = store.listUsers().stream().filter(u -> u.roles().contains(name)).count();
                System.out.println("deleted role " + name + (holders == 0 ? ""
                        : " (" + holders + " user(s) keep the name, which now permits nothing)"));
                return 0;
            });
        }
    }
}
