package dev.scopekeeper.server.config;

import org.junit.jupiter.api.Test;

import static dev.scopekeeper.server.config.ConfigErrors.APIS;
import static dev.scopekeeper.server.config.ConfigErrors.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

/** The errors of {@code clients} and {@code users} entries: each names its line and field. */
class ConfigLoaderEntriesTest {
    private static final String SECRET = "archiver-secret-0123456789abcdef-0123";

    /** APIS (lines 1-9), then {@code clients:} on line 10, a valid client on lines 11-15, and {@code more} from line 16. */
    private static String clients(String more) {
        return APIS + """
                clients:
                  - id: archiver
                    name: Archiver
                    grantTypes: [client_credentials]
                    allowedScopes: [photos.read]
                    secret: %s
                """.formatted(SECRET) + more;
    }

    @Test
    void whenAClientIdHasASpaceThenTheIdIsRejected() {
        assertRejected(clients("""
                  - id: my client
                    name: Mine
                    grantTypes: [client_credentials]
                """), 16, "clients[1].id");
    }

    @Test
    void whenAClientIdIsDeclaredTwiceThenTheSecondIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - name: Archiver again
                    id: archiver
                    grantTypes: [client_credentials]
                """), 17, "clients[1].id");

        assertThat(e.getMessage()).contains("'archiver' is declared twice");
    }

    @Test
    void whenAClientHasNoIdThenItsEntryIsNamed() {
        assertRejected(clients("""
                  - name: Nameless
                    grantTypes: [client_credentials]
                """), 16, "clients[1].id");
    }

    @Test
    void whenAClientHasNoNameThenItsEntryIsNamed() {
        assertRejected(clients("""
                  - id: other
                    grantTypes: [client_credentials]
                """), 16, "clients[1].name");
    }

    @Test
    void whenTheTypeIsUnknownThenTheTypeIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: other
                    name: Other
                    type: private
                    grantTypes: [client_credentials]
                """), 18, "clients[1].type");

        assertThat(e.getMessage()).contains("'private'");
    }

    @Test
    void whenGrantTypesIsEmptyThenItIsRejected() {
        assertRejected(clients("""
                  - id: other
                    name: Other
                    grantTypes: []
                """), 18, "clients[1].grantTypes");
    }

    @Test
    void whenGrantTypesIsMissingThenTheClientEntryIsNamed() {
        assertRejected(clients("""
                  - id: other
                    name: Other
                """), 16, "clients[1].grantTypes");
    }

    @Test
    void whenAGrantTypeIsUnknownThenThatEntryIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: other
                    name: Other
                    grantTypes:
                      - client_credentials
                      - device_code
                """), 20, "clients[1].grantTypes[1]");

        assertThat(e.getMessage()).contains("'device_code'");
    }

    @Test
    void whenThePasswordGrantIsListedThenItIsRefused() {
        // RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used.
        ConfigException e = assertRejected(clients("""
                  - id: other
                    name: Other
                    grantTypes: [password]
                """), 18, "clients[1].grantTypes[0]");

        assertThat(e.getMessage()).contains("'password'").contains("not offered");
    }

    @Test
    void whenTheImplicitGrantIsListedThenItIsRefused() {
        // RFC 9700 §2.1.2: clients should not use the implicit grant.
        assertRejected(clients("""
                  - id: other
                    name: Other
                    grantTypes: [authorization_code, implicit]
                """), 18, "clients[1].grantTypes[1]");
    }

    @Test
    void whenAPublicClientUsesClientCredentialsThenItIsRejected() {
        // RFC 6749 §4.4: the client credentials grant is for confidential clients only.
        ConfigException e = assertRejected(clients("""
                  - id: spa
                    name: SPA
                    type: public
                    grantTypes: [client_credentials]
                """), 19, "clients[1].grantTypes");

        assertThat(e.getMessage()).contains("public client cannot use client_credentials");
    }

    @Test
    void whenAnAllowedScopeIsUnknownThenThatEntryIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: other
                    name: Other
                    grantTypes: [client_credentials]
                    allowedScopes:
                      - photos.read
                      - photos.write
                """), 21, "clients[1].allowedScopes[1]");

        assertThat(e.getMessage()).contains("unknown scope 'photos.write'");
    }

    @Test
    void whenAnAllowedScopeHasASpaceThenItIsNotAValidScope() {
        assertRejected(clients("""
                  - id: other
                    name: Other
                    grantTypes: [client_credentials]
                    allowedScopes: ['photos read']
                """), 19, "clients[1].allowedScopes[0]");
    }

    @Test
    void whenADefaultScopeIsNotAllowedThenThatEntryIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: other
                    name: Other
                    grantTypes: [client_credentials]
                    allowedScopes: [photos.read]
                    defaultScopes:
                      - photos.read
                      - photos.manage
                """), 22, "clients[1].defaultScopes[1]");

        assertThat(e.getMessage()).contains("photos.manage");
    }

    @Test
    void whenADefaultScopeIsImpliedByAnAllowedOneThenItIsAccepted() {
        ValidatedConfig config = ConfigLoader.parse("ok.yaml", clients("""
                  - id: other
                    name: Other
                    grantTypes: [client_credentials]
                    allowedScopes: [photos.manage]
                    defaultScopes: [photos.read]
                """));

        assertThat(config.clients().get(1).defaultScopes().values()).containsExactly("photos.read");
    }

    @Test
    void whenARedirectUriIsRelativeThenItIsRejected() {
        // RFC 6749 §3.1.2: the redirection endpoint URI MUST be an absolute URI.
        assertRejected(clients("""
                  - id: web
                    name: Web
                    grantTypes: [authorization_code]
                    redirectUris:
                      - https://app.example.com/cb
                      - /cb
                """), 21, "clients[1].redirectUris[1]");
    }

    @Test
    void whenARedirectUriHasAFragmentThenItIsRejected() {
        // RFC 6749 §3.1.2: the endpoint URI MUST NOT include a fragment component.
        ConfigException e = assertRejected(clients("""
                  - id: web
                    name: Web
                    grantTypes: [authorization_code]
                    redirectUris: ['https://app.example.com/cb#top']
                """), 19, "clients[1].redirectUris[0]");

        assertThat(e.getMessage()).contains("no fragment");
    }

    @Test
    void whenASecretIsShorterThan32CharactersThenTheSecretIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: other
                    name: Other
                    grantTypes: [client_credentials]
                    secret: 0123456789abcdef0123456789abcde
                """), 19, "clients[1].secret");

        assertThat(e.getMessage()).contains("at least 32 characters").doesNotContain("0123456789abcdef0123456789abcde");
    }

    @Test
    void whenASecretIsExactly32CharactersThenItIsAccepted() {
        ValidatedConfig config = ConfigLoader.parse("ok.yaml", clients("""
                  - id: other
                    name: Other
                    grantTypes: [client_credentials]
                    secret: 0123456789abcdef0123456789abcdef
                """));

        assertThat(config.clients().get(1).secret()).hasSize(32);
    }

    @Test
    void whenAPublicClientHasASecretThenTheSecretIsNamed() {
        assertRejected(clients("""
                  - id: spa
                    name: SPA
                    type: public
                    grantTypes: [authorization_code]
                    redirectUris: [https://spa.example.com/cb]
                    secret: %s
                """.formatted(SECRET)), 21, "clients[1].secret");
    }

    private static final String ROLES = "roles:\n  viewer: [photos.read]\n";

    /** APIS, roles on lines 10-11, {@code users:} on line 12 and {@code entries} from line 13. */
    private static String users(String entries) {
        return APIS + ROLES + "users:\n" + entries;
    }

    @Test
    void whenAUserIsDeclaredTwiceThenTheSecondIsNamed() {
        ConfigException e = assertRejected(users("""
                  - {username: alice, password: alice-password, roles: [viewer]}
                  - {username: bob, password: bob-password}
                  - {username: alice, password: other-password}
                """), 15, "users[2].username");

        assertThat(e.getMessage()).contains("'alice' is declared twice");
    }

    @Test
    void whenAPasswordIsShorterThan8CharactersThenThePasswordIsNamed() {
        ConfigException e = assertRejected(users("""
                  - username: alice
                    password: 1234567
                """), 14, "users[0].password");

        assertThat(e.getMessage()).doesNotContain("1234567");
    }

    @Test
    void whenAUserHasNoPasswordThenTheUserEntryIsNamed() {
        assertRejected(users("""
                  - username: alice
                """), 13, "users[0].password");
    }

    @Test
    void whenAUserHasAnUnknownRoleThenThatRoleIsNamed() {
        ConfigException e = assertRejected(users("""
                  - username: alice
                    password: alice-password
                    roles:
                      - viewer
                      - admin
                """), 17, "users[0].roles[1]");

        assertThat(e.getMessage()).contains("unknown role 'admin'");
    }
}
