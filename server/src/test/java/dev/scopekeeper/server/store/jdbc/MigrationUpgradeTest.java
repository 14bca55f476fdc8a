package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.store.PostgresTestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Upgrading a schema from one migration to the next, and the fast path with several migrations, on both engines. */
class MigrationUpgradeTest {
    private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05.123456Z");
    private static final List<String> V2_TABLES =
            List.of("authorization_codes", "refresh_tokens", "user_access_tokens", "consents", "sessions");

    @Test
    void whenH2DatabaseAtV1HoldsDataThenItMigratesToV2AndKeepsIt() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2Memory("db_" + UUID.randomUUID().toString().replace("-", ""));
        try {
            assertUpgradeKeepsData(settings);
        } finally {
            execute(settings, "SHUTDOWN");
        }
    }

    @Test
    void whenPostgresDatabaseAtV1HoldsDataThenItMigratesToV2AndKeepsIt() throws SQLException {
        DatabaseSettings settings = PostgresTestDatabase.freshSchema();
        try {
            assertUpgradeKeepsData(settings);
        } finally {
            PostgresTestDatabase.drop(settings);
        }
    }

    @Test
    void whenH2DatabaseIsNewThenEveryMigrationAppliesAndTheNextOpenTakesTheFastPath() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2Memory("db_" + UUID.randomUUID().toString().replace("-", ""));
        try {
            assertFreshGetsAll(settings);
        } finally {
            execute(settings, "SHUTDOWN");
        }
    }

    @Test
    void whenPostgresDatabaseIsNewThenEveryMigrationAppliesAndTheNextOpenTakesTheFastPath() throws SQLException {
        DatabaseSettings settings = PostgresTestDatabase.freshSchema();
        try {
            assertFreshGetsAll(settings);
        } finally {
            PostgresTestDatabase.drop(settings);
        }
    }

    private static void assertUpgradeKeepsData(DatabaseSettings settings) throws SQLException {
        FluentConfiguration v1 = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(settings.url(), settings.user(), settings.password())
                .locations("classpath:" + Migrations.LOCATION).target("1");
        if (settings.schema() != null) {
            v1 = v1.schemas(settings.schema()).createSchemas(true);
        }
        v1.load().migrate();
        try (Connection c = connect(settings)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO clients (id, name, type, first_party, grant_types,"
                    + " allowed_scopes, default_scopes, redirect_uris, secret_hash, created_at)"
                    + " VALUES ('legacy', 'Legacy', 'public', TRUE, 'authorization_code', 'openid photos:read', 'openid',"
                    + " '[\"https://legacy.example/cb\"]', NULL, ?)")) {
                ps.setObject(1, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO users (username, password_hash) VALUES ('alice', '$argon2id$x')");
                st.executeUpdate("INSERT INTO user_roles (username, role) VALUES ('alice', 'viewer')");
                st.executeUpdate("INSERT INTO roles (name) VALUES ('viewer')");
                st.executeUpdate("INSERT INTO role_scopes (role, scope) VALUES ('viewer', 'photos:read')");
            }
        }

        try (Database db = Database.open(settings)) {
            assertThat(db.migrationsApplied()).isEqualTo(Migrations.FILES.size() - 1);
            JdbcStore store = new JdbcStore(db.dataSource());
            assertThat(store.findClient("legacy")).contains(new Client("legacy", "Legacy", ClientType.PUBLIC, true,
                    Set.of(GrantType.AUTHORIZATION_CODE), ScopeSet.of("openid", "photos:read"), ScopeSet.of("openid"),
                    List.of("https://legacy.example/cb"), null, CREATED, false));
            assertThat(store.findUser("alice").orElseThrow().roles()).containsExactly("viewer");
            assertThat(store.loadRoles()).isEqualTo(Map.of("viewer", ScopeSet.of("photos:read")));
            store.addConsent("alice", "legacy", ScopeSet.of("openid"), CREATED);
            assertThat(store.findConsent("alice", "legacy")).isPresent();
            // V3: revocations carry the database's time, for the feed.
            store.revokeToken("jti-after-upgrade", "legacy", CREATED.plusSeconds(86_400L * 365 * 50));
            assertThat(store.revocationsSince(java.time.Instant.EPOCH, CREATED, 10))
                    .extracting(r -> r.jti()).containsExactly("jti-after-upgrade");
        }
        try (Database db = Database.open(settings)) {
            assertThat(db.migrationsApplied()).isZero();
            assertThat(Migrations.isCurrent(db.dataSource())).isTrue();
        }
    }

    private static void assertFreshGetsAll(DatabaseSettings settings) throws SQLException {
        try (Database db = Database.open(settings)) {
            assertThat(db.migrationsApplied()).isEqualTo(Migrations.FILES.size()).isGreaterThan(1);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                for (String table : V2_TABLES) {
                    st.executeQuery("SELECT COUNT(*) FROM " + table).close();
                }
                st.executeQuery("SELECT require_consent FROM clients").close();
                // V4: the fga engine's tables.
                st.executeQuery("SELECT COUNT(*) FROM fga_tuples").close();
                st.executeQuery("SELECT COUNT(*) FROM fga_models").close();
            }
        }
        try (Database db = Database.open(settings)) {
            assertThat(db.migrationsApplied()).isZero();
            assertThat(Migrations.isCurrent(db.dataSource())).isTrue();
        }
    }

    private static Connection connect(DatabaseSettings settings) throws SQLException {
        Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        if (settings.schema() != null) {
            c.setSchema(settings.schema());
        }
        return c;
    }

    private static void execute(DatabaseSettings settings, String sql) throws SQLException {
        try (Connection c = connect(settings); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
