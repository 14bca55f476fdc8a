package dev.scopekeeper.server.store;

import dev.scopekeeper.server.user.User;

import java.util.List;
import java.util.Optional;

/** End users. */
public interface UserStore {
    Optional<User> findUser(String username);

    /** All users, ordered by username. */
    List<User> listUsers();

    /** Inserts the user or replaces the one with the same username. */
    void saveUser(User user);

    boolean deleteUser(String username);
}
