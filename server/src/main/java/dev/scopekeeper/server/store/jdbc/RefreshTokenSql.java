package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.grant.RefreshToken;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The {@code refresh_tokens} table. */
final class RefreshTokenSql {
    private RefreshTokenSql() {
    }

    static void insert(Connection c, RefreshToken t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO refresh_tokens (token_hash, family_id, client_id,"
                + " username, scope, audiences, auth_time, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.tokenHash());
            ps.setString(2, t.familyId());
            ps.setString(3, t.clientId());
            ps.setString(4, t.username());
            ps.setString(5, Columns.scopeText(t.scope()));
            ps.setString(6, Columns.jsonList(t.audiences(), "audiences"));
            Jdbc.setInstant(ps, 7, t.authTime());
            Jdbc.setInstant(ps, 8, t.issuedAt());
            Jdbc.setInstant(ps, 9, t.expiresAt());
            ps.executeUpdate();
        }
    }

    static Optional<RefreshToken.State> find(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, family_id, client_id, username, scope, audiences,"
                + " auth_time, issued_at, expires_at, rotated_at, revoked_at FROM refresh_tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                RefreshToken token = new RefreshToken(rs.getString("token_hash"), rs.getString("family_id"),
                        rs.getString("client_id"), rs.getString("username"), Columns.scopes(rs.getString("scope")),
                        Columns.fromJsonList(rs.getString("audiences"), "audiences of a refresh token"),
                        Jdbc.getInstant(rs, "auth_time"), Jdbc.getInstant(rs, "issued_at"),
                        Jdbc.getInstant(rs, "expires_at"));
                return Optional.of(new RefreshToken.State(token,
                        rs.getObject("rotated_at") != null, rs.getObject("revoked_at") != null));
            }
        }
    }

    /** @return true if this call, and no other, moved the token from usable to rotated */
    static boolean markRotated(Connection c, String tokenHash, Instant now) throws SQLException {
        // RFC 9700 §4.14.2: a refresh token is exchanged once. A concurrent rotation waits for our
        // row lock, re-reads rotated_at and matches nothing.
        try (PreparedStatement ps = c.prepareStatement("UPDATE refresh_tokens SET rotated_at = ?"
                + " WHERE token_hash = ? AND rotated_at IS NULL AND revoked_at IS NULL")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setString(2, tokenHash);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Revokes every token of the family; a token revoked before keeps its revocation time.
     *
     * <p>Repeated until a pass revokes nothing: under READ COMMITTED, a rotation holding the current
     * token's lock makes our UPDATE wait, then commits a successor that our statement's snapshot
     * does not contain. The next pass sees it. A pass that revokes nothing waited for no rotation,
     * and every later rotation finds its token revoked (RFC 9700 §4.14.2: the whole family dies).
     */
    static void revokeFamily(Connection c, String familyId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE refresh_tokens SET revoked_at = ?"
                + " WHERE family_id = ? AND revoked_at IS NULL")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setString(2, familyId);
            while (ps.executeUpdate() > 0) {
                // another pass
            }
        }
    }

    static boolean isFamilyRevoked(Connection c, String familyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NOT NULL")) {
            ps.setString(1, familyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The families of the user's unrevoked tokens for the client whose scope satisfies {@code affected}. */
    static Set<String> families(Connection c, String username, String clientId, Predicate<ScopeSet> affected)
            throws SQLException {
        Set<String> families = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT family_id, scope FROM refresh_tokens"
                + " WHERE username = ? AND client_id = ? AND revoked_at IS NULL")) {
            ps.setString(1, username);
            ps.setString(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (affected.test(Columns.scopes(rs.getString("scope")))) {
                        families.add(rs.getString("family_id"));
                    }
                }
            }
        }
        return families;
    }

    static int purge(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM refresh_tokens WHERE expires_at < ?")) {
            Jdbc.setInstant(ps, 1, before);
            return ps.executeUpdate();
        }
    }
}
