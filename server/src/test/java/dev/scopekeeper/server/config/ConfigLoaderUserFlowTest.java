package dev.scopekeeper.server.config;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.protocol.GrantType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.scopekeeper.server.config.ConfigErrors.APIS;
import static dev.scopekeeper.server.config.ConfigErrors.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

/** Clients of the user-facing flow: redirect URIs, refresh tokens, protocol scopes, consent. */
class ConfigLoaderUserFlowTest {

    /** APIS (lines 1-9), then {@code clients:} on line 10, a valid code-flow client on lines 11-15, and {@code more} from line 16. */
    private static String clients(String more) {
        return APIS + """
                clients:
                  - id: web
                    name: Web
                    grantTypes: [authorization_code, refresh_token]
                    allowedScopes: [openid, offline_access, photos.read]
                    redirectUris: [https://web.example.com/cb]
                """ + more;
    }

    private static ValidatedConfig.ClientSpec second(String more) {
        return ConfigLoader.parse("ok.yaml", clients(more)).clients().get(1);
    }

    @Test
    void whenAClientIsAllowedProtocolScopesThenTheyNeedNoCatalogEntry() {
        ValidatedConfig config = ConfigLoader.parse("ok.yaml", clients(""));

        ValidatedConfig.ClientSpec web = config.clients().get(0);
        assertThat(web.allowedScopes()).isEqualTo(ScopeSet.of("openid", "offline_access", "photos.read"));
        assertThat(web.grantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
        assertThat(config.catalog().isKnown("openid")).isFalse();
    }

    @Test
    void whenAProtocolScopeIsADefaultScopeThenItIsAccepted() {
        ValidatedConfig.ClientSpec app = second("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                    allowedScopes: [openid, photos.read]
                    defaultScopes: [openid, photos.read]
                    redirectUris: [https://app.example.com/cb]
                """);

        assertThat(app.defaultScopes()).isEqualTo(ScopeSet.of("openid", "photos.read"));
    }

    @Test
    void whenAnOidcScopeOtherThanOpenidIsNamedThenItIsStillUnknown() {
        ConfigException e = assertRejected(clients("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                    allowedScopes: [openid, profile]
                """), 19, "clients[1].allowedScopes[1]");

        assertThat(e.getMessage()).contains("unknown scope 'profile'");
    }

    @Test
    void whenRequireConsentIsSetThenItIsCarriedAndDefaultsToFalse() {
        ValidatedConfig config = ConfigLoader.parse("ok.yaml", clients("""
                  - id: own
                    name: Own app
                    firstParty: true
                    requireConsent: true
                    grantTypes: [authorization_code]
                    redirectUris: [https://own.example.com/cb]
                  - id: partner
                    name: Partner
                    requireConsent: true
                    grantTypes: [authorization_code]
                    redirectUris: [https://partner.example.com/cb]
                """));

        assertThat(config.clients()).extracting(ValidatedConfig.ClientSpec::requireConsent).containsExactly(false, true, true);
        assertThat(config.clients().get(2).firstParty()).isFalse();
    }

    @Test
    void whenRequireConsentIsNotABooleanThenItIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: own
                    name: Own app
                    requireConsent: sometimes
                """), 18, "clients[1].requireConsent");

        assertThat(e.getMessage()).contains("true or false");
    }

    @Test
    void whenAnAuthorizationCodeClientHasNoRedirectUriThenTheClientIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                """), 16, "clients[1].redirectUris");

        assertThat(e.getMessage()).endsWith("a client with authorization_code needs at least one redirect URI");
    }

    @Test
    void whenAnAuthorizationCodeClientHasAnEmptyRedirectListThenTheListIsNamed() {
        assertRejected(clients("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                    redirectUris: []
                """), 19, "clients[1].redirectUris");
    }

    @Test
    void whenAClientWithoutAuthorizationCodeHasRedirectUrisThenTheyAreRefused() {
        ConfigException e = assertRejected(clients("""
                  - id: service
                    name: Service
                    grantTypes: [client_credentials]
                    redirectUris: [https://service.example.com/cb]
                """), 19, "clients[1].redirectUris");

        assertThat(e.getMessage()).endsWith("redirect URIs are only for clients with authorization_code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/cb?x=1", "http://127.0.0.1:9000/cb", "http://[::1]/cb",
            "http://localhost:8080/cb", "HTTP://LOCALHOST/cb", "com.example.app:/oauth2redirect", "com.example.app://cb"})
    void whenARedirectUriIsHttpsLoopbackOrPrivateUseThenItIsAccepted(String uri) {
        ValidatedConfig.ClientSpec app = second("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                    redirectUris: ['%s']
                """.formatted(uri));

        assertThat(app.redirectUris()).containsExactly(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example.com/cb", "http://localhost.example.com/cb", "http://127.0.0.1.example.com/cb",
            "http://127.0.0.1@app.example.com/cb", "http:/cb"})
    void whenAnHttpRedirectUriIsNotLoopbackThenItIsRefused(String uri) {
        // RFC 8252 §7.3: plain http only on a loopback interface.
        ConfigException e = assertRejected(clients("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                    redirectUris:
                      - https://app.example.com/cb
                      - '%s'
                """.formatted(uri)), 21, "clients[1].redirectUris[1]");

        assertThat(e.getMessage()).contains("loopback").contains(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"myapp:/cb", "javascript:alert(1)", "urn:ietf:wg:oauth:2.0:oob"})
    void whenAPrivateUseSchemeHasNoPeriodThenItIsRefused(String uri) {
        // RFC 8252 §7.1: a private-use scheme is a reverse domain name such as com.example.app.
        ConfigException e = assertRejected(clients("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                    redirectUris: ['%s']
                """.formatted(uri)), 19, "clients[1].redirectUris[0]");

        assertThat(e.getMessage()).contains("com.example.app:/cb");
    }

    @Test
    void whenAnHttpsRedirectUriHasNoHostThenItIsRefused() {
        assertRejected(clients("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                    redirectUris: ['https:/cb']
                """), 19, "clients[1].redirectUris[0]");
    }

    @Test
    void whenRefreshTokenComesWithoutAuthorizationCodeThenThatGrantIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: service
                    name: Service
                    grantTypes:
                      - client_credentials
                      - refresh_token
                """), 20, "clients[1].grantTypes[1]");

        assertThat(e.getMessage()).contains("refresh_token needs authorization_code");
    }

    @Test
    void whenOfflineAccessIsAllowedWithoutRefreshTokenThenTheScopeIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: app
                    name: App
                    grantTypes: [authorization_code]
                    allowedScopes:
                      - openid
                      - offline_access
                    redirectUris: [https://app.example.com/cb]
                """), 21, "clients[1].allowedScopes[1]");

        assertThat(e.getMessage()).endsWith("offline_access asks for a refresh token: add refresh_token to grantTypes,"
                + " or drop offline_access");
    }

    @Test
    void whenRefreshTokenIsAllowedWithoutOfflineAccessThenTheGrantIsNamed() {
        ConfigException e = assertRejected(clients("""
                  - id: app
                    name: App
                    grantTypes:
                      - authorization_code
                      - refresh_token
                    allowedScopes: [openid]
                    redirectUris: [https://app.example.com/cb]
                """), 20, "clients[1].grantTypes[1]");

        assertThat(e.getMessage()).contains("add offline_access to allowedScopes");
    }

    @Test
    void whenAPublicClientUsesTheCodeFlowWithRefreshTokensThenItIsAccepted() {
        ValidatedConfig.ClientSpec mobile = second("""
                  - id: mobile
                    name: Mobile
                    type: public
                    grantTypes: [authorization_code, refresh_token]
                    allowedScopes: [openid, offline_access]
                    redirectUris: [com.example.mobile:/cb]
                """);

        assertThat(mobile.secret()).isNull();
        assertThat(mobile.grantTypes()).contains(GrantType.REFRESH_TOKEN);
    }

    @Test
    void whenARoleNamesAProtocolScopeThenTheScopeEntryIsNamed() {
        ConfigException e = assertRejected(APIS + """
                roles:
                  viewer:
                    - photos.read
                    - openid
                """, 13, "roles.viewer[1]");

        assertThat(e.getMessage()).contains("'openid' is a protocol scope: roles limit API scopes only");
    }

    @Test
    void whenAnApiDeclaresAProtocolScopeThenItsNameIsRefused() {
        ConfigException e = assertRejected(APIS + """
                      - name: offline_access
                        description: Stay signed in
                """, 10, "apis[0].scopes[2].name");

        assertThat(e.getMessage()).contains("'offline_access' is a protocol scope");
    }
}
