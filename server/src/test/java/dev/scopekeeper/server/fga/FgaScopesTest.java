package dev.scopekeeper.server.fga;

import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.server.ScopekeeperServer;
import dev.scopekeeper.server.ServerSettings;
import dev.scopekeeper.server.config.ConfigException;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.config.ValidatedConfig;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.scopekeeper.server.fga.FgaTesting.PHOTOS_SECRET;
import static dev.scopekeeper.server.fga.FgaTesting.READER_SECRET;
import static dev.scopekeeper.server.fga.FgaTesting.WRITER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.enc;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in FGA API in the catalog: its scopes through client_credentials, and configurations that may not take them. */
class FgaScopesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(FgaTesting.CONFIG);

    private static List<String> audience(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getAudience();
    }

    private static HttpResponse<String> tokenRequest(String client, String secret, String body) {
        return server.postBasic("/token", client, secret, "grant_type=client_credentials&" + body);
    }

    @Test
    void whenAClientAsksForAnFgaScopeThenTheTokenIsForTheFgaAudience() throws Exception {
        String token = server.token("fga-reader", READER_SECRET, "fga.read");

        assertThat(audience(token)).containsExactly(server.issuer() + "/fga");
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("scope")).isEqualTo("fga.read");
    }

    // RFC 8707 §2: the FGA API is a resource like any other.
    @Test
    void whenTheResourceIsTheFgaAudienceThenTheTokenNamesIt() throws Exception {
        HttpResponse<String> r = tokenRequest("fga-reader", READER_SECRET,
                "scope=fga.read&resource=" + enc(server.issuer() + "/fga"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(audience((String) json(r).get("access_token"))).containsExactly(server.issuer() + "/fga");
    }

    @Test
    void whenFgaWriteIsGrantedThenFgaReadComesWithIt() {
        HttpResponse<String> r = tokenRequest("fga-writer", WRITER_SECRET, "scope=fga.write");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r)).containsEntry("scope", "fga.read fga.write");
    }

    @Test
    void whenAClientIsNotAllowedAnFgaScopeThenInvalidScope() {
        HttpResponse<String> r = tokenRequest("photos-app", PHOTOS_SECRET, "scope=fga.read");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(TestServer.error("invalid_scope", "scope not allowed for this client: fga.read"));
    }

    @Test
    void whenTheFgaResourceIsAskedForWithAnotherApisScopeThenInvalidScope() {
        HttpResponse<String> r = tokenRequest("fga-reader", READER_SECRET,
                "scope=photos.read&resource=" + enc(server.issuer() + "/fga"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(TestServer.error("invalid_scope", "scope photos.read belongs to "
                + "https://photos.example.com, which is not a requested resource"));
    }

    @Test
    void whenRolesAndClientsNameFgaScopesThenTheConfigurationIsValidAndStoresOnlyItsOwnApis() {
        ValidatedConfig config = ConfigLoader.parse("ok.yaml", """
                roles:
                  fga-operator: [fga.read, fga.write]
                clients:
                  - id: tool
                    name: Tool
                    grantTypes: [client_credentials]
                    allowedScopes: [fga.model.write]
                    defaultScopes: [fga.read]
                """);

        assertThat(config.roles().get("fga-operator").values()).containsExactly("fga.read", "fga.write");
        assertThat(config.clients().get(0).defaultScopes().values()).containsExactly("fga.read");
        assertThat(config.catalog().apis()).isEmpty();
    }

    @Test
    void whenAnApiDeclaresAnFgaScopeThenTheConfigurationIsRejectedAtThatName() {
        assertThatThrownBy(() -> ConfigLoader.parse("broken.yaml", """
                apis:
                  - audience: https://mine.example.com
                    name: Mine
                    scopes:
                      - {name: fga.write, description: Mine}
                """)).isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.field()).isEqualTo("apis[0].scopes[0].name");
                    assertThat(e.getMessage()).endsWith("'fga.write' is a scope of the built-in FGA API (audience"
                            + " <issuer>/fga), known without being declared; an API cannot declare it");
                });
    }

    @Test
    void whenAnApiTakesTheFgaAudienceThenTheServerDoesNotStartAndWritesNothing(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("clash.yaml"), """
                apis:
                  - audience: https://auth.example.com/fga
                    name: Not the engine
                    scopes:
                      - {name: mine.read, description: Mine}
                clients:
                  - id: tool
                    name: Tool
                    grantTypes: [client_credentials]
                    allowedScopes: [mine.read]
                """);
        DatabaseSettings h2 = DatabaseSettings.h2File(dir.resolve("data"));
        ServerSettings settings = ServerSettings.defaults().withListen("127.0.0.1", 0).withDatabase(h2)
                .withIssuer("https://auth.example.com").withConfigFile(file);

        assertThatThrownBy(() -> ScopekeeperServer.start(settings).close())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).isEqualTo(file
                        + ": apis: audience 'https://auth.example.com/fga' is the built-in FGA API's (the issuer + /fga);"
                        + " give the API another audience"));
        try (JdbcStore store = new JdbcStore(Database.open(h2))) {
            assertThat(store.listClients()).isEmpty();
            assertThat(store.loadCatalog().apis()).isEmpty();
        }
    }

    @Test
    void whenMetadataIsFetchedThenTheFgaScopesAreSupported() {
        @SuppressWarnings("unchecked")
        List<String> scopes = (List<String>) json(server.get("/.well-known/oauth-authorization-server")).get("scopes_supported");

        assertThat(scopes).contains("fga.read", "fga.write", "fga.model.write", "photos.read");
        assertThat(scopes).hasSize(6);
    }
}
