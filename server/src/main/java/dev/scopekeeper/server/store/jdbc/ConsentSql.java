package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.consent.ConsentGrant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The {@code consents} table: one row per user, client and granted scope. */
final class ConsentSql {
    private ConsentSql() {
    }

    static Optional<ConsentGrant> find(Connection c, String username, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT client_id, scope, granted_at FROM consents"
                + " WHERE username = ? AND client_id = ?")) {
            ps.setString(1, username);
            ps.setString(2, clientId);
            List<ConsentGrant> grants = collect(ps, username);
            return grants.isEmpty() ? Optional.empty() : Optional.of(grants.get(0));
        }
    }

    static List<ConsentGrant> list(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT client_id, scope, granted_at FROM consents WHERE username = ?")) {
            ps.setString(1, username);
            return collect(ps, username);
        }
    }

    /** Grouped and ordered by client id in Java (code points), whatever the database collation. */
    private static List<ConsentGrant> collect(PreparedStatement ps, String username) throws SQLException {
        Map<String, Map<String, Instant>> byClient = new TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byClient.computeIfAbsent(rs.getString("client_id"), k -> new TreeMap<>())
                        .put(rs.getString("scope"), Jdbc.getInstant(rs, "granted_at"));
            }
        }
        List<ConsentGrant> grants = new ArrayList<>();
        byClient.forEach((clientId, scopes) -> grants.add(new ConsentGrant(username, clientId, scopes)));
        return grants;
    }

    /** Inserts the scopes not granted yet; granted ones keep their time. Call inside a transaction. */
    static void add(Connection c, String username, String clientId, ScopeSet scopes, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO consents (username, client_id, scope, granted_at)"
                + " SELECT ?, ?, ?, ? FROM (VALUES (1)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM consents WHERE username = ? AND client_id = ? AND scope = ?)")) {
            for (String scope : scopes.values()) {
                ps.setString(1, username);
                ps.setString(2, clientId);
                ps.setString(3, scope);
                Jdbc.setInstant(ps, 4, now);
                ps.setString(5, username);
                ps.setString(6, clientId);
                ps.setString(7, scope);
                ps.executeUpdate();
            }
        }
    }

    /** Deletes the given scopes, or every scope when {@code scopes} is null; returns how many rows went. */
    static int remove(Connection c, String username, String clientId, ScopeSet scopes) throws SQLException {
        if (scopes == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM consents WHERE username = ? AND client_id = ?")) {
                ps.setString(1, username);
                ps.setString(2, clientId);
                return ps.executeUpdate();
            }
        }
        int removed = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM consents WHERE username = ? AND client_id = ? AND scope = ?")) {
            for (String scope : scopes.values()) {
                ps.setString(1, username);
                ps.setString(2, clientId);
                ps.setString(3, scope);
                removed += ps.executeUpdate();
            }
        }
        return removed;
    }
}
