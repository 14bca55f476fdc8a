package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.store.Store;
import dev.scopekeeper.server.store.StoreException;
import dev.scopekeeper.server.token.SigningKey;
import dev.scopekeeper.server.user.User;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Store} on plain JDBC, for H2 and PostgreSQL with the same SQL (see
 * {@code db/migration/V1__core.sql} for the schema and how lists and hashes are encoded).
 * Instants are stored with microsecond precision (truncated). Every failure is a
 * {@link StoreException} naming the operation; writes that span several statements run in one
 * transaction. Stateless apart from the pool: any number of nodes may share one database.
 */
public final class JdbcStore implements Store {
    private static final int REACHABLE_TIMEOUT_SECONDS = 2;

    private final Jdbc jdbc;
    private final AutoCloseable owned;

    /** A store over {@code database}; closing the store closes the database. */
    public JdbcStore(Database database) {
        this.jdbc = new Jdbc(database.dataSource());
        this.owned = database;
    }

    /** A store over an already migrated data source, which the caller keeps and closes. */
    public JdbcStore(DataSource dataSource) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.owned = null;
    }

    // ---- clients

    @Override
    public Optional<Client> findClient(String clientId) {
        return jdbc.read("find client", c -> ClientSql.find(c, clientId));
    }

    @Override
    public List<Client> listClients() {
        return jdbc.read("list clients", ClientSql::list);
    }

    @Override
    public void saveClient(Client client) {
        jdbc.transaction("save client " + client.id(), c -> {
            ClientSql.save(c, client);
            return null;
        });
    }

    @Override
    public boolean deleteClient(String clientId) {
        return jdbc.read("delete client " + clientId, c -> ClientSql.delete(c, clientId));
    }

    // ---- catalog and roles

    @Override
    public ScopeCatalog loadCatalog() {
        return jdbc.read("load catalog", CatalogSql::loadCatalog);
    }

    @Override
    public Map<String, ScopeSet> loadRoles() {
        return jdbc.read("load roles", CatalogSql::loadRoles);
    }

    // ---- users

    @Override
    public Optional<User> findUser(String username) {
        return jdbc.read("find user", c -> UserSql.find(c, username));
    }

    @Override
    public List<User> listUsers() {
        return jdbc.read("list users", UserSql::list);
    }

    @Override
    public void saveUser(User user) {
        jdbc.transaction("save user " + user.username(), c -> {
            UserSql.save(c, user);
            return null;
        });
    }

    @Override
    public boolean deleteUser(String username) {
        return jdbc.read("delete user " + username, c -> UserSql.delete(c, username));
    }

    // ---- signing keys

    @Override
    public List<SigningKey> listKeys() {
        return jdbc.read("list signing keys", KeySql::list);
    }

    @Override
    public void insertKey(SigningKey key) {
        jdbc.read("insert signing key " + key.kid(), c -> {
            KeySql.insert(c, key);
            return null;
        });
    }

    @Override
    public void rotate(SigningKey next, Instant at) {
        jdbc.transaction("rotate to signing key " + next.kid(), c -> {
            KeySql.retireActive(c, at);
            KeySql.insert(c, next);
            return null;
        });
    }

    @Override
    public int deleteRetiredBefore(Instant before) {
        return jdbc.read("delete retired signing keys", c -> KeySql.deleteRetiredBefore(c, before));
    }

    // ---- revocation

    @Override
    public void revokeToken(String jti, String clientId, Instant expiresAt) {
        try {
            jdbc.read("revoke token", c -> {
                RevocationSql.revoke(c, jti, clientId, expiresAt);
                return null;
            });
        } catch (StoreException e) {
            // Another node revoked the same jti between our check and our insert: already done.
            if (!(e.getCause() instanceof SQLException s && Jdbc.UNIQUE_VIOLATION.equals(s.getSQLState()))) {
                throw e;
            }
        }
    }

    @Override
    public boolean isRevoked(String jti) {
        return jdbc.read("check revocation", c -> RevocationSql.isRevoked(c, jti));
    }

    @Override
    public int purgeExpiredRevocations(Instant now) {
        return jdbc.read("purge expired revocations", c -> RevocationSql.purgeExpired(c, now));
    }

    // ---- configuration

    @Override
    public void applyConfiguration(ScopeCatalog catalog, Map<String, ScopeSet> roles, List<Client> clients, List<User> users) {
        jdbc.transaction("apply configuration", c -> {
            CatalogSql.replaceCatalog(c, catalog);
            CatalogSql.replaceRoles(c, roles);
            for (Client client : clients) {
                ClientSql.save(c, client);
            }
            for (User user : users) {
                UserSql.save(c, user);
            }
            return null;
        });
    }

    // ---- lifecycle

    @Override
    public boolean isReachable() {
        try {
            return jdbc.read("check database", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                    ps.setQueryTimeout(REACHABLE_TIMEOUT_SECONDS);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
            });
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new StoreException("close database failed", e);
            }
        }
    }
}
