package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.scopes.ScopeSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One role at a time in {@code roles} and {@code role_scopes} (the CLI); {@link CatalogSql} replaces them all. */
final class RoleSql {
    private RoleSql() {
    }

    /**
     * Creates the role unless present, then replaces its scopes. Call inside a transaction. The
     * no-op UPDATE locks the role's row, so that concurrent saves of one role take turns instead of
     * colliding on role_scopes; two inserts of a new role collide once, and {@link Jdbc#transaction} retries.
     */
    static void save(Connection c, String name, ScopeSet scopes) throws SQLException {
        int existing;
        try (PreparedStatement ps = c.prepareStatement("UPDATE roles SET name = name WHERE name = ?")) {
            ps.setString(1, name);
            existing = ps.executeUpdate();
        }
        if (existing == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO roles (name) VALUES (?)")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM role_scopes WHERE role = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO role_scopes (role, scope) VALUES (?, ?)")) {
            for (String scope : scopes.values()) {
                ps.setString(1, name);
                ps.setString(2, scope);
                ps.executeUpdate();
            }
        }
    }

    /** Its scopes go with it (ON DELETE CASCADE); user_roles keep the name, which then permits nothing. */
    static boolean delete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM roles WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        }
    }
}
