package dev.scopekeeper.server.store;

import dev.scopekeeper.fga.store.ModelStore;
import dev.scopekeeper.fga.store.TupleStore;

/**
 * Everything the server persists. The JDBC implementation is {@code store.jdbc.JdbcStore}. The fga
 * engine's stores are accessors rather than super-interfaces: their SPI is the fga module's, and
 * its method names ({@code write}, {@code read}, {@code list}) are too general to share one type.
 */
public interface Store extends ClientStore, CatalogStore, UserStore, KeyStore, RevocationStore, ConfigStore,
        AuthorizationCodeStore, RefreshTokenStore, UserTokenStore, ConsentStore, SessionStore, RoleStore, AutoCloseable {
    /** The fga engine's relationship tuples, in the same database. */
    TupleStore fgaTuples();

    /** The fga engine's authorization model versions, in the same database. */
    ModelStore fgaModels();

    /** True if the database answers a trivial query now (readiness). */
    boolean isReachable();

    @Override
    void close();
}
