package dev.scopekeeper.server.endpoint;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.server.testing.TestServer.ARCHIVER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.INDEXER_SECRET;
import static dev.scopekeeper.server.testing.TestServer.MULTI_SECRET;
import static dev.scopekeeper.server.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client_credentials flow end to end over HTTP: issue, decode, introspect, revoke. Runs on
 * every database the server supports (H2 and PostgreSQL subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientCredentialsFlowContract {
    TestServer server;
    DatabaseSettings database;

    abstract DatabaseSettings database();

    void dropDatabase(DatabaseSettings settings) {
    }

    @BeforeAll
    void start() {
        database = database();
        server = TestServer.start(database, s -> s);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        dropDatabase(database);
    }

    @Test
    void whenScopeRequestedThenTokenResponseCarriesItAndNoStore() {
        HttpResponse<String> r = server.postBasic("/token", "archiver", ARCHIVER_SECRET,
                "grant_type=client_credentials&scope=read%3Aimages+delete%3Aimages");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        Map<String, Object> body = json(r);
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 300)
                .containsEntry("scope", "delete:images read:images").doesNotContainKey("refresh_token");
    }

    @Test
    void whenTokenIssuedThenItIsAnRfc9068JwtWithEveryRequiredClaim() throws Exception {
        long before = Instant.now().getEpochSecond();
        SignedJWT jwt = SignedJWT.parse(server.token("archiver", ARCHIVER_SECRET, "read:images"));
        // RFC 9068 §2.1: typ at+jwt, and a kid naming the key.
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(server.server().keys().current().kid());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti.
        assertThat(c.getIssuer()).isEqualTo(server.issuer());
        assertThat(c.getSubject()).isEqualTo("archiver");
        assertThat(c.getAudience()).containsExactly("https://imaging.example.com");
        assertThat(c.getStringClaim("client_id")).isEqualTo("archiver");
        assertThat(c.getStringClaim("scope")).isEqualTo("read:images");
        assertThat(c.getJWTID()).isNotBlank();
        long iat = c.getIssueTime().toInstant().getEpochSecond();
        assertThat(iat).isBetween(before, Instant.now().getEpochSecond());
        assertThat(c.getExpirationTime().toInstant().getEpochSecond()).isEqualTo(iat + 300);
    }

    @Test
    void whenTwoTokensIssuedThenTheirJtisDiffer() throws Exception {
        String a = SignedJWT.parse(server.token("archiver", ARCHIVER_SECRET, null)).getJWTClaimsSet().getJWTID();
        String b = SignedJWT.parse(server.token("archiver", ARCHIVER_SECRET, null)).getJWTClaimsSet().getJWTID();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void whenScopeOmittedThenClientDefaultsAreGranted() {
        HttpResponse<String> r = server.postBasic("/token", "archiver", ARCHIVER_SECRET, "grant_type=client_credentials");
        assertThat(json(r)).containsEntry("scope", "read:images");
    }

    @Test
    void whenScopeEmptyThenTreatedAsOmitted() {
        // RFC 6749 §3.1: a parameter sent without a value is treated as omitted.
        HttpResponse<String> r = server.postBasic("/token", "archiver", ARCHIVER_SECRET, "grant_type=client_credentials&scope=");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("scope", "read:images");
    }

    @Test
    void whenScopeOmittedAndClientHasNoDefaultsThenApiDefaultsWithinAllowedAreGranted() {
        HttpResponse<String> r = server.postBasic("/token", "indexer", INDEXER_SECRET, "grant_type=client_credentials");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("scope", "photos.read");
    }

    @Test
    void whenBroadScopeRequestedThenImpliedScopesAreGrantedToo() {
        HttpResponse<String> r = server.postBasic("/token", "indexer", INDEXER_SECRET, "grant_type=client_credentials&scope=photos.manage");
        assertThat(json(r)).containsEntry("scope", "photos.delete photos.manage photos.read photos.upload");
    }

    @Test
    void whenScopesOfTwoApisThenAudienceListsBoth() throws Exception {
        SignedJWT jwt = SignedJWT.parse(server.token("multi", MULTI_SECRET, "photos.read read:images"));
        assertThat(jwt.getJWTClaimsSet().getAudience())
                .containsExactlyInAnyOrder("https://photos.example.com", "https://imaging.example.com");
    }

    @Test
    void whenResourceGivenThenAudienceIsThatResourceAndDefaultsComeFromIt() throws Exception {
        // RFC 8707 §2: the resource parameter names the API the token is for.
        HttpResponse<String> r = server.postBasic("/token", "multi", MULTI_SECRET,
                "grant_type=client_credentials&resource=https%3A%2F%2Fevents.example.com");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(r);
        assertThat(body).containsEntry("scope", "view:events");
        SignedJWT jwt = SignedJWT.parse((String) body.get("access_token"));
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://events.example.com");
    }

    @Test
    void whenTwoResourcesGivenThenBothAreAudiences() throws Exception {
        HttpResponse<String> r = server.postBasic("/token", "multi", MULTI_SECRET,
                "grant_type=client_credentials&scope=photos.read+read%3Aimages"
                        + "&resource=https%3A%2F%2Fphotos.example.com&resource=https%3A%2F%2Fimaging.example.com");
        assertThat(r.statusCode()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse((String) json(r).get("access_token"));
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://photos.example.com", "https://imaging.example.com");
    }

    @Test
    void whenTokenIntrospectedThenActiveWithItsClaims() throws Exception {
        String token = server.token("archiver", ARCHIVER_SECRET, "read:images delete:images");
        HttpResponse<String> r = server.postBasic("/introspect", "indexer", INDEXER_SECRET, "token=" + token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JWTClaimsSet c = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(json(r)).containsOnly(
                Map.entry("active", true), Map.entry("scope", "delete:images read:images"), Map.entry("client_id", "archiver"),
                Map.entry("token_type", "Bearer"), Map.entry("exp", (int) (c.getExpirationTime().getTime() / 1000)),
                Map.entry("iat", (int) (c.getIssueTime().getTime() / 1000)), Map.entry("sub", "archiver"),
                Map.entry("aud", "https://imaging.example.com"), Map.entry("iss", server.issuer()), Map.entry("jti", c.getJWTID()));
    }

    @Test
    void whenTokenRevokedThenIntrospectionReportsInactiveAtOnce() {
        String token = server.token("archiver", ARCHIVER_SECRET, null);
        assertThat(json(server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + token))).containsEntry("active", true);
        HttpResponse<String> revoked = server.postBasic("/revoke", "archiver", ARCHIVER_SECRET, "token=" + token + "&token_type_hint=access_token");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).isEmpty();
        // RFC 7662 §2.2: a revoked token is not active; nothing else is disclosed.
        assertThat(json(server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + token))).isEqualTo(Map.of("active", false));
        // Revoking again is harmless (RFC 7009 §2.2).
        assertThat(server.postBasic("/revoke", "archiver", ARCHIVER_SECRET, "token=" + token).statusCode()).isEqualTo(200);
    }

    @Test
    void whenOtherClientRevokesATokenThenRefusedAndTokenStaysActive() {
        String token = server.token("archiver", ARCHIVER_SECRET, null);
        HttpResponse<String> r = server.postBasic("/revoke", "indexer", INDEXER_SECRET, "token=" + token);
        // RFC 7009 §2.1: the token must have been issued to the client making the request.
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(TestServer.error("unauthorized_client", "the token was not issued to this client"));
        assertThat(json(server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + token))).containsEntry("active", true);
    }

    @Test
    void whenHealthReadyThenDatabaseIsUp() {
        HttpResponse<String> r = server.get("/health/ready");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(Map.of("status", "UP"));
    }

    @Test
    void whenKeysRotatedThenNewTokensUseTheNewKeyAndOldTokensStillVerify() throws Exception {
        String before = server.token("archiver", ARCHIVER_SECRET, null);
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        String newKid = server.server().keys().rotate().kid();
        String after = server.token("archiver", ARCHIVER_SECRET, null);
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid).isNotEqualTo(oldKid);
        // The retired key stays published until its tokens have expired.
        List<?> keys = (List<?>) json(server.get("/jwks")).get("keys");
        assertThat(keys.stream().map(k -> (String) ((Map<?, ?>) k).get("kid"))).contains(oldKid, newKid);
        assertThat(json(server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + before))).containsEntry("active", true);
        assertThat(json(server.postBasic("/introspect", "archiver", ARCHIVER_SECRET, "token=" + after))).containsEntry("active", true);
    }
}
