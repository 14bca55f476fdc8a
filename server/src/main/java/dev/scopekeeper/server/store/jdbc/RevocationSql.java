package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.store.RevocationStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code revoked_tokens} table. */
final class RevocationSql {
    private RevocationSql() {
    }

    /** Inserts unless present; a concurrent insert of the same jti surfaces as a unique violation. */
    static void revoke(Connection c, String jti, String clientId, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO revoked_tokens (jti, client_id, expires_at)"
                + " SELECT ?, ?, ? FROM (VALUES (1)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?)")) {
            ps.setString(1, jti);
            ps.setString(2, clientId);
            Jdbc.setInstant(ps, 3, expiresAt);
            ps.setString(4, jti);
            ps.executeUpdate();
        }
    }

    static boolean isRevoked(Connection c, String jti) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM revoked_tokens WHERE jti = ?")) {
            ps.setString(1, jti);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<RevocationStore.Revocation> since(Connection c, Instant since, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT jti, expires_at, revoked_at FROM revoked_tokens"
                + " WHERE revoked_at >= ? AND expires_at > ? ORDER BY revoked_at, jti")) {
            Jdbc.setInstant(ps, 1, since);
            Jdbc.setInstant(ps, 2, now);
            ps.setMaxRows(limit);
            List<RevocationStore.Revocation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RevocationStore.Revocation(rs.getString("jti"), Jdbc.getInstant(rs, "expires_at"),
                            Jdbc.getInstant(rs, "revoked_at")));
                }
            }
            return out;
        }
    }

    static Instant databaseTime(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP FROM (VALUES (1)) AS one (x)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }

    static int purgeExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM revoked_tokens WHERE expires_at < ?")) {
            Jdbc.setInstant(ps, 1, now);
            return ps.executeUpdate();
        }
    }
}
