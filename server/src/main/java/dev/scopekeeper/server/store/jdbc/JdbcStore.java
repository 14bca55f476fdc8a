package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.TupleStore;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.consent.ConsentGrant;
import dev.scopekeeper.server.grant.AuthorizationCode;
import dev.scopekeeper.server.grant.CodeRedemption;
import dev.scopekeeper.server.grant.RefreshToken;
import dev.scopekeeper.server.session.Session;
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
import java.util.function.Predicate;

/**
 * The {@link Store} on plain JDBC, for H2 and PostgreSQL with the same SQL (see
 * {@code db/migration/V1__core.sql} and {@code V2__users_in_the_loop.sql} for the schema and how lists
 * and hashes are encoded).
 * Instants are stored with microsecond precision (truncated). Every failure is a
 * {@link StoreException} naming the operation; writes that span several statements run in one
 * transaction. Stateless apart from the pool: any number of nodes may share one database.
 */
public final class JdbcStore implements Store {
    private static final int REACHABLE_TIMEOUT_SECONDS = 2;

    private final Jdbc jdbc;
    private final AutoCloseable owned;
    private final JdbcTupleStore fgaTuples;
    private final JdbcModelStore fgaModels;

    /** A store over {@code database}; closing the store closes the database. */
    public JdbcStore(Database database) {
        this(database.dataSource(), database);
    }

    /** A store over an already migrated data source, which the caller keeps and closes. */
    public JdbcStore(DataSource dataSource) {
        this(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    private JdbcStore(DataSource dataSource, AutoCloseable owned) {
        this.jdbc = new Jdbc(dataSource);
        this.owned = owned;
        this.fgaTuples = new JdbcTupleStore(dataSource);
        this.fgaModels = new JdbcModelStore(dataSource);
    }

    // ---- fga

    @Override
    public TupleStore fgaTuples() {
        return fgaTuples;
    }

    @Override
    public ModelStore fgaModels() {
        return fgaModels;
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
    public List<Revocation> revocationsSince(Instant since, Instant now, int limit) {
        return jdbc.read("read revocations", c -> RevocationSql.since(c, since, now, limit));
    }

    @Override
    public Instant databaseTime() {
        return jdbc.read("read the database clock", RevocationSql::databaseTime);
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

    // ---- roles, one at a time

    @Override
    public void saveRole(String name, ScopeSet scopes) {
        jdbc.transaction("save role " + name, c -> {
            RoleSql.save(c, name, scopes);
            return null;
        });
    }

    @Override
    public boolean deleteRole(String name) {
        return jdbc.read("delete role " + name, c -> RoleSql.delete(c, name));
    }

    // ---- authorization codes

    @Override
    public void saveCode(AuthorizationCode code) {
        jdbc.read("save authorization code", c -> {
            CodeSql.insert(c, code);
            return null;
        });
    }

    @Override
    public CodeRedemption redeemCode(String codeHash, Instant now) {
        return jdbc.read("redeem authorization code", c -> CodeSql.redeem(c, codeHash, now));
    }

    @Override
    public boolean recordIssuedFromCode(String codeHash, String accessTokenJti, Instant accessTokenExpiresAt,
                                        String refreshFamilyId) {
        return jdbc.read("record tokens issued from a code",
                c -> CodeSql.recordIssued(c, codeHash, accessTokenJti, accessTokenExpiresAt, refreshFamilyId));
    }

    @Override
    public int purgeCodes(Instant before) {
        return jdbc.read("purge authorization codes", c -> CodeSql.purge(c, before));
    }

    // ---- refresh tokens and the access tokens issued with them

    @Override
    public void saveRefreshToken(RefreshToken token) {
        jdbc.read("save refresh token", c -> {
            RefreshTokenSql.insert(c, token);
            return null;
        });
    }

    @Override
    public Optional<RefreshToken.State> findRefreshToken(String tokenHash) {
        return jdbc.read("find refresh token", c -> RefreshTokenSql.find(c, tokenHash));
    }

    @Override
    public boolean rotateRefreshToken(String currentHash, RefreshToken next, Instant now) {
        return jdbc.transaction("rotate refresh token", c -> {
            if (!RefreshTokenSql.markRotated(c, currentHash, now)) {
                c.rollback();
                return false;
            }
            RefreshTokenSql.insert(c, next);
            return true;
        });
    }

    @Override
    public void revokeFamily(String familyId, Instant now) {
        jdbc.transaction("revoke refresh token family", c -> {
            RefreshTokenSql.revokeFamily(c, familyId, now);
            UserTokenSql.revokeFamily(c, familyId, now);
            return null;
        });
    }

    @Override
    public int purgeRefreshTokens(Instant before) {
        return jdbc.read("purge refresh tokens", c -> RefreshTokenSql.purge(c, before));
    }

    /**
     * Also revokes the token at once when its family is already revoked: the refresh that issued it
     * can commit just before a {@link #revokeFamily} whose scan of recorded tokens then misses it.
     */
    @Override
    public void recordAccessToken(String jti, String username, String clientId, ScopeSet scope, String familyId,
                                  Instant expiresAt) {
        jdbc.transaction("record access token", c -> {
            UserTokenSql.insert(c, jti, username, clientId, scope, familyId, expiresAt);
            if (familyId != null && RefreshTokenSql.isFamilyRevoked(c, familyId)) {
                RevocationSql.revoke(c, jti, clientId, expiresAt);
            }
            return null;
        });
    }

    @Override
    public int purgeAccessTokens(Instant before) {
        return jdbc.read("purge access token records", c -> UserTokenSql.purge(c, before));
    }

    // ---- consent

    @Override
    public Optional<ConsentGrant> findConsent(String username, String clientId) {
        return jdbc.read("find consent", c -> ConsentSql.find(c, username, clientId));
    }

    @Override
    public List<ConsentGrant> listConsents(String username) {
        return jdbc.read("list consents", c -> ConsentSql.list(c, username));
    }

    @Override
    public void addConsent(String username, String clientId, ScopeSet scopes, Instant now) {
        jdbc.transaction("add consent of " + username + " to " + clientId, c -> {
            ConsentSql.add(c, username, clientId, scopes, now);
            return null;
        });
    }

    /**
     * Tokens are matched against the scopes asked for, not only those still found granted, and
     * revoking the whole app revokes every token of the user for it, even one whose scope was never
     * consented (a first-party client skips consent): revoking more than was granted is safe, less is not.
     * Refresh tokens go by whole family: a family shares the grant's scope, and revoking only its
     * current token could miss the successor of a concurrent rotation.
     */
    @Override
    public boolean revokeConsent(String username, String clientId, ScopeSet scopes, Instant now) {
        Predicate<ScopeSet> affected = scopes == null ? s -> true : s -> !s.intersect(scopes).isEmpty();
        return jdbc.transaction("revoke consent of " + username + " to " + clientId, c -> {
            int removed = ConsentSql.remove(c, username, clientId, scopes);
            for (String family : RefreshTokenSql.families(c, username, clientId, affected)) {
                RefreshTokenSql.revokeFamily(c, family, now);
            }
            UserTokenSql.revokeMatching(c, username, clientId, affected, now);
            return removed > 0;
        });
    }

    // ---- browser sessions

    @Override
    public void saveSession(Session session) {
        jdbc.transaction("save session of " + session.username(), c -> {
            SessionSql.save(c, session);
            return null;
        });
    }

    @Override
    public Optional<Session> findSession(String idHash, Instant now) {
        return jdbc.read("find session", c -> SessionSql.find(c, idHash, now));
    }

    @Override
    public void deleteSession(String idHash) {
        jdbc.read("delete session", c -> SessionSql.delete(c, idHash));
    }

    @Override
    public int deleteSessionsOf(String username) {
        return jdbc.read("delete sessions of " + username, c -> SessionSql.deleteOf(c, username));
    }

    @Override
    public int purgeSessions(Instant before) {
        return jdbc.read("purge sessions", c -> SessionSql.purge(c, before));
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
