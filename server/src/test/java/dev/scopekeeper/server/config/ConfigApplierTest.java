package dev.scopekeeper.server.config;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientSecrets;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.store.Store;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import dev.scopekeeper.server.testing.TestServer;
import dev.scopekeeper.server.user.PasswordHasher;
import dev.scopekeeper.server.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Applying a validated configuration to a real (in-memory H2) store. */
class ConfigApplierTest {
    private static final Instant FIRST = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2025-06-01T12:00:00Z");
    private static final ValidatedConfig TEST = ConfigLoader.parse("test.yaml", TestServer.CONFIG);

    /** One API; {@code service} is confidential with no secret in the file. */
    private static final String NO_SECRET = """
            apis:
              - audience: https://photos.example.com
                name: Photos API
                scopes:
                  - {name: photos.read, description: See your photos}
                  - {name: photos.delete, description: Delete your photos}
            clients:
              - {id: service, name: Service, grantTypes: [client_credentials], allowedScopes: [photos.read]}
            """;

    private Database database;
    private JdbcStore store;

    @BeforeEach
    void openStore() {
        database = Database.open(DatabaseSettings.h2Memory("applier_" + UUID.randomUUID().toString().replace("-", "")));
        store = new JdbcStore(database);
    }

    @AfterEach
    void dropStore() throws SQLException {
        store.close();
        // DB_CLOSE_DELAY=-1 keeps an in-memory database after its last connection; SHUTDOWN frees it.
        DatabaseSettings settings = database.settings();
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }

    private ConfigApplier.Result apply(ValidatedConfig config, Instant now) {
        return new ConfigApplier(store, Clock.fixed(now, ZoneOffset.UTC)).apply(config);
    }

    @Test
    void whenAppliedThenCatalogRolesClientsAndUsersAreStored() {
        ConfigApplier.Result result = apply(TEST, FIRST);

        assertThat(result.generatedSecrets()).isEmpty();
        assertThat(store.loadCatalog().apis()).isEqualTo(TEST.catalog().apis());
        assertThat(store.loadRoles()).isEqualTo(Map.of("organizer", ScopeSet.of("create:events", "view:events"),
                "participant", ScopeSet.of("view:events")));
        assertThat(store.listClients()).extracting(Client::id).containsExactly("archiver", "firstparty", "indexer",
                "mobile", "multi", "nodefaults", "photoprint", "spa", "strictfirst", "webapp");

        Client archiver = store.findClient("archiver").orElseThrow();
        assertThat(archiver.name()).isEqualTo("Imaging archiver");
        assertThat(archiver.type()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(archiver.grantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS);
        assertThat(archiver.allowedScopes()).isEqualTo(ScopeSet.of("read:images", "delete:images"));
        assertThat(archiver.defaultScopes()).isEqualTo(ScopeSet.of("read:images"));
        assertThat(archiver.secretHash()).isEqualTo(ClientSecrets.hash(TestServer.ARCHIVER_SECRET));
        assertThat(archiver.createdAt()).isEqualTo(FIRST);
        Client spa = store.findClient("spa").orElseThrow();
        assertThat(spa.type()).isEqualTo(ClientType.PUBLIC);
        assertThat(spa.secretHash()).isNull();
        assertThat(spa.redirectUris()).containsExactly("https://spa.example.com/cb");

        User alice = store.findUser("alice").orElseThrow();
        assertThat(alice.roles()).containsExactly("organizer");
        assertThat(alice.passwordHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHasher.verify("alice-test-password", alice.passwordHash())).isTrue();
    }

    @Test
    void whenAClientRequiresConsentThenTheClientHandedToTheStoreDoesToo() {
        ValidatedConfig config = ConfigLoader.parse("consent.yaml", NO_SECRET + """
                  - id: own
                    name: Own app
                    firstParty: true
                    requireConsent: true
                    grantTypes: [authorization_code]
                    redirectUris: [https://own.example.com/cb]
                """);
        // Only the client as handed over: the column that stores the flag belongs to the store.
        List<Client> handed = new ArrayList<>();
        Store recording = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "findClient", "findUser" -> Optional.empty();
                    case "applyConfiguration" -> {
                        @SuppressWarnings("unchecked")
                        List<Client> clients = (List<Client>) args[2];
                        handed.addAll(clients);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        new ConfigApplier(recording, Clock.fixed(FIRST, ZoneOffset.UTC)).apply(config);

        assertThat(handed).extracting(Client::id, Client::requireConsent, Client::needsConsent)
                .containsExactly(tuple("service", false, true), tuple("own", true, true));
    }

    @Test
    void whenAppliedThenNoSecretOrPasswordIsStoredInClear() throws SQLException {
        apply(TEST, FIRST);

        String clients = tableText("clients");
        String users = tableText("users");
        assertThat(clients).contains("archiver")
                .doesNotContain(TestServer.ARCHIVER_SECRET, TestServer.INDEXER_SECRET, TestServer.WEBAPP_SECRET);
        assertThat(users).contains("alice").doesNotContain("alice-test-password");
    }

    @Test
    void whenAppliedTwiceThenClientsUsersAndCatalogAreUnchanged() {
        apply(TEST, FIRST);
        List<Client> clients = store.listClients();
        List<User> users = store.listUsers();

        ConfigApplier.Result again = apply(TEST, LATER);

        assertThat(again.generatedSecrets()).isEmpty();
        // Client.equals compares the secret hash and createdAt too.
        assertThat(store.listClients()).isEqualTo(clients);
        assertThat(store.findClient("archiver").orElseThrow().createdAt()).isEqualTo(FIRST);
        // The stored hash still verifies, so it is kept rather than re-salted.
        assertThat(store.listUsers()).extracting(User::passwordHash).isEqualTo(users.stream().map(User::passwordHash).toList());
        assertThat(store.loadCatalog().apis()).isEqualTo(TEST.catalog().apis());
        assertThat(store.loadRoles()).isEqualTo(TEST.roles());
    }

    @Test
    void whenAUsersPasswordChangesThenTheNewOneIsStored() {
        apply(TEST, FIRST);
        String old = store.findUser("alice").orElseThrow().passwordHash();

        apply(ConfigLoader.parse("test.yaml", TestServer.CONFIG.replace("alice-test-password", "alice-new-password")), LATER);

        String now = store.findUser("alice").orElseThrow().passwordHash();
        assertThat(now).isNotEqualTo(old);
        assertThat(PasswordHasher.verify("alice-new-password", now)).isTrue();
        assertThat(PasswordHasher.verify("alice-test-password", now)).isFalse();
    }

    @Test
    void whenAConfidentialClientHasNoSecretThenOneIsGeneratedAndOnlyItsHashStored() {
        ConfigApplier.Result result = apply(ConfigLoader.parse("c.yaml", NO_SECRET), FIRST);

        assertThat(result.generatedSecrets()).containsOnlyKeys("service");
        String secret = result.generatedSecrets().get("service");
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(store.findClient("service").orElseThrow().secretHash()).isEqualTo(ClientSecrets.hash(secret));
    }

    @Test
    void whenReappliedThenTheGeneratedSecretIsKept() {
        ValidatedConfig config = ConfigLoader.parse("c.yaml", NO_SECRET);
        String secret = apply(config, FIRST).generatedSecrets().get("service");

        ConfigApplier.Result again = apply(config, LATER);

        assertThat(again.generatedSecrets()).isEmpty();
        assertThat(store.findClient("service").orElseThrow().secretHash()).isEqualTo(ClientSecrets.hash(secret));
    }

    @Test
    void whenReappliedWithFreshSecretsThenANewSecretReplacesTheOld() {
        ValidatedConfig config = ConfigLoader.parse("c.yaml", NO_SECRET);
        String first = apply(config, FIRST).generatedSecrets().get("service");

        ConfigApplier.Result fresh = new ConfigApplier(store, Clock.fixed(LATER, ZoneOffset.UTC)).apply(config, true);

        String second = fresh.generatedSecrets().get("service");
        assertThat(second).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(first);
        Client service = store.findClient("service").orElseThrow();
        assertThat(service.secretHash()).isEqualTo(ClientSecrets.hash(second));
        assertThat(ClientSecrets.matches(first, service.secretHash())).isFalse();
        assertThat(service.createdAt()).isEqualTo(FIRST);
    }

    @Test
    void whenFreshSecretsAreAskedThenASecretFromTheFileIsStillUsed() {
        ConfigApplier.Result result = new ConfigApplier(store, Clock.systemUTC()).apply(TEST, true);

        assertThat(result.generatedSecrets()).isEmpty();
        assertThat(store.findClient("archiver").orElseThrow().secretHash())
                .isEqualTo(ClientSecrets.hash(TestServer.ARCHIVER_SECRET));
    }

    @Test
    void whenAClientIsNotInTheFileThenItIsKept() {
        apply(TEST, FIRST);
        Client indexer = store.findClient("indexer").orElseThrow();

        apply(ConfigLoader.parse("c.yaml", NO_SECRET), LATER);

        assertThat(store.findClient("indexer")).contains(indexer);
        assertThat(store.findClient("service")).isPresent();
        assertThat(store.findUser("alice")).isPresent();
    }

    @Test
    void whenAScopeIsRemovedFromTheFileThenItLeavesTheCatalog() {
        ValidatedConfig config = ConfigLoader.parse("c.yaml", NO_SECRET);
        apply(config, FIRST);
        assertThat(store.loadCatalog().isKnown("photos.delete")).isTrue();

        apply(ConfigLoader.parse("c.yaml", NO_SECRET.replace("      - {name: photos.delete, description: Delete your photos}\n", "")),
                LATER);

        assertThat(store.loadCatalog().allScopes()).isEqualTo(ScopeSet.of("photos.read"));
        assertThat(store.loadCatalog().isKnown("photos.delete")).isFalse();
    }

    @Test
    void whenTheNextFileIsBrokenThenParsingFailsAndTheStoreIsUnchanged() {
        apply(TEST, FIRST);
        List<Client> clients = store.listClients();
        List<User> users = store.listUsers();
        // A renamed client, a new scope, a removed role, then an error on the last line.
        String broken = TestServer.CONFIG
                .replace("name: Imaging archiver", "name: Renamed archiver")
                .replace("  - {name: \"delete:images\"", "  - {name: \"purge:images\", description: Purge}\n      - {name: \"delete:images\"")
                .replace("  organizer: [\"create:events\", \"view:events\"]\n", "")
                .replace("roles: [organizer]}", "roles: []}\n  - {username: dave, password: short}");

        assertThatThrownBy(() -> apply(ConfigLoader.parse("broken.yaml", broken), LATER))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo("users[1].password"));

        assertThat(store.listClients()).isEqualTo(clients);
        assertThat(store.listUsers()).isEqualTo(users);
        assertThat(store.loadCatalog().apis()).isEqualTo(TEST.catalog().apis());
        assertThat(store.loadRoles()).isEqualTo(TEST.roles());
    }

    private String tableText(String table) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    b.append(rs.getString(i)).append('\t');
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
