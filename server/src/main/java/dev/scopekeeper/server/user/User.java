package dev.scopekeeper.server.user;

import java.util.Objects;
import java.util.Set;

/** An end user. {@code passwordHash} is an Argon2id hash in PHC string format; never the password. */
public record User(String username, String passwordHash, Set<String> roles) {
    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
        return "User[" + username + ", roles=" + roles + "]";
    }
}
