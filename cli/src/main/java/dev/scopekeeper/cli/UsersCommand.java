package dev.scopekeeper.cli;

import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.store.Store;
import dev.scopekeeper.server.user.PasswordHasher;
import dev.scopekeeper.server.user.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** End-user administration straight on the database. Passwords are stored as Argon2id hashes only. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Add, list, delete users; set passwords and roles.",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Delete.class,
                UsersCommand.Passwd.class, UsersCommand.Roles.class})
final class UsersCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user. Without --password-stdin and without a terminal, a password is generated and printed once.")
    static final class Add implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Mixin
        PasswordOptions password = new PasswordOptions();
        @Parameters(index = "0", paramLabel = "NAME", description = "Username.")
        String name;
        @Option(names = "--role", paramLabel = "ROLE", description = "A role of the user (repeatable); must be defined.")
        List<String> roles = List.of();

        @Override
        public Integer call() {
            // The same rule as a user in the configuration file (ConfigLoader).
            if (!ConfigLoader.USERNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("the username " + ConfigLoader.USERNAME_RULE);
            }
            return database.withStore(store -> {
                if (store.findUser(name).isPresent()) {
                    throw new IllegalArgumentException("user '" + name + "' already exists"
                            + " (change it with users passwd or users roles)");
                }
                Set<String> userRoles = definedRoles(store, roles);
                // Asked only once the rest is known to be right, so nobody types a password for nothing.
                PasswordOptions.Password p = password.read(name);
                store.saveUser(new User(name, PasswordHasher.hash(p.value()), userRoles));
                System.out.println("added " + name + " (roles: " + describe(userRoles) + ")");
                printIfGenerated(p);
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and their roles.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Override
        public Integer call() {
            return database.withStore(store -> {
                for (User u : store.listUsers()) {
                    System.out.printf("%-24s %s%n", u.username(), describe(u.roles()));
                }
                return 0;
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(index = "0", paramLabel = "NAME", description = "Username.")
        String name;

        @Override
        public Integer call() {
            return database.withStore(store -> {
                if (store.findUser(name).isEmpty()) {
                    throw noUser(name);
                }
                // Everything the user granted goes with the user: apps' refresh tokens die, access tokens are revoked.
                java.time.Instant now = java.time.Instant.now();
                store.listConsents(name).forEach(g -> store.revokeConsent(name, g.clientId(), null, now));
                store.deleteSessionsOf(name);
                store.deleteUser(name);
                System.out.println("deleted " + name);
                return 0;
            });
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a user's password; the user's browser sessions end.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Mixin
        PasswordOptions password = new PasswordOptions();
        @Parameters(index = "0", paramLabel = "NAME", description = "Username.")
        String name;

        @Override
        public Integer call() {
            return database.withStore(store -> {
                User user = store.findUser(name).orElseThrow(() -> noUser(name));
                PasswordOptions.Password p = password.read(name);
                store.saveUser(new User(name, PasswordHasher.hash(p.value()), user.roles()));
                store.deleteSessionsOf(name);
                System.out.println("password of " + name + " changed");
                printIfGenerated(p);
                return 0;
            });
        }
    }

    @Command(name = "roles", mixinStandardHelpOptions = true,
            description = "Replace a user's roles with the given ones (none: no role).")
    static final class Roles implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(index = "0", paramLabel = "NAME", description = "Username.")
        String name;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "ROLE", description = "Roles; each must be defined.")
        List<String> roles = List.of();

        @Override
        public Integer call() {
            return database.withStore(store -> {
                User user = store.findUser(name).orElseThrow(() -> noUser(name));
                Set<String> userRoles = definedRoles(store, roles);
                store.saveUser(new User(name, user.passwordHash(), userRoles));
                System.out.println(name + ": " + describe(userRoles));
                return 0;
            });
        }
    }

    /** {@code names} as a set, if every one is a role the store defines. */
    private static Set<String> definedRoles(Store store, List<String> names) {
        Set<String> defined = store.loadRoles().keySet();
        Set<String> unknown = new TreeSet<>(names);
        unknown.removeAll(defined);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown role(s): " + String.join(", ", unknown) + " (defined: "
                    + (defined.isEmpty() ? "none" : String.join(", ", new TreeSet<>(defined))) + ")");
        }
        return new TreeSet<>(names);
    }

    private static String describe(Set<String> roles) {
        return roles.isEmpty() ? "none" : String.join(", ", new TreeSet<>(roles));
    }

    private static void printIfGenerated(PasswordOptions.Password p) {
        if (p.generated()) {
            System.out.println("password: " + p.value());
            System.out.println("(generated as no terminal was found; shown once: only its Argon2id hash is stored)");
        }
    }

    private static IllegalArgumentException noUser(String name) {
        return new IllegalArgumentException("no user '" + name + "'");
    }
}
