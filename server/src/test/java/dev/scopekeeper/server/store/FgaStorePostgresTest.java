package dev.scopekeeper.server.store;

import dev.scopekeeper.fga.store.TupleStore;
import dev.scopekeeper.fga.store.TupleStoreContract;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcTupleStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fga tuple store contract on PostgreSQL, one schema per test (see {@link PostgresTestDatabase}). */
class FgaStorePostgresTest extends TupleStoreContract {
    private DatabaseSettings settings;
    private Database database;

    @Override
    protected TupleStore newStore() {
        settings = PostgresTestDatabase.freshSchema();
        database = Database.open(settings);
        return new JdbcTupleStore(database.dataSource());
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
        PostgresTestDatabase.drop(settings);
    }

    /**
     * The contract's ordering tests cannot tell on a database whose default collation is already
     * binary (as C.UTF-8 is), so the schema is checked too: a locale collation sorts "a" before "B".
     */
    @Test
    void whenMigratedThenEveryTextColumnOfTheFgaTablesSortsInBinaryOrder() throws SQLException {
        Map<String, String> collations = new HashMap<>();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT table_name, column_name, collation_name"
                     + " FROM information_schema.columns WHERE table_schema = ? AND table_name IN ('fga_tuples', 'fga_models')"
                     + " AND data_type = 'character varying'")) {
            ps.setString(1, settings.schema());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    collations.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3));
                }
            }
        }

        assertThat(collations).containsOnlyKeys("fga_tuples.object_type", "fga_tuples.object_id", "fga_tuples.relation",
                        "fga_tuples.subject_type", "fga_tuples.subject_id", "fga_tuples.subject_relation",
                        "fga_models.id", "fga_models.dsl")
                .allSatisfy((column, collation) -> {
                    if (!column.equals("fga_models.dsl")) {
                        assertThat(collation).as(column).isEqualTo("C");
                    }
                });
    }
}
