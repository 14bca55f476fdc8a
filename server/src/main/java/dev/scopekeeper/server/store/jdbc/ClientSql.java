package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code clients} table. Lists are stored as text ({@link Columns}): scopes and grant types
 * space-separated and sorted, redirect URIs as a JSON array (order kept), the secret hash as Base64.
 */
final class ClientSql {
    private static final String COLUMNS = "id, name, type, first_party, grant_types, allowed_scopes, default_scopes,"
            + " redirect_uris, secret_hash, require_consent, created_at";

    private ClientSql() {
    }

    static Optional<Client> find(Connection c, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM clients WHERE id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    static List<Client> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM clients ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            List<Client> clients = new ArrayList<>();
            while (rs.next()) {
                clients.add(map(rs));
            }
            // Java order (code points), whatever the database collation.
            clients.sort(Comparator.comparing(Client::id));
            return clients;
        }
    }

    /** Update, else insert; an existing row keeps its created_at. Call inside a transaction. */
    static void save(Connection c, Client client) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE clients SET name = ?, type = ?, first_party = ?, grant_types = ?,"
                + " allowed_scopes = ?, default_scopes = ?, redirect_uris = ?, secret_hash = ?, require_consent = ? WHERE id = ?")) {
            int i = bindMutable(ps, client);
            ps.setString(i, client.id());
            updated = ps.executeUpdate();
        }
        if (updated > 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO clients (name, type, first_party, grant_types, allowed_scopes,"
                + " default_scopes, redirect_uris, secret_hash, require_consent, id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindMutable(ps, client);
            ps.setString(i++, client.id());
            Jdbc.setInstant(ps, i, client.createdAt());
            ps.executeUpdate();
        }
    }

    static boolean delete(Connection c, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM clients WHERE id = ?")) {
            ps.setString(1, clientId);
            return ps.executeUpdate() > 0;
        }
    }

    /** Binds the columns shared by UPDATE and INSERT, in that order; returns the next index. */
    private static int bindMutable(PreparedStatement ps, Client client) throws SQLException {
        int i = 1;
        ps.setString(i++, client.name());
        ps.setString(i++, client.type().wire());
        ps.setBoolean(i++, client.firstParty());
        ps.setString(i++, client.grantTypes().stream().map(GrantType::wire).sorted().collect(Collectors.joining(" ")));
        ps.setString(i++, Columns.scopeText(client.allowedScopes()));
        ps.setString(i++, Columns.scopeText(client.defaultScopes()));
        ps.setString(i++, Columns.jsonList(client.redirectUris(), "redirect URIs"));
        byte[] hash = client.secretHash();
        ps.setString(i++, hash == null ? null : Base64.getEncoder().encodeToString(hash));
        ps.setBoolean(i++, client.requireConsent());
        return i;
    }

    private static Client map(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String hash = rs.getString("secret_hash");
        return new Client(
                id,
                rs.getString("name"),
                ClientType.valueOf(rs.getString("type").toUpperCase(Locale.ROOT)),
                rs.getBoolean("first_party"),
                grantTypes(id, rs.getString("grant_types")),
                Columns.scopes(rs.getString("allowed_scopes")),
                Columns.scopes(rs.getString("default_scopes")),
                Columns.fromJsonList(rs.getString("redirect_uris"), "redirect_uris of client " + id),
                hash == null ? null : Base64.getDecoder().decode(hash),
                Jdbc.getInstant(rs, "created_at"),
                rs.getBoolean("require_consent"));
    }

    private static Set<GrantType> grantTypes(String clientId, String spaceSeparated) throws SQLException {
        Set<GrantType> types = EnumSet.noneOf(GrantType.class);
        for (String wire : Columns.words(spaceSeparated)) {
            // A grant type this version does not know means the row was written by a newer one.
            types.add(GrantType.fromWire(wire).orElseThrow(
                    () -> new SQLException("client " + clientId + " has unknown grant type " + wire)));
        }
        return types;
    }
}
