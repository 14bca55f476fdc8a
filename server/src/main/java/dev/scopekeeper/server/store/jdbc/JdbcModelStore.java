package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.StoredModel;
import dev.scopekeeper.server.store.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fga {@link ModelStore} in the server's database ({@code fga_models}, see {@code V4__fga.sql}).
 * Ids compare in binary order there, so "newest" (the greatest id) is the same as in Java. Times keep
 * microseconds. Failures are {@link StoreException}s naming the operation.
 */
public final class JdbcModelStore implements ModelStore {
    private static final String COLUMNS = "id, dsl, created_at";

    private final Jdbc jdbc;

    /** A store over an already migrated data source, which the caller keeps and closes. */
    public JdbcModelStore(DataSource dataSource) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** @throws IllegalStateException if the id exists already, as in the in-memory store: ids are generated unique */
    @Override
    public void save(StoredModel model) {
        try {
            jdbc.read("save authorization model " + model.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO fga_models (" + COLUMNS + ") VALUES (?, ?, ?)")) {
                    ps.setString(1, model.id());
                    ps.setString(2, model.dsl());
                    Jdbc.setInstant(ps, 3, model.createdAt());
                    return ps.executeUpdate();
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && Jdbc.UNIQUE_VIOLATION.equals(s.getSQLState())) {
                throw new IllegalStateException("model id " + model.id() + " exists already", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredModel> find(String id) {
        return jdbc.read("find authorization model", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM fga_models WHERE id = ?")) {
                ps.setString(1, id);
                List<StoredModel> found = collect(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public Optional<StoredModel> latest() {
        List<StoredModel> newest = list(1);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0));
    }

    @Override
    public List<StoredModel> list(int limit) {
        if (limit < 1) {
            return List.of();
        }
        return jdbc.read("list authorization models", c -> newestFirst(c, limit));
    }

    private static List<StoredModel> newestFirst(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM fga_models ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            return collect(ps);
        }
    }

    private static List<StoredModel> collect(PreparedStatement ps) throws SQLException {
        List<StoredModel> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredModel(rs.getString("id"), rs.getString("dsl"), Jdbc.getInstant(rs, "created_at")));
            }
        }
        return out;
    }
}
