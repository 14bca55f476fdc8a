package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import dev.scopekeeper.server.token.SigningKey;
import dev.scopekeeper.server.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import static dev.scopekeeper.server.store.StoreFixtures.T0;
import static dev.scopekeeper.server.store.StoreFixtures.catalog;
import static dev.scopekeeper.server.store.StoreFixtures.catalogV2;
import static dev.scopekeeper.server.store.StoreFixtures.confidentialClient;
import static dev.scopekeeper.server.store.StoreFixtures.key;
import static dev.scopekeeper.server.store.StoreFixtures.publicClient;
import static dev.scopekeeper.server.store.StoreFixtures.renamed;
import static dev.scopekeeper.server.store.StoreFixtures.roles;
import static dev.scopekeeper.server.store.StoreFixtures.sha256;
import static dev.scopekeeper.server.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link Store} contract, run against every database engine by a subclass each. */
abstract class JdbcStoreContract {
    private DatabaseSettings settings;
    private JdbcStore store;

    /** Settings for a new, empty database (or schema) that only this test uses. */
    protected abstract DatabaseSettings newDatabase();

    protected abstract void dropDatabase(DatabaseSettings settings) throws Exception;

    @BeforeEach
    void open() {
        settings = newDatabase();
        store = new JdbcStore(Database.open(settings));
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (settings != null) {
            dropDatabase(settings);
        }
    }

    // ---- clients

    @Test
    void whenClientSavedThenEveryFieldRoundTrips() {
        Client client = new Client("photos-web", "Photos Web", ClientType.CONFIDENTIAL, true,
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS),
                ScopeSet.of("photos:write", "photos:read", "albums:read"), ScopeSet.of("photos:read"),
                List.of("https://z.example/cb", "https://a.example/cb?x=1&y=%22q%22", "http://127.0.0.1:8080/é"),
                sha256("secret"), T0);

        store.saveClient(client);

        Client loaded = store.findClient("photos-web").orElseThrow();
        assertThat(loaded).isEqualTo(client);
        assertThat(loaded.redirectUris()).containsExactly(
                "https://z.example/cb", "https://a.example/cb?x=1&y=%22q%22", "http://127.0.0.1:8080/é");
        assertThat(loaded.secretHash()).isEqualTo(sha256("secret"));
    }

    @Test
    void whenClientHasNoSecretAndEmptyListsThenTheyRoundTrip() {
        Client client = new Client("bare", "Bare", ClientType.PUBLIC, false, Set.of(), ScopeSet.empty(),
                ScopeSet.empty(), List.of(), null, T0);

        store.saveClient(client);
        store.saveClient(publicClient("spa"));

        assertThat(store.findClient("bare")).contains(client);
        assertThat(store.findClient("bare").orElseThrow().secretHash()).isNull();
        assertThat(store.findClient("spa")).contains(publicClient("spa"));
    }

    @Test
    void whenClientSavedAgainThenReplacedButCreatedAtKept() {
        store.saveClient(confidentialClient("c1"));
        Client changed = new Client("c1", "Renamed", ClientType.PUBLIC, true, Set.of(GrantType.AUTHORIZATION_CODE),
                ScopeSet.of("albums:read"), ScopeSet.empty(), List.of("https://new.example/cb"), null,
                T0.plus(Duration.ofDays(3)));

        store.saveClient(changed);

        Client loaded = store.findClient("c1").orElseThrow();
        assertThat(loaded.createdAt()).isEqualTo(T0);
        assertThat(loaded).isEqualTo(new Client("c1", "Renamed", ClientType.PUBLIC, true,
                Set.of(GrantType.AUTHORIZATION_CODE), ScopeSet.of("albums:read"), ScopeSet.empty(),
                List.of("https://new.example/cb"), null, T0));
        assertThat(store.listClients()).hasSize(1);
    }

    @Test
    void whenClientsListedThenOrderedByIdInCodePointOrder() {
        for (String id : List.of("b", "a", "B", "c-1", "A")) {
            store.saveClient(confidentialClient(id));
        }

        assertThat(store.listClients()).extracting(Client::id).containsExactly("A", "B", "a", "b", "c-1");
    }

    @Test
    void whenClientDeletedThenGoneAndSecondDeleteReturnsFalse() {
        store.saveClient(confidentialClient("c1"));
        store.saveClient(confidentialClient("c2"));

        assertThat(store.deleteClient("c1")).isTrue();
        assertThat(store.deleteClient("c1")).isFalse();
        assertThat(store.findClient("c1")).isEmpty();
        assertThat(store.listClients()).extracting(Client::id).containsExactly("c2");
    }

    @Test
    void whenInstantHasNanosecondsThenStoredWithMicroseconds() {
        Client client = renamed(confidentialClient("c1"), "x");
        store.saveClient(new Client("c1", "x", client.type(), false, client.grantTypes(), client.allowedScopes(),
                client.defaultScopes(), List.of(), null, Instant.parse("2025-01-01T00:00:00.123456789Z")));

        assertThat(store.findClient("c1").orElseThrow().createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.123456Z"));
    }

    // ---- users

    @Test
    void whenUserSavedThenRoundTripsAndSavingAgainReplacesRoles() {
        store.saveUser(user("alice", "viewer", "editor"));
        assertThat(store.findUser("alice")).contains(user("alice", "viewer", "editor"));

        store.saveUser(new User("alice", "$argon2id$new", Set.of("admin")));

        assertThat(store.findUser("alice")).contains(new User("alice", "$argon2id$new", Set.of("admin")));
        store.saveUser(user("alice"));
        assertThat(store.findUser("alice").orElseThrow().roles()).isEmpty();
    }

    @Test
    void whenUsersListedThenOrderedByUsernameAndDeleteRemoves() {
        store.saveUser(user("carol", "viewer"));
        store.saveUser(user("alice"));
        store.saveUser(user("bob", "editor", "viewer"));

        assertThat(store.listUsers()).containsExactly(user("alice"), user("bob", "editor", "viewer"), user("carol", "viewer"));
        assertThat(store.deleteUser("bob")).isTrue();
        assertThat(store.deleteUser("bob")).isFalse();
        assertThat(store.findUser("bob")).isEmpty();
        assertThat(store.listUsers()).extracting(User::username).containsExactly("alice", "carol");
    }

    // ---- signing keys

    @Test
    void whenKeysInsertedThenListedNewestFirst() {
        store.insertKey(key("k1", T0));
        store.insertKey(key("k3", T0.plusSeconds(20)));
        store.insertKey(key("k2", T0.plusSeconds(10)));

        assertThat(store.listKeys()).extracting(SigningKey::kid).containsExactly("k3", "k2", "k1");
        assertThat(store.listKeys().get(0)).isEqualTo(key("k3", T0.plusSeconds(20)));
    }

    @Test
    void whenRotatedThenOldKeysRetiredAndNewOneActive() {
        store.insertKey(key("k1", T0));
        Instant at = T0.plus(Duration.ofDays(30));

        store.rotate(key("k2", at), at);

        assertThat(store.listKeys()).containsExactly(key("k2", at),
                new SigningKey("k1", "RS256", key("k1", T0).privateJwkJson(), T0, at));
    }

    @Test
    void whenDeleteRetiredBeforeThenOnlyKeysRetiredEarlierGo() {
        store.insertKey(key("k1", T0));
        store.rotate(key("k2", T0.plusSeconds(100)), T0.plusSeconds(100));
        store.rotate(key("k3", T0.plusSeconds(200)), T0.plusSeconds(200));

        assertThat(store.deleteRetiredBefore(T0.plusSeconds(150))).isEqualTo(1);

        assertThat(store.listKeys()).extracting(SigningKey::kid).containsExactly("k3", "k2");
        assertThat(store.deleteRetiredBefore(T0.plus(Duration.ofDays(999)))).isEqualTo(1);
        assertThat(store.listKeys()).extracting(SigningKey::kid).containsExactly("k3");
    }

    @Test
    void whenKeyIdReusedThenStoreExceptionNamesTheOperation() {
        store.insertKey(key("k1", T0));

        assertThatThrownBy(() -> store.insertKey(key("k1", T0))).isInstanceOf(StoreException.class)
                .hasMessageContaining("insert signing key k1");
    }

    // ---- revocation

    @Test
    void whenTokenRevokedTwiceThenIdempotentAndRevoked() {
        store.revokeToken("jti-1", "c1", T0.plusSeconds(300));
        store.revokeToken("jti-1", "c1", T0.plusSeconds(300));

        assertThat(store.isRevoked("jti-1")).isTrue();
        assertThat(store.isRevoked("jti-2")).isFalse();
    }

    @Test
    void whenPurgedThenOnlyExpiredRevocationsGo() {
        store.revokeToken("old", "c1", T0.minusSeconds(1));
        store.revokeToken("new", "c1", T0.plusSeconds(1));

        assertThat(store.purgeExpiredRevocations(T0)).isEqualTo(1);

        assertThat(store.isRevoked("old")).isFalse();
        assertThat(store.isRevoked("new")).isTrue();
        assertThat(store.purgeExpiredRevocations(T0)).isZero();
    }

    // ---- configuration

    @Test
    void whenConfigurationAppliedThenEverythingRoundTripsInOrder() {
        store.applyConfiguration(catalog(), roles(), List.of(confidentialClient("c1"), publicClient("spa")),
                List.of(user("alice", "viewer")));

        assertThat(store.loadCatalog().apis()).isEqualTo(catalog().apis());
        assertThat(store.loadCatalog().apis()).extracting(a -> a.audience())
                .containsExactly("https://photos.example", "https://albums.example");
        assertThat(store.loadCatalog().apis().get(0).scopes()).extracting(s -> s.name())
                .containsExactly("photos:write", "photos:read", "photos:legacy");
        assertThat(store.loadRoles()).isEqualTo(roles());
        assertThat(store.loadRoles().keySet()).containsExactly("editor", "nobody", "viewer");
        assertThat(store.listClients()).containsExactly(confidentialClient("c1"), publicClient("spa"));
        assertThat(store.listUsers()).containsExactly(user("alice", "viewer"));
    }

    @Test
    void whenConfigurationAppliedTwiceThenStateIsTheSame() {
        List<Client> clients = List.of(confidentialClient("c1"));
        store.applyConfiguration(catalog(), roles(), clients, List.of(user("alice", "viewer")));
        Snapshot first = snapshot();

        store.applyConfiguration(catalog(), roles(), clients, List.of(user("alice", "viewer")));

        assertThat(snapshot()).isEqualTo(first);
    }

    @Test
    void whenConfigurationReappliedThenCatalogAndRolesReplacedAndUnnamedClientsKept() {
        store.applyConfiguration(catalog(), roles(), List.of(confidentialClient("c1"), confidentialClient("c2")),
                List.of(user("alice", "viewer"), user("bob", "editor")));

        store.applyConfiguration(catalogV2(), Map.of("viewer", ScopeSet.of("photos:read")),
                List.of(renamed(confidentialClient("c1"), "Renamed")), List.of(user("alice", "admin")));

        assertThat(store.loadCatalog().apis()).isEqualTo(catalogV2().apis());
        assertThat(store.loadCatalog().scope("photos:legacy")).isEmpty();
        assertThat(store.loadRoles()).isEqualTo(Map.of("viewer", ScopeSet.of("photos:read")));
        assertThat(store.listClients()).containsExactly(renamed(confidentialClient("c1"), "Renamed"), confidentialClient("c2"));
        assertThat(store.listUsers()).containsExactly(user("alice", "admin"), user("bob", "editor"));
    }

    @Test
    void whenConfigurationFailsHalfwayThenNothingChanges() {
        store.applyConfiguration(catalog(), roles(), List.of(confidentialClient("c1")), List.of(user("alice", "viewer")));
        Snapshot before = snapshot();
        // Valid until the last client, whose name is longer than the column allows.
        Client tooLong = renamed(confidentialClient("c3"), "n".repeat(300));

        assertThatThrownBy(() -> store.applyConfiguration(catalogV2(), Map.of("admin", ScopeSet.of("billing:read")),
                List.of(renamed(confidentialClient("c1"), "Renamed"), confidentialClient("c2"), tooLong),
                List.of(user("alice", "admin"))))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("apply configuration failed");

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void whenUserWriteFailsThenMessageNamesOperationWithoutTheHash() {
        String hash = "$argon2id$" + "s".repeat(600);

        assertThatThrownBy(() -> store.saveUser(new User("alice", hash, Set.of())))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("save user alice")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sss"));
        assertThat(store.findUser("alice")).isEmpty();
    }

    @Test
    void whenEmptyConfigurationAppliedThenCatalogAndRolesEmpty() {
        store.applyConfiguration(catalog(), roles(), List.of(), List.of());

        store.applyConfiguration(ScopeCatalog.empty(), Map.of(), List.of(), List.of());

        assertThat(store.loadCatalog().apis()).isEmpty();
        assertThat(store.loadRoles()).isEmpty();
    }

    // ---- database lifecycle

    @Test
    void whenDatabaseOpenedAgainThenMigrationsAreNoOpAndDataKept() {
        store.saveClient(confidentialClient("c1"));

        try (Database again = Database.open(settings); JdbcStore second = new JdbcStore(again.dataSource())) {
            assertThat(again.migrationsApplied()).isZero();
            assertThat(second.findClient("c1")).contains(confidentialClient("c1"));
        }
        assertThat(store.findClient("c1")).contains(confidentialClient("c1"));
    }

    @Test
    void whenDatabaseOpenThenReachableAndWhenClosedThenNot() {
        assertThat(store.isReachable()).isTrue();

        store.close();

        assertThat(store.isReachable()).isFalse();
    }

    // ---- concurrency: the races two nodes can run into

    @Test
    void whenSameTokenRevokedConcurrentlyThenNoneFails() throws Exception {
        runConcurrently(8, i -> store.revokeToken("jti-race", "c1", T0.plusSeconds(60)));

        assertThat(store.isRevoked("jti-race")).isTrue();
    }

    @Test
    void whenSameNewClientSavedConcurrentlyThenNoneFails() throws Exception {
        runConcurrently(8, i -> store.saveClient(renamed(confidentialClient("c1"), "Writer " + i)));

        assertThat(store.listClients()).singleElement().satisfies(c -> assertThat(c.name()).startsWith("Writer "));
    }

    private static void runConcurrently(int threads, IntConsumer task) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    task.accept(n);
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Snapshot(List<?> apis, Map<String, ScopeSet> roles, List<Client> clients, List<User> users) {
    }

    private Snapshot snapshot() {
        return new Snapshot(store.loadCatalog().apis(), store.loadRoles(), store.listClients(), store.listUsers());
    }
}
