package dev.scopekeeper.resource;

import dev.scopekeeper.resource.FgaStub.Answer;
import dev.scopekeeper.resource.Guard.Authorized;
import dev.scopekeeper.resource.Guard.Decision;
import dev.scopekeeper.resource.Guard.Refused;
import dev.scopekeeper.scopes.ScopeSet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scope, then relationship: every branch, with a recorded check and with FgaClient against a stub server. */
class AuthorizerTest {
    private final List<String> asked = new ArrayList<>();

    private static VerifiedToken token(String sub, String clientId, String scope) {
        return new VerifiedToken(sub, clientId, ScopeSet.parseOrEmpty(scope), List.of(Tokens.AUDIENCE),
                Instant.parse("2030-01-01T00:05:00Z"), "jti-1", Map.of());
    }

    private Authorizer answering(boolean allowed) {
        return Authorizer.builder((object, relation, subject) -> {
            asked.add(object + "#" + relation + "@" + subject);
            return allowed;
        }, "photos").catalog(GuardTest.CATALOG).build();
    }

    @Test
    void whenTheScopeAndTheRelationshipHoldThenAuthorizedWithTheToken() {
        VerifiedToken alice = token("alice", "photo-app", "photos.delete");
        Decision d = answering(true).authorize(alice, "photos.delete", "can_delete", "photo:456");
        assertThat(d).isEqualTo(new Authorized(alice));
        assertThat(asked).containsExactly("photo:456#can_delete@user:alice");
    }

    @Test
    void whenTheScopeIsMissingThen403InsufficientScopeNamingItAndTheRelationshipIsNotAsked() {
        Decision d = answering(true).authorize(token("alice", "photo-app", "photos.read"), "photos.delete", "can_delete", "photo:456");

        Refused r = (Refused) d;
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.error()).isEqualTo("insufficient_scope");
        // RFC 6750 §3.1, exactly as Guard answers
        assertThat(r.headers()).containsExactly(
                Map.entry("WWW-Authenticate", "Bearer realm=\"photos\", error=\"insufficient_scope\", "
                        + "error_description=\"the access token needs these scopes: photos.delete\", scope=\"photos.delete\""),
                Map.entry("Cache-Control", "no-store"), Map.entry("Content-Type", "application/json"));
        assertThat(r.body()).isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":\"the access token needs these scopes: "
                + "photos.delete\",\"scope\":\"photos.delete\"}");
        assertThat(asked).isEmpty();
    }

    @Test
    void whenTheCatalogImpliesTheScopeThenTheRelationshipIsAsked() {
        Decision d = answering(true).authorize(token("alice", "photo-app", "photos.manage"), "photos.delete", "can_delete", "photo:456");
        assertThat(d).isInstanceOf(Authorized.class);
        assertThat(asked).hasSize(1);
    }

    @Test
    void whenAnyOfTheScopesSufficesThenTheRequirementIsUsedAsGiven() {
        Decision d = answering(true).authorize(token("alice", "photo-app", "photos.read"),
                ScopeRequirement.anyOf("photos.read", "photos.manage"), "viewer", "photo:1");
        assertThat(d).isInstanceOf(Authorized.class);
    }

    @Test
    void whenTheRelationshipDoesNotHoldThen403AccessDeniedWithoutAChallenge() {
        Decision d = answering(false).authorize(token("bob", "photo-app", "photos.delete"), "photos.delete", "can_delete", "photo:456");

        Refused r = (Refused) d;
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.error()).isEqualTo("access_denied");
        assertThat(r.headers()).containsExactly(Map.entry("Cache-Control", "no-store"), Map.entry("Content-Type", "application/json"));
        assertThat(r.body()).isEqualTo("{\"error\":\"access_denied\",\"error_description\":\"the user has no can_delete relationship with this photo\"}");
        assertThat(asked).containsExactly("photo:456#can_delete@user:bob");
    }

    @Test
    void whenTheTokenIsAClientsOwnThenTheSubjectIsTheClient() {
        Decision d = answering(false).authorize(token("indexer", "indexer", "photos.delete"), "photos.delete", "can_delete", "photo:9");
        assertThat(asked).containsExactly("photo:9#can_delete@client:indexer");
        assertThat(((Refused) d).body()).contains("the client has no can_delete relationship with this photo");
    }

    @Test
    void whenTheSubjectCannotBeAnObjectIdThenDeniedWithoutAsking() {
        for (String sub : new String[] {"alice@example.com", "al ice", "a#b", "*", "x".repeat(257), "tab\there"}) {
            Decision d = answering(true).authorize(token(sub, "photo-app", "photos.read"), "photos.read", "viewer", "photo:1");
            assertThat(((Refused) d).body()).as(sub).isEqualTo(
                    "{\"error\":\"access_denied\",\"error_description\":\"the access token's subject cannot hold relationships\"}");
        }
        assertThat(asked).isEmpty();
        assertThat(Authorizer.subjectOf(token("x".repeat(256), "app", ""))).isEqualTo("user:" + "x".repeat(256));
        assertThat(Authorizer.subjectOf(token("urn:user:7", "app", ""))).isEqualTo("user:urn:user:7");
    }

    @Test
    void whenTheApplicationMapsSubjectsItselfThenItsMappingIsAsked() {
        Authorizer a = Authorizer.builder((object, relation, subject) -> {
            asked.add(subject);
            return true;
        }, "photos").subjects(t -> "employee:" + t.subject()).build();
        a.authorize(token("alice", "photo-app", "photos.read"), "photos.read", "viewer", "photo:1");
        assertThat(asked).containsExactly("employee:alice");
    }

    @Test
    void whenTheDecisionServiceIsUnavailableThen503WithRetryAfter() {
        Authorizer a = Authorizer.builder((object, relation, subject) -> {
            throw new RelationshipUnavailableException("the FGA API at http://x/fga/check did not answer within PT5S");
        }, "photos").retryAfter(Duration.ofSeconds(7)).build();

        Refused r = (Refused) a.authorize(token("alice", "photo-app", "photos.read"), "photos.read", "viewer", "photo:1");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.error()).isEqualTo("temporarily_unavailable");
        assertThat(r.headers()).containsExactly(Map.entry("Retry-After", "7"), Map.entry("Cache-Control", "no-store"),
                Map.entry("Content-Type", "application/json"));
        assertThat(r.body()).isEqualTo("{\"error\":\"temporarily_unavailable\",\"error_description\":\"the access decision cannot be made now\"}");
    }

    @Test
    void whenTheEngineRejectsTheQuestionThenTheExceptionPropagatesAndNothingIsAllowed() {
        Authorizer a = Authorizer.builder((object, relation, subject) -> {
            throw new FgaRequestException(400, "invalid_input", "relation 'can_fly' is not defined");
        }, "photos").build();
        assertThatThrownBy(() -> a.authorize(token("alice", "photo-app", "photos.read"), "photos.read", "can_fly", "photo:1"))
                .isInstanceOf(FgaRequestException.class);
    }

    @Test
    void whenTheFgaApiAnswers5xxOrIsDownThenTheAuthorizerAnswers503NeverAllowed() {
        try (FgaStub stub = new FgaStub()) {
            FgaClient fga = stub.client().timeout(Duration.ofSeconds(2)).build();
            Authorizer a = Authorizer.builder(fga, "photos").build();
            VerifiedToken alice = token("alice", "photo-app", "photos.read");

            assertThat(a.authorize(alice, "photos.read", "viewer", "photo:1")).isEqualTo(new Authorized(alice));
            assertThat(stub.fgaCalls.get(0).body()).isEqualTo("{\"object\":\"photo:1\",\"relation\":\"viewer\",\"subject\":\"user:alice\"}");

            stub.fga = c -> new Answer(500, "{\"error\":\"server_error\"}");
            assertThat(((Refused) a.authorize(alice, "photos.read", "viewer", "photo:1")).status()).isEqualTo(503);

            stub.fga = c -> Answer.ok("{\"allowed\":\"true\"}");
            assertThat(((Refused) a.authorize(alice, "photos.read", "viewer", "photo:1")).status()).isEqualTo(503);

            stub.close();
            assertThat(((Refused) a.authorize(alice, "photos.read", "viewer", "photo:1")).status()).isEqualTo(503);
        }
    }
}
