package dev.scopekeeper.server.interop;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Nimbus OAuth 2.0 SDK, an independent client, talks to the real server with its own request
 * and response classes: RFC 8414 metadata, RFC 6749 client_credentials with client_secret_basic and
 * client_secret_post, RFC 6749 §5.2 errors, RFC 7662 introspection, RFC 7009 revocation and RFC 8707
 * resource indicators. Endpoint URIs come from the metadata, as a real client would find them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NimbusSdkInteropTest {
    private static final ClientAuthentication ARCHIVER_BASIC =
            new ClientSecretBasic(new ClientID("archiver"), new Secret(TestServer.ARCHIVER_SECRET));
    private static final ClientAuthentication MULTI_POST =
            new ClientSecretPost(new ClientID("multi"), new Secret(TestServer.MULTI_SECRET));

    private TestServer server;
    private AuthorizationServerMetadata metadata;

    @BeforeAll
    void start() throws Exception {
        server = InteropServers.start(s -> s);
        // RFC 8414 §3: fetched from the well-known URI and checked against the issuer by the SDK.
        metadata = AuthorizationServerMetadata.resolve(new Issuer(server.issuer()));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void whenMetadataParsedThenEndpointsAndCapabilitiesMatchTheServer() throws Exception {
        String json = server.get("/.well-known/oauth-authorization-server").body();
        AuthorizationServerMetadata m = AuthorizationServerMetadata.parse(json);

        assertThat(m.getIssuer()).isEqualTo(new Issuer(server.issuer()));
        assertThat(m.getTokenEndpointURI()).isEqualTo(URI.create(server.url("/token")));
        assertThat(m.getRevocationEndpointURI()).isEqualTo(URI.create(server.url("/revoke")));
        assertThat(m.getIntrospectionEndpointURI()).isEqualTo(URI.create(server.url("/introspect")));
        assertThat(m.getJWKSetURI()).isEqualTo(URI.create(server.url("/jwks")));
        assertThat(m.getGrantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS, GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
        assertThat(m.getAuthorizationEndpointURI()).isEqualTo(URI.create(server.url("/authorize")));
        assertThat(m.getCodeChallengeMethods()).containsExactly(com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256);
        assertThat(m.supportsAuthorizationResponseIssuerParam()).isTrue();
        assertThat(m.getTokenEndpointAuthMethods()).containsExactlyInAnyOrder(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.NONE);
        assertThat(m.getIntrospectionEndpointAuthMethods())
                .containsExactlyInAnyOrder(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
        assertThat(m.getScopes().toStringList()).contains("photos.read", "read:images", "view:events");
        assertThat(m.getCustomParameter("access_token_signing_alg_values_supported")).asString().contains("RS256");
        assertThat(metadata.toJSONObject()).isEqualTo(m.toJSONObject());
    }

    @Test
    void whenOpenIdConfigurationThenSameMetadata() throws Exception {
        AuthorizationServerMetadata oidc = AuthorizationServerMetadata.parse(server.get("/.well-known/openid-configuration").body());

        assertThat(oidc.toJSONObject()).isEqualTo(metadata.toJSONObject());
    }

    @Test
    void whenClientSecretBasicThenBearerTokenWithTheRequestedScope() throws Exception {
        TokenResponse response = send(new TokenRequest(metadata.getTokenEndpointURI(), ARCHIVER_BASIC,
                new ClientCredentialsGrant(), new Scope("read:images")));

        assertThat(response.indicatesSuccess()).as(describe(response)).isTrue();
        AccessTokenResponse success = response.toSuccessResponse();
        AccessToken token = success.getTokens().getAccessToken();
        assertThat(token).isInstanceOf(BearerAccessToken.class);
        assertThat(token.getType()).isEqualTo(AccessTokenType.BEARER);
        assertThat(token.getScope()).isEqualTo(new Scope("read:images"));
        assertThat(token.getLifetime()).isEqualTo(300);
        assertThat(success.getTokens().getRefreshToken()).isNull();
        // RFC 9068: a JWT the SDK's JOSE library parses, with our claims.
        SignedJWT jwt = SignedJWT.parse(token.getValue());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("archiver");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(metadata.getIssuer().getValue());
    }

    @Test
    void whenClientSecretPostWithSeveralScopesThenTokenForAll() throws Exception {
        TokenResponse response = send(new TokenRequest(metadata.getTokenEndpointURI(), MULTI_POST,
                new ClientCredentialsGrant(), new Scope("photos.read", "view:events")));

        assertThat(response.indicatesSuccess()).as(describe(response)).isTrue();
        AccessToken token = response.toSuccessResponse().getTokens().getBearerAccessToken();
        assertThat(token.getScope()).isEqualTo(new Scope("photos.read", "view:events"));
        assertThat(SignedJWT.parse(token.getValue()).getJWTClaimsSet().getAudience())
                .containsExactlyInAnyOrder("https://photos.example.com", "https://events.example.com");
    }

    @Test
    void whenNoScopeThenClientDefaultScopeInResponse() throws Exception {
        TokenResponse response = send(new TokenRequest(metadata.getTokenEndpointURI(), ARCHIVER_BASIC, new ClientCredentialsGrant()));

        assertThat(response.indicatesSuccess()).as(describe(response)).isTrue();
        assertThat(response.toSuccessResponse().getTokens().getAccessToken().getScope()).isEqualTo(new Scope("read:images"));
    }

    @Test
    void whenResourceIndicatorThenTokenOnlyForThatResource() throws Exception {
        // RFC 8707 §2: multi may reach three APIs; asking for one resource narrows the token to it.
        URI events = URI.create("https://events.example.com");
        TokenRequest request = new TokenRequest.Builder(metadata.getTokenEndpointURI(), MULTI_POST, new ClientCredentialsGrant())
                .resource(events).build();
        assertThat(request.toHTTPRequest().getBodyAsFormParameters()).containsEntry("resource", List.of(events.toString()));

        TokenResponse response = send(request);

        assertThat(response.indicatesSuccess()).as(describe(response)).isTrue();
        AccessToken token = response.toSuccessResponse().getTokens().getAccessToken();
        assertThat(token.getScope()).isEqualTo(new Scope("view:events"));
        assertThat(SignedJWT.parse(token.getValue()).getJWTClaimsSet().getAudience()).containsExactly(events.toString());
    }

    @Test
    void whenUnknownResourceThenInvalidTarget() throws Exception {
        TokenRequest request = new TokenRequest.Builder(metadata.getTokenEndpointURI(), MULTI_POST, new ClientCredentialsGrant())
                .resource(URI.create("https://unknown.example.com")).build();

        assertError(send(request), "invalid_target", 400);
    }

    @Test
    void whenWrongSecretThenInvalidClient401() throws Exception {
        ClientAuthentication wrong = new ClientSecretBasic(new ClientID("archiver"), new Secret("wrong-secret-0123456789abcdef-0123456"));

        TokenResponse response = send(new TokenRequest(metadata.getTokenEndpointURI(), wrong, new ClientCredentialsGrant(), new Scope("read:images")));

        ErrorObject error = assertError(response, OAuth2Error.INVALID_CLIENT.getCode(), 401);
        assertThat(error).isEqualTo(OAuth2Error.INVALID_CLIENT);
    }

    @Test
    void whenUnknownClientWithSecretPostThenInvalidClient401() throws Exception {
        ClientAuthentication unknown = new ClientSecretPost(new ClientID("nobody"), new Secret("nobody-secret-0123456789abcdef-01234"));

        assertError(send(new TokenRequest(metadata.getTokenEndpointURI(), unknown, new ClientCredentialsGrant())),
                OAuth2Error.INVALID_CLIENT.getCode(), 401);
    }

    @Test
    void whenScopeNotAllowedThenInvalidScope400() throws Exception {
        TokenResponse response = send(new TokenRequest(metadata.getTokenEndpointURI(), ARCHIVER_BASIC,
                new ClientCredentialsGrant(), new Scope("photos.read")));

        ErrorObject error = assertError(response, OAuth2Error.INVALID_SCOPE.getCode(), 400);
        assertThat(error.getDescription()).contains("photos.read");
    }

    @Test
    void whenUnknownScopeThenInvalidScope400() throws Exception {
        assertError(send(new TokenRequest(metadata.getTokenEndpointURI(), ARCHIVER_BASIC,
                new ClientCredentialsGrant(), new Scope("read:images", "photos.admin"))), OAuth2Error.INVALID_SCOPE.getCode(), 400);
    }

    @Test
    void whenPasswordGrantThenUnsupportedGrantType400() throws Exception {
        // RFC 9700 §2.4: the resource owner password grant is not offered.
        AuthorizationGrant password = new ResourceOwnerPasswordCredentialsGrant("alice", new Secret("alice-test-password"));

        assertError(send(new TokenRequest(metadata.getTokenEndpointURI(), ARCHIVER_BASIC, password)),
                OAuth2Error.UNSUPPORTED_GRANT_TYPE.getCode(), 400);
    }

    @Test
    void whenTheClientMayNotUseAuthorizationCodeThenUnauthorizedClient400() throws Exception {
        AuthorizationGrant code = new AuthorizationCodeGrant(new AuthorizationCode("abc"), URI.create("https://app.example.com/cb"));

        assertError(send(new TokenRequest(metadata.getTokenEndpointURI(), ARCHIVER_BASIC, code)),
                OAuth2Error.UNAUTHORIZED_CLIENT.getCode(), 400);
    }

    @Test
    void whenIntrospectedThenActiveWithScopeClientAndAudience() throws Exception {
        AccessToken token = issue(ARCHIVER_BASIC, new Scope("read:images"));

        TokenIntrospectionSuccessResponse info = introspect(token);

        assertThat(info.isActive()).isTrue();
        assertThat(info.getScope()).isEqualTo(new Scope("read:images"));
        assertThat(info.getClientID()).isEqualTo(new ClientID("archiver"));
        assertThat(info.getSubject().getValue()).isEqualTo("archiver");
        assertThat(info.getTokenType()).isEqualTo(AccessTokenType.BEARER);
        assertThat(info.getIssuer()).isEqualTo(metadata.getIssuer());
        assertThat(info.getAudience()).containsExactly(new Audience("https://imaging.example.com"));
        assertThat(info.getExpirationTime()).isAfter(info.getIssueTime());
        assertThat(info.getJWTID()).isNotNull();
    }

    @Test
    void whenIntrospectionWithoutAuthenticationThenInvalidClient401() throws Exception {
        AccessToken token = issue(ARCHIVER_BASIC, new Scope("read:images"));

        HTTPResponse http = new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), token).toHTTPRequest().send();
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(http);

        assertThat(response.indicatesSuccess()).isFalse();
        assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
        assertThat(response.toErrorResponse().getErrorObject().getHTTPStatusCode()).isEqualTo(401);
    }

    @Test
    void whenGarbageIntrospectedThenInactive() throws Exception {
        assertThat(introspect(new BearerAccessToken("not-a-token-of-ours")).isActive()).isFalse();
    }

    @Test
    void whenTokenWithoutKidIntrospectedThenInactive() throws Exception {
        // A JWS in our shape but without a kid header (e.g. from another issuer): not ours, so inactive.
        String header = Base64URL.encode("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}").toString();
        String payload = Base64URL.encode("{\"iss\":\"" + server.issuer() + "\",\"jti\":\"x\"}").toString();
        AccessToken noKid = new BearerAccessToken(header + "." + payload + "." + Base64URL.encode("signature"));

        assertThat(introspect(noKid).isActive()).isFalse();
        assertThat(new TokenRevocationRequest(metadata.getRevocationEndpointURI(), ARCHIVER_BASIC, noKid).toHTTPRequest().send()
                .getStatusCode()).isEqualTo(200);
    }

    @Test
    void whenRevokedThenIntrospectionSaysInactive() throws Exception {
        AccessToken token = issue(ARCHIVER_BASIC, new Scope("read:images"));
        AccessToken other = issue(ARCHIVER_BASIC, new Scope("read:images"));
        assertThat(introspect(token).isActive()).isTrue();

        HTTPResponse revoked = new TokenRevocationRequest(metadata.getRevocationEndpointURI(), ARCHIVER_BASIC, token)
                .toHTTPRequest().send();

        // RFC 7009 §2.2: 200 on success.
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(introspect(token).isActive()).isFalse();
        assertThat(introspect(other).isActive()).isTrue();
    }

    @Test
    void whenRevokedTwiceOrGarbageThenStill200() throws Exception {
        AccessToken token = issue(ARCHIVER_BASIC, new Scope("read:images"));
        URI revoke = metadata.getRevocationEndpointURI();

        assertThat(new TokenRevocationRequest(revoke, ARCHIVER_BASIC, token).toHTTPRequest().send().getStatusCode()).isEqualTo(200);
        assertThat(new TokenRevocationRequest(revoke, ARCHIVER_BASIC, token).toHTTPRequest().send().getStatusCode()).isEqualTo(200);
        assertThat(new TokenRevocationRequest(revoke, ARCHIVER_BASIC, new BearerAccessToken("garbage")).toHTTPRequest().send()
                .getStatusCode()).isEqualTo(200);
    }

    @Test
    void whenAnotherClientRevokesThenRefusedAndTokenStaysActive() throws Exception {
        AccessToken token = issue(ARCHIVER_BASIC, new Scope("read:images"));

        HTTPResponse http = new TokenRevocationRequest(metadata.getRevocationEndpointURI(), MULTI_POST, token).toHTTPRequest().send();

        // RFC 7009 §2.1: the token must have been issued to the revoking client.
        assertThat(http.getStatusCode()).isEqualTo(400);
        assertThat(ErrorObject.parse(http).getCode()).isEqualTo(OAuth2Error.UNAUTHORIZED_CLIENT.getCode());
        assertThat(introspect(token).isActive()).isTrue();
    }

    private AccessToken issue(ClientAuthentication auth, Scope scope) throws Exception {
        TokenResponse response = send(new TokenRequest(metadata.getTokenEndpointURI(), auth, new ClientCredentialsGrant(), scope));
        assertThat(response.indicatesSuccess()).as(describe(response)).isTrue();
        Tokens tokens = response.toSuccessResponse().getTokens();
        return tokens.getBearerAccessToken();
    }

    private TokenIntrospectionSuccessResponse introspect(AccessToken token) throws Exception {
        // A resource server would introspect with its own credentials; multi is one here.
        HTTPResponse http = new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), MULTI_POST, token)
                .toHTTPRequest().send();
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(http);
        assertThat(response.indicatesSuccess()).as("introspection HTTP %d %s", http.getStatusCode(), http.getBody()).isTrue();
        return response.toSuccessResponse();
    }

    private static TokenResponse send(TokenRequest request) throws Exception {
        return TokenResponse.parse(request.toHTTPRequest().send());
    }

    /** Parses as the SDK's TokenErrorResponse and checks the error code and the HTTP status it carries. */
    private static ErrorObject assertError(TokenResponse response, String code, int status) {
        assertThat(response.indicatesSuccess()).as("expected an error").isFalse();
        assertThat(response).isInstanceOf(TokenErrorResponse.class);
        ErrorObject error = response.toErrorResponse().getErrorObject();
        assertThat(error.getCode()).isEqualTo(code);
        assertThat(error.getHTTPStatusCode()).isEqualTo(status);
        assertThat(error.getDescription()).isNotBlank();
        return error;
    }

    private static String describe(TokenResponse response) {
        return response.indicatesSuccess() ? "success" : "error " + response.toErrorResponse().getErrorObject().toJSONObject();
    }
}
