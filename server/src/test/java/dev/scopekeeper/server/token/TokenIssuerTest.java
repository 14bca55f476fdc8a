package dev.scopekeeper.server.token;

import com.nimbusds.jose.JWSObject;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.store.jdbc.Database;
import dev.scopekeeper.server.store.jdbc.DatabaseSettings;
import dev.scopekeeper.server.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The access token's claims, written by Jackson's streaming generator, byte for byte (RFC 9068 §2.2). */
class TokenIssuerTest {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    Database database;
    SigningKeys keys;
    TokenIssuer issuer;

    @BeforeEach
    void open() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        database = Database.open(DatabaseSettings.h2Memory("issuer_" + UUID.randomUUID().toString().replace("-", "")));
        keys = new SigningKeys(new JdbcStore(database), SigningAlgorithm.ES256, Duration.ofMinutes(6), clock).start();
        issuer = new TokenIssuer("https://as.example.com", keys, Duration.ofMinutes(5), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void givenOneAudienceWhenIssuedThenTheClaimsAreExactlyTheRfc9068SetInOrderWithAudAsAString() throws Exception {
        IssuedToken token = issuer.issue("svc", "svc", List.of("https://api.example.com"), ScopeSet.of("b", "a"));

        JWSObject jws = JWSObject.parse(token.value());
        SigningKeys.Snapshot current = keys.current();
        assertThat(jws.getHeader().getKeyID()).isEqualTo(current.kid());
        assertThat(jws.verify(current.published().get(current.kid()).verifier())).isTrue();
        assertThat(jws.getPayload().toString()).isEqualTo("{\"iss\":\"https://as.example.com\",\"sub\":\"svc\","
                + "\"aud\":\"https://api.example.com\",\"exp\":" + NOW.plusSeconds(300).getEpochSecond()
                + ",\"iat\":" + NOW.getEpochSecond() + ",\"jti\":\"" + token.jti() + "\",\"client_id\":\"svc\","
                + "\"scope\":\"" + ScopeSet.of("b", "a") + "\"}");
        assertThat(token.jti()).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void givenTwoAudiencesAndValuesNeedingEscapesWhenIssuedThenAudIsAnArrayAndTheJsonIsEscaped() throws Exception {
        // A subject is a user id from the configuration: quotes, backslashes, control and non-ASCII characters must
        // come out as valid JSON (RFC 8259 §7), not break the token.
        String subject = "al\"ice\\ \u00e9\u2603\n";
        IssuedToken token = issuer.issue(subject, "photo-app", List.of("https://a.example", "https://b.example"), ScopeSet.of("x"));

        String payload = JWSObject.parse(token.value()).getPayload().toString();
        assertThat(payload).startsWith("{\"iss\":\"https://as.example.com\",\"sub\":\"al\\\"ice\\\\ \u00e9\u2603\\n\","
                + "\"aud\":[\"https://a.example\",\"https://b.example\"],\"exp\":");
        assertThat(JWSObject.parse(token.value()).getPayload().toJSONObject())
                .containsEntry("sub", subject)
                .containsEntry("aud", List.of("https://a.example", "https://b.example"))
                .containsEntry("client_id", "photo-app")
                .containsEntry("scope", "x");
    }
}
