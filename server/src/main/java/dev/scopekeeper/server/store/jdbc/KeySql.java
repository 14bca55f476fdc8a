package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.token.SigningKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code signing_keys} table. */
final class KeySql {
    private KeySql() {
    }

    static List<SigningKey> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kid, algorithm, private_jwk, created_at, retired_at"
                + " FROM signing_keys ORDER BY created_at DESC, kid");
             ResultSet rs = ps.executeQuery()) {
            List<SigningKey> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(new SigningKey(rs.getString("kid"), rs.getString("algorithm"), rs.getString("private_jwk"),
                        Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "retired_at")));
            }
            return keys;
        }
    }

    static void insert(Connection c, SigningKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO signing_keys (kid, algorithm, private_jwk, created_at, retired_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, key.kid());
            ps.setString(2, key.algorithm());
            ps.setString(3, key.privateJwkJson());
            Jdbc.setInstant(ps, 4, key.createdAt());
            Jdbc.setInstant(ps, 5, key.retiredAt());
            ps.executeUpdate();
        }
    }

    static void retireActive(Connection c, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL")) {
            Jdbc.setInstant(ps, 1, at);
            ps.executeUpdate();
        }
    }

    static int deleteRetiredBefore(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < ?")) {
            Jdbc.setInstant(ps, 1, before);
            return ps.executeUpdate();
        }
    }
}
