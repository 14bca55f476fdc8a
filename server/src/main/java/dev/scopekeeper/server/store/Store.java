package dev.scopekeeper.server.store;

/** Everything the server persists. The JDBC implementation is {@code store.jdbc.JdbcStore}. */
public interface Store extends ClientStore, CatalogStore, UserStore, KeyStore, RevocationStore, ConfigStore,
        AuthorizationCodeStore, RefreshTokenStore, UserTokenStore, ConsentStore, SessionStore, RoleStore, AutoCloseable {
    /** True if the database answers a trivial query now (readiness). */
    boolean isReachable();

    @Override
    void close();
}
