package dev.scopekeeper.server.config;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static dev.scopekeeper.server.config.ConfigErrors.APIS;
import static dev.scopekeeper.server.config.ConfigErrors.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading a whole file, and the errors of its structure. APIs and roles: {@link ConfigLoaderApisTest}; clients and users: {@link ConfigLoaderEntriesTest}. */
class ConfigLoaderTest {

    @Test
    void whenTheTestServerConfigIsParsedThenCatalogRolesClientsAndUsersAreAsDeclared() {
        ValidatedConfig config = ConfigLoader.parse("test.yaml", TestServer.CONFIG);

        ScopeCatalog catalog = config.catalog();
        assertThat(catalog.apis()).extracting(ApiDefinition::audience).containsExactly(
                "https://photos.example.com", "https://imaging.example.com", "https://events.example.com");
        assertThat(catalog.apis()).extracting(ApiDefinition::name).containsExactly("Photos API", "Imaging archive", "Events API");
        assertThat(catalog.allScopes()).isEqualTo(ScopeSet.of("photos.read", "photos.upload", "photos.delete", "photos.manage",
                "read:images", "delete:images", "view:events", "create:events"));
        assertThat(catalog.defaultScopes()).isEqualTo(ScopeSet.of("photos.read", "view:events"));
        assertThat(catalog.expand(ScopeSet.of("photos.manage")))
                .isEqualTo(ScopeSet.of("photos.manage", "photos.read", "photos.upload", "photos.delete"));
        assertThat(catalog.scope("photos.read").orElseThrow().description()).isEqualTo("See your photos");

        assertThat(config.roles()).isEqualTo(Map.of("organizer", ScopeSet.of("create:events", "view:events"),
                "participant", ScopeSet.of("view:events")));

        assertThat(config.clients()).extracting(ValidatedConfig.ClientSpec::id)
                .containsExactly("archiver", "indexer", "nodefaults", "multi", "webapp", "spa", "photoprint", "mobile",
                        "firstparty", "strictfirst");
        ValidatedConfig.ClientSpec archiver = config.clients().get(0);
        assertThat(archiver.name()).isEqualTo("Imaging archiver");
        assertThat(archiver.type()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(archiver.firstParty()).isFalse();
        assertThat(archiver.grantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS);
        assertThat(archiver.allowedScopes()).isEqualTo(ScopeSet.of("read:images", "delete:images"));
        assertThat(archiver.defaultScopes()).isEqualTo(ScopeSet.of("read:images"));
        assertThat(archiver.redirectUris()).isEmpty();
        assertThat(archiver.secret()).isEqualTo(TestServer.ARCHIVER_SECRET);
        ValidatedConfig.ClientSpec spa = config.clients().get(5);
        assertThat(spa.type()).isEqualTo(ClientType.PUBLIC);
        assertThat(spa.grantTypes()).containsExactly(GrantType.AUTHORIZATION_CODE);
        assertThat(spa.redirectUris()).containsExactly("https://spa.example.com/cb");
        assertThat(spa.secret()).isNull();

        assertThat(config.users()).containsExactly(
                new ValidatedConfig.UserSpec("alice", "alice-test-password", Set.of("organizer")),
                new ValidatedConfig.UserSpec("bob", "bob-test-password", Set.of("participant")),
                new ValidatedConfig.UserSpec("carol", "carol-test-password", Set.of()));
    }

    @Test
    void whenTheFileIsEmptyThenTheConfigIsEmpty() {
        ValidatedConfig config = ConfigLoader.parse("empty.yaml", "");

        assertThat(config.catalog().apis()).isEmpty();
        assertThat(config.roles()).isEmpty();
        assertThat(config.clients()).isEmpty();
        assertThat(config.users()).isEmpty();
    }

    @Test
    void whenTheFileIsMissingThenTheErrorNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo(missing.toString());
                    assertThat(e.line()).isZero();
                    assertThat(e.getMessage()).startsWith(missing + ": cannot read the file");
                });
    }

    @Test
    void whenAFileIsLoadedFromDiskThenErrorsNameItsPath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("scopekeeper.yaml"), "apis: 12\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo(file.toString());
                    assertThat(e.getMessage()).isEqualTo(file + ":1: apis: expected a list");
                });
    }

    @Test
    void whenTheYamlIsMalformedThenTheLineOfTheSyntaxErrorIsNamed() {
        ConfigException e = assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    name: Photos: API
                """, 3, null);

        assertThat(e.getMessage()).contains("not valid YAML");
    }

    @Test
    void whenTheRootIsAListThenTheFileIsRejected() {
        ConfigException e = assertRejected("- apis\n- clients\n", 1, "");

        assertThat(e.getMessage()).contains("must be a mapping");
    }

    @Test
    void whenAKeyIsUnknownThenItIsNamedWithItsLine() {
        ConfigException e = assertRejected(APIS + """
                clients:
                  - id: archiver
                    name: Archiver
                    grantTypes: [client_credentials]
                    allowedScopes: [photos.read]
                    secrte: archiver-secret-0123456789abcdef-0123
                """, 15, "clients[0].secrte");

        assertThat(e.getMessage()).endsWith("unknown field 'secrte'");
    }

    @Test
    void whenATopLevelKeyIsUnknownThenItIsNamed() {
        assertRejected("apis: []\nclient: []\n", 2, "client");
    }

    @Test
    void whenAKeyIsDeclaredTwiceThenTheSecondIsRejected() {
        // Otherwise the second `clients:` would silently replace the first.
        assertRejected(APIS + """
                clients: []
                roles: {}
                clients: []
                """, 12, "clients");
    }

    @Test
    void whenAListIsExpectedButAStringIsGivenThenTheTypeIsNamed() {
        ConfigException e = assertRejected(APIS + """
                clients:
                  - id: archiver
                    name: Archiver
                    grantTypes: client_credentials
                """, 13, "clients[0].grantTypes");

        assertThat(e.getMessage()).endsWith("expected a list");
    }

    @Test
    void whenScopesIsAMappingThenAListIsExpected() {
        assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    name: Photos API
                    scopes: {name: photos.read}
                """, 4, "apis[0].scopes");
    }

    @Test
    void whenAnEntryIsNullThenItIsRejectedNotCrashed() {
        assertRejected(APIS + """
                clients:
                  -
                """, 11, "clients[0]");
    }
}
