package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.session.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The {@code sessions} table. */
final class SessionSql {
    private SessionSql() {
    }

    /** Update, else insert. Call inside a transaction. */
    static void save(Connection c, Session s) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET username = ?, auth_time = ?, created_at = ?,"
                + " expires_at = ?, csrf_token = ? WHERE id_hash = ?")) {
            bind(ps, s);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (username, auth_time, created_at,"
                    + " expires_at, csrf_token, id_hash) VALUES (?, ?, ?, ?, ?, ?)")) {
                bind(ps, s);
                ps.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement ps, Session s) throws SQLException {
        ps.setString(1, s.username());
        Jdbc.setInstant(ps, 2, s.authTime());
        Jdbc.setInstant(ps, 3, s.createdAt());
        Jdbc.setInstant(ps, 4, s.expiresAt());
        ps.setString(5, s.csrfToken());
        ps.setString(6, s.idHash());
    }

    static Optional<Session> find(Connection c, String idHash, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id_hash, username, auth_time, created_at, expires_at,"
                + " csrf_token FROM sessions WHERE id_hash = ? AND expires_at > ?")) {
            ps.setString(1, idHash);
            Jdbc.setInstant(ps, 2, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Session(rs.getString("id_hash"), rs.getString("username"),
                                Jdbc.getInstant(rs, "auth_time"), Jdbc.getInstant(rs, "created_at"),
                                Jdbc.getInstant(rs, "expires_at"), rs.getString("csrf_token")))
                        : Optional.empty();
            }
        }
    }

    static int delete(Connection c, String idHash) throws SQLException {
        return deleteWhere(c, "id_hash = ?", idHash);
    }

    static int deleteOf(Connection c, String username) throws SQLException {
        return deleteWhere(c, "username = ?", username);
    }

    private static int deleteWhere(Connection c, String condition, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE " + condition)) {
            ps.setString(1, value);
            return ps.executeUpdate();
        }
    }

    static int purge(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE expires_at < ?")) {
            Jdbc.setInstant(ps, 1, before);
            return ps.executeUpdate();
        }
    }
}
