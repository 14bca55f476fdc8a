package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;
import dev.scopekeeper.scopes.ScopeSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The catalog ({@code apis}, {@code scopes}, {@code scope_implications}) and the roles
 * ({@code roles}, {@code role_scopes}). Both are only ever replaced whole, by the configuration.
 */
final class CatalogSql {
    private CatalogSql() {
    }

    /** One joined query, hence one snapshot: a concurrent replacement is seen entirely or not at all. */
    static ScopeCatalog loadCatalog(Connection c) throws SQLException {
        String sql = "SELECT a.audience, a.name AS api_name, s.name AS scope_name, s.description, s.is_default,"
                + " s.deprecated, s.replaced_by, i.implied"
                + " FROM apis a"
                + " LEFT JOIN scopes s ON s.api_audience = a.audience"
                + " LEFT JOIN scope_implications i ON i.scope = s.name"
                + " ORDER BY a.sort_order, s.sort_order, i.sort_order";
        Map<String, String> apiNames = new LinkedHashMap<>();
        Map<String, Map<String, ScopeRow>> scopesByApi = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String audience = rs.getString("audience");
                apiNames.putIfAbsent(audience, rs.getString("api_name"));
                Map<String, ScopeRow> scopes = scopesByApi.computeIfAbsent(audience, a -> new LinkedHashMap<>());
                String scopeName = rs.getString("scope_name");
                if (scopeName == null) {
                    continue;
                }
                ScopeRow row = scopes.get(scopeName);
                if (row == null) {
                    row = new ScopeRow(scopeName, rs.getString("description"), rs.getBoolean("is_default"),
                            rs.getBoolean("deprecated"), rs.getString("replaced_by"), new LinkedHashSet<>());
                    scopes.put(scopeName, row);
                }
                String implied = rs.getString("implied");
                if (implied != null) {
                    row.implies().add(implied);
                }
            }
        }
        List<ApiDefinition> apis = new ArrayList<>();
        apiNames.forEach((audience, name) -> apis.add(new ApiDefinition(audience, name,
                scopesByApi.get(audience).values().stream().map(ScopeRow::toDefinition).toList())));
        return ScopeCatalog.of(apis);
    }

    private record ScopeRow(String name, String description, boolean isDefault, boolean deprecated,
                            String replacedBy, Set<String> implies) {
        ScopeDefinition toDefinition() {
            return new ScopeDefinition(name, description, isDefault, implies, deprecated, replacedBy);
        }
    }

    /** Deletes the catalog and inserts {@code catalog}, keeping its order. Call inside a transaction. */
    static void replaceCatalog(Connection c, ScopeCatalog catalog) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM scope_implications");
            st.executeUpdate("DELETE FROM scopes");
            st.executeUpdate("DELETE FROM apis");
        }
        try (PreparedStatement api = c.prepareStatement("INSERT INTO apis (audience, name, sort_order) VALUES (?, ?, ?)");
             PreparedStatement scope = c.prepareStatement("INSERT INTO scopes (name, api_audience, description, is_default,"
                     + " deprecated, replaced_by, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement implication = c.prepareStatement(
                     "INSERT INTO scope_implications (scope, implied, sort_order) VALUES (?, ?, ?)")) {
            int apiOrder = 0;
            for (ApiDefinition a : catalog.apis()) {
                api.setString(1, a.audience());
                api.setString(2, a.name());
                api.setInt(3, apiOrder++);
                api.addBatch();
                int scopeOrder = 0;
                for (ScopeDefinition s : a.scopes()) {
                    scope.setString(1, s.name());
                    scope.setString(2, a.audience());
                    scope.setString(3, s.description());
                    scope.setBoolean(4, s.isDefault());
                    scope.setBoolean(5, s.deprecated());
                    scope.setString(6, s.replacedBy());
                    scope.setInt(7, scopeOrder++);
                    scope.addBatch();
                    int impliedOrder = 0;
                    for (String implied : s.implies()) {
                        implication.setString(1, s.name());
                        implication.setString(2, implied);
                        implication.setInt(3, impliedOrder++);
                        implication.addBatch();
                    }
                }
            }
            // Parents first: the foreign keys are checked per statement.
            api.executeBatch();
            scope.executeBatch();
            implication.executeBatch();
        }
    }

    static Map<String, ScopeSet> loadRoles(Connection c) throws SQLException {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.name, s.scope FROM roles r"
                + " LEFT JOIN role_scopes s ON s.role = r.name ORDER BY r.name, s.scope");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<String> scopes = roles.computeIfAbsent(rs.getString("name"), r -> new ArrayList<>());
                String scope = rs.getString("scope");
                if (scope != null) {
                    scopes.add(scope);
                }
            }
        }
        // Java order (code points), whatever the database collation.
        Map<String, ScopeSet> result = new TreeMap<>();
        roles.forEach((role, scopes) -> result.put(role, ScopeSet.of(scopes)));
        return Collections.unmodifiableMap(result);
    }

    /** Deletes all roles and inserts {@code roles}. Call inside a transaction. */
    static void replaceRoles(Connection c, Map<String, ScopeSet> roles) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM role_scopes");
            st.executeUpdate("DELETE FROM roles");
        }
        try (PreparedStatement role = c.prepareStatement("INSERT INTO roles (name) VALUES (?)");
             PreparedStatement scope = c.prepareStatement("INSERT INTO role_scopes (role, scope) VALUES (?, ?)")) {
            for (Map.Entry<String, ScopeSet> e : roles.entrySet()) {
                role.setString(1, e.getKey());
                role.addBatch();
                for (String s : e.getValue().values()) {
                    scope.setString(1, e.getKey());
                    scope.setString(2, s);
                    scope.addBatch();
                }
            }
            role.executeBatch();
            scope.executeBatch();
        }
    }
}
