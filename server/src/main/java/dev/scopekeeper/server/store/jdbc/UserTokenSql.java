package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.scopes.ScopeSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code user_access_tokens} table, and moving its rows into {@code revoked_tokens}. Every
 * insert into {@code revoked_tokens} skips a jti already there, as {@link RevocationSql#revoke}
 * does; a concurrent insert of the same jti surfaces as a unique violation, which
 * {@link Jdbc#transaction} retries.
 */
final class UserTokenSql {
    private UserTokenSql() {
    }

    static void insert(Connection c, String jti, String username, String clientId, ScopeSet scope, String familyId,
                       Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_access_tokens (jti, username, client_id, scope,"
                + " family_id, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, jti);
            ps.setString(2, username);
            ps.setString(3, clientId);
            ps.setString(4, Columns.scopeText(scope));
            ps.setString(5, familyId);
            Jdbc.setInstant(ps, 6, expiresAt);
            ps.executeUpdate();
        }
    }

    /** Revokes the family's recorded tokens that expire after {@code now}. */
    static void revokeFamily(Connection c, String familyId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO revoked_tokens (jti, client_id, expires_at)"
                + " SELECT t.jti, t.client_id, t.expires_at FROM user_access_tokens t"
                + " WHERE t.family_id = ? AND t.expires_at > ?"
                + " AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = t.jti)")) {
            ps.setString(1, familyId);
            Jdbc.setInstant(ps, 2, now);
            ps.executeUpdate();
        }
    }

    /**
     * Revokes the user's recorded tokens for the client that expire after {@code now} and whose scope
     * satisfies {@code affected}. Scope containment is tested here, not in SQL: no portable SQL
     * splits a space-separated list.
     */
    static void revokeMatching(Connection c, String username, String clientId, Predicate<ScopeSet> affected, Instant now)
            throws SQLException {
        List<String> jtis = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT jti, scope FROM user_access_tokens"
                + " WHERE username = ? AND client_id = ? AND expires_at > ?")) {
            ps.setString(1, username);
            ps.setString(2, clientId);
            Jdbc.setInstant(ps, 3, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (affected.test(Columns.scopes(rs.getString("scope")))) {
                        jtis.add(rs.getString("jti"));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO revoked_tokens (jti, client_id, expires_at)"
                + " SELECT t.jti, t.client_id, t.expires_at FROM user_access_tokens t WHERE t.jti = ?"
                + " AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = t.jti)")) {
            for (String jti : jtis) {
                ps.setString(1, jti);
                ps.executeUpdate();
            }
        }
    }

    static int purge(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_access_tokens WHERE expires_at < ?")) {
            Jdbc.setInstant(ps, 1, before);
            return ps.executeUpdate();
        }
    }
}
