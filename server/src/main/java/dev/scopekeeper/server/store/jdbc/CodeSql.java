package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.grant.AuthorizationCode;
import dev.scopekeeper.server.grant.CodeRedemption;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The {@code authorization_codes} table. */
final class CodeSql {
    private CodeSql() {
    }

    static void insert(Connection c, AuthorizationCode code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO authorization_codes (code_hash, client_id, username,"
                + " redirect_uri, scope, audiences, code_challenge, nonce, auth_time, issued_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, code.codeHash());
            ps.setString(2, code.clientId());
            ps.setString(3, code.username());
            ps.setString(4, code.redirectUri());
            ps.setString(5, Columns.scopeText(code.scope()));
            ps.setString(6, Columns.jsonList(code.audiences(), "audiences"));
            ps.setString(7, code.codeChallenge());
            ps.setString(8, code.nonce());
            Jdbc.setInstant(ps, 9, code.authTime());
            Jdbc.setInstant(ps, 10, code.issuedAt());
            Jdbc.setInstant(ps, 11, code.expiresAt());
            ps.executeUpdate();
        }
    }

    /** In auto-commit, so that the winner's mark is committed, and its row lock released, at once. */
    static CodeRedemption redeem(Connection c, String codeHash, Instant now) throws SQLException {
        int marked;
        // RFC 6749 §4.1.2: a code is used once. The row count picks the one winner; a concurrent
        // UPDATE waits for the winner's row lock, re-reads used_at and matches nothing.
        try (PreparedStatement ps = c.prepareStatement("UPDATE authorization_codes SET used_at = ?"
                + " WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setString(2, codeHash);
            Jdbc.setInstant(ps, 3, now);
            marked = ps.executeUpdate();
        }
        if (marked == 0) {
            // A replay marks the code before reading what the first redemption recorded (see recordIssued).
            try (PreparedStatement ps = c.prepareStatement("UPDATE authorization_codes SET replayed_at = ?"
                    + " WHERE code_hash = ? AND used_at IS NOT NULL AND replayed_at IS NULL")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setString(2, codeHash);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT code_hash, client_id, username, redirect_uri, scope,"
                + " audiences, code_challenge, nonce, auth_time, issued_at, expires_at, used_at, access_token_jti,"
                + " access_token_expires_at, refresh_family_id FROM authorization_codes WHERE code_hash = ?")) {
            ps.setString(1, codeHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new CodeRedemption.Unknown();
                }
                AuthorizationCode code = map(rs);
                if (marked == 1) {
                    return new CodeRedemption.Redeemed(code);
                }
                if (rs.getObject("used_at") == null) {
                    return new CodeRedemption.Unknown(); // unused but expired
                }
                return new CodeRedemption.Replayed(code, rs.getString("access_token_jti"),
                        Jdbc.getInstant(rs, "access_token_expires_at"), rs.getString("refresh_family_id"));
            }
        }
    }

    /** Records, then reads the replay mark: with the replay's mark-then-read, one side always sees the other. */
    static boolean recordIssued(Connection c, String codeHash, String jti, Instant jtiExpiresAt, String familyId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE authorization_codes"
                + " SET access_token_jti = ?, access_token_expires_at = ?, refresh_family_id = ? WHERE code_hash = ?")) {
            ps.setString(1, jti);
            Jdbc.setInstant(ps, 2, jtiExpiresAt);
            ps.setString(3, familyId);
            ps.setString(4, codeHash);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT replayed_at FROM authorization_codes WHERE code_hash = ?")) {
            ps.setString(1, codeHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getObject("replayed_at") != null;
            }
        }
    }

    static int purge(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM authorization_codes WHERE expires_at < ?")) {
            Jdbc.setInstant(ps, 1, before);
            return ps.executeUpdate();
        }
    }

    private static AuthorizationCode map(ResultSet rs) throws SQLException {
        return new AuthorizationCode(rs.getString("code_hash"), rs.getString("client_id"), rs.getString("username"),
                rs.getString("redirect_uri"), Columns.scopes(rs.getString("scope")),
                Columns.fromJsonList(rs.getString("audiences"), "audiences of an authorization code"),
                rs.getString("code_challenge"), rs.getString("nonce"), Jdbc.getInstant(rs, "auth_time"),
                Jdbc.getInstant(rs, "issued_at"), Jdbc.getInstant(rs, "expires_at"));
    }
}
