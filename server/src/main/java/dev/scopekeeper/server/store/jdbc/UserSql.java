package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.user.User;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code users} and {@code user_roles} tables. */
final class UserSql {
    // One statement, so one snapshot: a user is never read half-updated.
    private static final String SELECT = "SELECT u.username, u.password_hash, r.role FROM users u"
            + " LEFT JOIN user_roles r ON r.username = u.username";

    private UserSql() {
    }

    static Optional<User> find(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE u.username = ? ORDER BY r.role")) {
            ps.setString(1, username);
            List<User> users = collect(ps);
            return users.isEmpty() ? Optional.empty() : Optional.of(users.get(0));
        }
    }

    static List<User> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY u.username, r.role")) {
            List<User> users = collect(ps);
            // Java order (code points), whatever the database collation.
            users.sort(Comparator.comparing(User::username));
            return users;
        }
    }

    /** Rows are ordered by username, so each user's rows are adjacent; roles come in Java order. */
    private static List<User> collect(PreparedStatement ps) throws SQLException {
        List<User> users = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            String username = null;
            String hash = null;
            Set<String> roles = new TreeSet<>();
            while (rs.next()) {
                String next = rs.getString("username");
                if (!next.equals(username)) {
                    if (username != null) {
                        users.add(new User(username, hash, roles));
                    }
                    username = next;
                    hash = rs.getString("password_hash");
                    roles = new TreeSet<>();
                }
                String role = rs.getString("role");
                if (role != null) {
                    roles.add(role);
                }
            }
            if (username != null) {
                users.add(new User(username, hash, roles));
            }
        }
        return users;
    }

    /** Update, else insert; the roles are replaced. Call inside a transaction. */
    static void save(Connection c, User user) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET password_hash = ? WHERE username = ?")) {
            ps.setString(1, user.passwordHash());
            ps.setString(2, user.username());
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, password_hash) VALUES (?, ?)")) {
                ps.setString(1, user.username());
                ps.setString(2, user.passwordHash());
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_roles WHERE username = ?")) {
                ps.setString(1, user.username());
                ps.executeUpdate();
            }
        }
        if (user.roles().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_roles (username, role) VALUES (?, ?)")) {
            for (String role : user.roles()) {
                ps.setString(1, user.username());
                ps.setString(2, role);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static boolean delete(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
            ps.setString(1, username);
            return ps.executeUpdate() > 0;
        }
    }
}
