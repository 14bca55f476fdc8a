package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.server.store.PostgresTestDatabase;
import dev.scopekeeper.server.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening and migrating a database; the store itself is covered by the JdbcStore contract tests. */
class JdbcDatabaseTest {

    @Test
    void whenMigrationFilesListedThenTheyMatchTheDirectory() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", Migrations.LOCATION))) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .sorted(Comparator.comparingInt(JdbcDatabaseTest::version)).toList();
            assertThat(Migrations.FILES).isEqualTo(names);
        }
    }

    @Test
    void whenSchemaIsCurrentThenTheFastCheckAcceptsItOnH2() {
        try (Database db = Database.open(DatabaseSettings.h2Memory(uniqueName()))) {
            assertThat(db.migrationsApplied()).isEqualTo(Migrations.FILES.size());
            assertThat(Migrations.isCurrent(db.dataSource())).isTrue();
        }
    }

    @Test
    void whenSchemaIsCurrentThenTheFastCheckAcceptsItOnPostgres() {
        DatabaseSettings settings = PostgresTestDatabase.freshSchema();
        try (Database db = Database.open(settings)) {
            assertThat(Migrations.isCurrent(db.dataSource())).isTrue();
        } finally {
            PostgresTestDatabase.drop(settings);
        }
    }

    @Test
    void whenFileDatabaseReopenedThenNothingIsMigrated(@TempDir Path dir) {
        try (Database db = Database.open(DatabaseSettings.h2File(dir))) {
            assertThat(db.migrationsApplied()).isEqualTo(Migrations.FILES.size());
        }
        try (Database db = Database.open(DatabaseSettings.h2File(dir))) {
            assertThat(db.migrationsApplied()).isZero();
        }
    }

    @Test
    void whenMigrationWasEditedAfterApplyingThenOpenRefuses() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2Memory(uniqueName());
        Database.open(settings).close();
        execute(settings, "UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'");

        assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(StoreException.class)
                .hasMessageContaining("database migration failed").hasMessageContaining("checksum");
    }

    @Test
    void whenAMigrationFailedEarlierThenOpenRefuses() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2Memory(uniqueName());
        Database.open(settings).close();
        execute(settings, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '1'");

        assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(StoreException.class)
                .hasMessageContaining("database migration failed");
    }

    @Test
    void whenSchemaHoldsForeignTablesThenOpenRefuses() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2Memory(uniqueName());
        execute(settings, "CREATE TABLE clients (id INT)");

        assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(StoreException.class)
                .hasMessageContaining("database migration failed");
    }

    @Test
    void whenDatabaseUnreachableThenOpenFailsWithoutCredentialsInTheMessage() {
        DatabaseSettings settings = DatabaseSettings.of("jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "u", "hunter3");

        assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to database jdbc:postgresql://127.0.0.1:1/none")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter"));
    }

    @Test
    void whenSettingsPrintedThenThePasswordIsNot() {
        DatabaseSettings settings = DatabaseSettings.of("jdbc:h2:mem:x;PASSWORD=hunter2", "sa", "hunter3");

        assertThat(settings.toString()).doesNotContain("hunter").contains("jdbc:h2:mem:x");
    }

    @Test
    void whenH2HelpersUsedThenUrlsAreAbsoluteAndNamed() {
        assertThat(DatabaseSettings.h2File(Path.of("data")).url())
                .startsWith("jdbc:h2:file:/").endsWith("/data/scopekeeper;AUTO_SERVER=FALSE");
        assertThat(DatabaseSettings.h2Memory("t1").url()).isEqualTo("jdbc:h2:mem:t1;DB_CLOSE_DELAY=-1");
        assertThat(DatabaseSettings.h2Memory("t1").maxPoolSize()).isEqualTo(DatabaseSettings.DEFAULT_MAX_POOL_SIZE);
    }

    @Test
    void whenSchemaIsNotASimpleIdentifierOrNotOnPostgresThenRejected() {
        DatabaseSettings postgres = DatabaseSettings.of("jdbc:postgresql://localhost/db", "u", "");
        assertThat(postgres.withSchema("sk_1").schema()).isEqualTo("sk_1");
        assertThatThrownBy(() -> postgres.withSchema("a\"; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> postgres.withSchema("Upper")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseSettings.h2Memory("x").withSchema("sk_1")).isInstanceOf(IllegalArgumentException.class);
    }

    private static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    private static String uniqueName() {
        return "db_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void execute(DatabaseSettings settings, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
