package dev.scopekeeper.resource;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.scopekeeper.resource.FgaStub.Answer;
import dev.scopekeeper.resource.FgaStub.Call;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FgaClient against a stub token endpoint and FGA API: requests, token cache and refresh, every failure. */
class FgaClientTest {
    private final FgaStub stub = new FgaStub();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final FgaClient client = stub.client().clock(clock).build();

    @AfterEach
    void close() {
        stub.close();
    }

    private static Map<String, Object> json(Call call) throws Exception {
        return JSONObjectUtils.parse(call.body());
    }

    @Test
    void whenCheckIsAllowedThenTrueAndTheRequestIsJsonWithTheClientsToken() throws Exception {
        assertThat(client.check("photo:456", "can_delete", "user:alice")).isTrue();

        Call token = stub.tokenCalls.get(0);
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.authorization()).isEqualTo(FgaStub.BASIC);
        assertThat(token.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(token.body()).isEqualTo("grant_type=client_credentials&scope=fga.read");
        Call check = stub.fgaCalls.get(0);
        assertThat(check.method() + " " + check.path()).isEqualTo("POST /fga/check");
        assertThat(check.authorization()).isEqualTo("Bearer t1");
        assertThat(check.contentType()).isEqualTo("application/json");
        assertThat(json(check)).isEqualTo(Map.of("object", "photo:456", "relation", "can_delete", "subject", "user:alice"));
    }

    @Test
    void whenCheckIsNotAllowedThenFalse() {
        stub.fga = c -> Answer.ok("{\"allowed\":false,\"model_id\":\"01M\"}");
        assertThat(client.check("photo:456", "can_delete", "user:bob")).isFalse();
    }

    @Test
    void whenTheScopeIsConfiguredThenTheTokenIsAskedForIt() {
        stub.client().scope("fga.write fga.model.write").build().check("photo:1", "viewer", "user:a");
        assertThat(stub.tokenCalls.get(0).body()).isEqualTo("grant_type=client_credentials&scope=fga.write+fga.model.write");
    }

    @Test
    void whenCalledManyTimesThenOneTokenUntilShortlyBeforeItExpires() {
        for (int i = 0; i < 5; i++) {
            client.check("photo:1", "viewer", "user:a");
        }
        assertThat(stub.tokenCalls).hasSize(1);

        // expires_in 300: renewed 30 s before, not earlier
        clock.advance(Duration.ofSeconds(269));
        client.check("photo:1", "viewer", "user:a");
        assertThat(stub.tokenCalls).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        client.check("photo:1", "viewer", "user:a");
        assertThat(stub.tokenCalls).hasSize(2);
        assertThat(stub.fgaCalls.get(stub.fgaCalls.size() - 1).authorization()).isEqualTo("Bearer t2");
    }

    /** A 20 s token is renewed at half its life; without expires_in a token is kept 60 s minus the margin. */
    @ParameterizedTest
    @CsvSource(value = {"20, 10", "NONE, 30"}, nullValues = "NONE")
    void whenTheTokenIsDueThenItIsRenewedAndNotBefore(String expiresIn, int renewAfterSeconds) {
        stub.expiresIn = expiresIn;
        client.check("photo:1", "viewer", "user:a");
        clock.advance(Duration.ofSeconds(renewAfterSeconds - 1));
        client.check("photo:1", "viewer", "user:a");
        assertThat(stub.tokenCalls).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        client.check("photo:1", "viewer", "user:a");
        assertThat(stub.tokenCalls).hasSize(2);
    }

    @Test
    void whenTheFgaApiAnswers401ThenOneNewTokenAndTheRequestIsRepeated() {
        client.check("photo:1", "viewer", "user:a");
        stub.reject();

        assertThat(client.check("photo:1", "viewer", "user:a")).isTrue();

        assertThat(stub.tokenCalls).hasSize(2);
        assertThat(stub.fgaCalls).extracting(Call::authorization).containsExactly("Bearer t1", "Bearer t1", "Bearer t2");
        assertThat(stub.fgaCalls.get(2).body()).isEqualTo(stub.fgaCalls.get(1).body());
    }

    @Test
    void whenTheFgaApiRefusesTheNewTokenToThenUnavailableAfterOneRetry() {
        stub.fga = c -> new Answer(401, "{\"error\":\"invalid_token\"}");
        assertThatThrownBy(() -> client.check("photo:1", "viewer", "user:a"))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessage("the FGA API at " + stub.issuer() + "/fga/check refused a new access token of the client (HTTP 401)");
        assertThat(stub.tokenCalls).hasSize(2);
        assertThat(stub.fgaCalls).hasSize(2);
    }

    @Test
    void whenTheTokenEndpointRefusesTheCredentialsThenUnavailableNamingTheError() {
        FgaClient wrong = FgaClient.forIssuer(stub.issuer()).clientCredentials(FgaStub.ID, "wrong").build();
        assertThatThrownBy(() -> wrong.check("photo:1", "viewer", "user:a"))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessage("the token endpoint " + stub.issuer() + "/token refused the client credentials: HTTP 401 "
                        + "invalid_client: client authentication failed");
        assertThat(stub.fgaCalls).isEmpty();
    }

    @Test
    void whenTheTokenAnswerIsNotABearerTokenThenUnavailable() {
        for (String body : new String[] {"{\"token_type\":\"Bearer\"}", "{\"access_token\":\"x\",\"token_type\":\"DPoP\"}",
                "{\"access_token\":\"\",\"token_type\":\"Bearer\"}", "{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":\"300\"}",
                "not json", ""}) {
            stub.tokenAnswer = Answer.ok(body);
            assertThatThrownBy(() -> client.check("photo:1", "viewer", "user:a")).as(body)
                    .isInstanceOf(RelationshipUnavailableException.class)
                    .hasMessageStartingWith("the token endpoint " + stub.issuer() + "/token answered");
        }
        assertThat(stub.fgaCalls).isEmpty();
    }

    @Test
    void whenTheFgaApiAnswers5xxOr429ThenUnavailable() {
        for (int status : new int[] {500, 502, 503, 429}) {
            stub.fga = c -> new Answer(status, "{\"error\":\"server_error\",\"error_description\":\"boom\"}");
            assertThatThrownBy(() -> client.check("photo:1", "viewer", "user:a")).as("" + status)
                    .isInstanceOf(RelationshipUnavailableException.class)
                    .hasMessage("the FGA API at " + stub.issuer() + "/fga/check answered HTTP " + status + " server_error boom");
        }
    }

    @Test
    void whenTheFgaApiAnswersGarbageThenUnavailable() {
        for (String body : new String[] {"not json", "[true]", "{\"allowed\":\"yes\"}", "{\"model_id\":\"01M\"}", "{\"allowed\":1}"}) {
            stub.fga = c -> Answer.ok(body);
            assertThatThrownBy(() -> client.check("photo:1", "viewer", "user:a")).as(body)
                    .isInstanceOf(RelationshipUnavailableException.class)
                    .hasMessageStartingWith("the FGA API at " + stub.issuer() + "/fga/check answered malformed JSON: ");
        }
    }

    @Test
    void whenTheAnswerIsLargerThanTheLimitThenUnavailable() {
        String huge = "{\"allowed\":true,\"pad\":\"" + "x".repeat(FgaClient.MAX_ANSWER_BYTES) + "\"}";
        stub.fga = c -> Answer.ok(huge);
        assertThatThrownBy(() -> client.check("photo:1", "viewer", "user:a"))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessageContaining("document larger than " + FgaClient.MAX_ANSWER_BYTES + " bytes");
    }

    @Test
    void whenTheFgaApiDoesNotAnswerThenUnavailableWithinTheTimeout() {
        FgaClient quick = stub.client().timeout(Duration.ofMillis(300)).build();
        quick.check("photo:1", "viewer", "user:a");
        stub.hang = true;
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.check("photo:1", "viewer", "user:a"))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessage("the FGA API at " + stub.issuer() + "/fga/check did not answer within PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void whenTheBodyNeverCompletesThenUnavailableWithinTheTimeout() {
        FgaClient quick = stub.client().timeout(Duration.ofMillis(300)).build();
        stub.trickle = true;
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.check("photo:1", "viewer", "user:a"))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessage("the FGA API at " + stub.issuer() + "/fga/check did not answer within PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void whenTheServerIsDownThenUnavailable() {
        client.check("photo:1", "viewer", "user:a");
        stub.close();
        assertThatThrownBy(() -> client.check("photo:1", "viewer", "user:a"))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessageStartingWith("the FGA API at " + stub.issuer() + "/fga/check failed: java.");
    }

    @Test
    void whenTheEngineRejectsTheRequestThenFgaRequestExceptionWithCodeAndDescription() {
        stub.fga = c -> new Answer(400, "{\"error\":\"invalid_input\",\"error_description\":\"relation 'can_fly' is not defined on type 'photo'\"}");
        assertThatThrownBy(() -> client.check("photo:1", "can_fly", "user:a"))
                .isInstanceOfSatisfying(FgaRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_input");
                    assertThat(e.description()).isEqualTo("relation 'can_fly' is not defined on type 'photo'");
                    assertThat(e.isConflict()).isFalse();
                })
                .hasMessage("the FGA API refused the request: HTTP 400 invalid_input: relation 'can_fly' is not defined on type 'photo'");
    }

    @Test
    void whenA4xxHasNoErrorCodeThenItIsNotTheFgaApiAndUnavailable() {
        stub.fga = c -> new Answer(404, "<html>Not Found</html>");
        assertThatThrownBy(() -> client.check("photo:1", "viewer", "user:a"))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessage("the FGA API at " + stub.issuer() + "/fga/check answered HTTP 404");
    }

    @Test
    void whenTheClientsTokenLacksTheScopeThenUnavailableNamingIt() {
        stub.fga = c -> new Answer(403, "{\"error\":\"insufficient_scope\",\"error_description\":\"needs fga.write\"}");
        assertThatThrownBy(() -> client.writeTuples(List.of("photo:1#owner@user:a"), List.of()))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessage("the FGA API at " + stub.issuer() + "/fga/tuples refused the client's token: HTTP 403 insufficient_scope needs fga.write");
    }

    @Test
    void whenTuplesAreWrittenThenOneBatchWithWritesDeletesAndThePinnedModel() throws Exception {
        stub.fga = c -> Answer.ok("{\"model_id\":\"01PINNED\"}");
        FgaClient pinned = client.withModelId("01PINNED");

        String model = pinned.writeTuples(List.of("photo:1#owner@user:alice", "photo:1#album@album:7"), List.of("photo:0#owner@user:alice"));

        assertThat(model).isEqualTo("01PINNED");
        Call call = stub.fgaCalls.get(0);
        assertThat(call.method() + " " + call.path()).isEqualTo("POST /fga/tuples");
        assertThat(json(call)).isEqualTo(Map.of("model_id", "01PINNED",
                "writes", List.of("photo:1#owner@user:alice", "photo:1#album@album:7"), "deletes", List.of("photo:0#owner@user:alice")));
        assertThat(pinned.modelId()).isEqualTo("01PINNED");
        assertThat(client.modelId()).isNull();
    }

    @Test
    void whenAWriteConflictsThenFgaRequestExceptionThatSaysConflict() {
        stub.fga = c -> new Answer(409, "{\"error\":\"conflict\",\"error_description\":\"tuple exists\"}");
        assertThatThrownBy(() -> client.writeTuples(List.of("photo:1#owner@user:a"), List.of()))
                .isInstanceOfSatisfying(FgaRequestException.class, e -> assertThat(e.isConflict()).isTrue());
    }

    @Test
    void whenTheModelIsPinnedThenChecksNameItAndShareTheToken() throws Exception {
        client.check("photo:1", "viewer", "user:a");
        client.withModelId("01X").check("photo:1", "viewer", "user:a");
        assertThat(json(stub.fgaCalls.get(1))).containsEntry("model_id", "01X");
        assertThat(json(stub.fgaCalls.get(0))).doesNotContainKey("model_id");
        assertThat(stub.tokenCalls).hasSize(1);
    }

    @Test
    void whenObjectsSpanPagesThenAllAreReturnedFollowingTheContinuation() throws Exception {
        stub.fga = c -> {
            String continuation;
            try {
                continuation = (String) JSONObjectUtils.parse(c.body()).get("continuation");
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
            if (continuation == null) {
                return Answer.ok("{\"objects\":[\"photo:1\",\"photo:2\"],\"continuation\":\"c1\"}");
            }
            if (continuation.equals("c1")) {
                return Answer.ok("{\"objects\":[\"photo:3\"],\"continuation\":\"c2\"}");
            }
            return Answer.ok("{\"objects\":[],\"continuation\":null}");
        };

        assertThat(client.listObjects("photo", "viewer", "user:alice")).containsExactly("photo:1", "photo:2", "photo:3");

        assertThat(stub.fgaCalls).extracting(Call::path).containsOnly("/fga/list-objects");
        assertThat(json(stub.fgaCalls.get(0))).isEqualTo(Map.of("type", "photo", "relation", "viewer", "subject", "user:alice"));
        assertThat(json(stub.fgaCalls.get(1))).containsEntry("continuation", "c1");
        assertThat(json(stub.fgaCalls.get(2))).containsEntry("continuation", "c2");
    }

    @Test
    void whenThereAreMoreObjectsThanTheLimitThenLimitExceededNotATruncatedList() {
        FgaClient small = stub.client().maxObjects(2).build();
        stub.fga = c -> Answer.ok("{\"objects\":[\"photo:1\",\"photo:2\",\"photo:3\"],\"continuation\":null}");
        assertThatThrownBy(() -> small.listObjects("photo", "viewer", "user:a"))
                .isInstanceOfSatisfying(FgaRequestException.class, e -> assertThat(e.error()).isEqualTo("limit_exceeded"))
                .hasMessageContaining("more than 2 photo objects for user:a");
    }

    @Test
    void whenTheServerRepeatsAContinuationThenUnavailableInsteadOfLoopingForever() {
        stub.fga = c -> Answer.ok("{\"objects\":[\"photo:1\"],\"continuation\":\"same\"}");
        assertThatThrownBy(() -> client.listObjects("photo", "viewer", "user:a"))
                .isInstanceOf(RelationshipUnavailableException.class)
                .hasMessageEndingWith("answered malformed JSON: a continuation it had already given");
        assertThat(stub.fgaCalls).hasSize(2);
    }

    @Test
    void whenAListObjectsPageIsMalformedThenUnavailable() {
        for (String body : new String[] {"{\"continuation\":null}", "{\"objects\":[1]}", "{\"objects\":[],\"continuation\":5}"}) {
            stub.fga = c -> Answer.ok(body);
            assertThatThrownBy(() -> client.listObjects("photo", "viewer", "user:a")).as(body)
                    .isInstanceOf(RelationshipUnavailableException.class)
                    .hasMessageContaining("/fga/list-objects answered malformed JSON");
        }
    }

    @Test
    void whenTuplesAreReadThenTheFilterIsInTheQueryAndEveryPageIsFollowed() {
        // the first call gets a page with a continuation, every later one the last page
        stub.fga = c -> stub.fgaCalls.size() == 1
                ? Answer.ok("{\"tuples\":[\"photo:1#owner@user:alice\"],\"continuation\":\"n/1+\"}")
                : Answer.ok("{\"tuples\":[\"photo:1#viewer@group:eng#member\"],\"continuation\":null}");

        assertThat(client.readTuples("photo:1", null, null)).containsExactly("photo:1#owner@user:alice", "photo:1#viewer@group:eng#member");
        assertThat(stub.fgaCalls).extracting(Call::method).containsOnly("GET");
        assertThat(stub.fgaCalls).extracting(Call::path).containsOnly("/fga/tuples");

        client.readTuples("photo:", "viewer", "group:eng#member");
        assertThat(stub.fgaCalls.get(2).body()).isEmpty();
        assertThat(rawQueries()).containsExactly("object=photo%3A1", "object=photo%3A1&continuation=n%2F1%2B",
                "object=photo%3A&relation=viewer&subject=group%3Aeng%23member");
    }

    private List<String> rawQueries() {
        return stub.fgaCalls.stream().map(Call::query).toList();
    }

    @Test
    void whenTheServerHasNoModelThenLatestModelIsEmpty() {
        stub.fga = c -> new Answer(404, "{\"error\":\"model_not_found\",\"error_description\":\"no model has been written\"}");
        assertThat(client.latestModel()).isEmpty();
        assertThat(stub.fgaCalls.get(0).method() + " " + stub.fgaCalls.get(0).path()).isEqualTo("GET /fga/models/latest");
    }

    @Test
    void whenModelsAreReadAndWrittenThenIdAndDslComeBack() throws Exception {
        stub.fga = c -> c.method().equals("GET")
                ? Answer.ok("{\"model_id\":\"01A\",\"created_at\":\"2030-01-01T00:00:00Z\",\"dsl\":\"model\\n  schema 1.1\\ntype user\\n\"}")
                : new Answer(201, "{\"model_id\":\"01B\"}");

        assertThat(client.latestModel()).contains(new FgaClient.Model("01A", "model\n  schema 1.1\ntype user\n"));
        assertThat(client.writeModel("model\n  schema 1.1\ntype user\ntype doc\n")).isEqualTo("01B");
        assertThat(json(stub.fgaCalls.get(1))).isEqualTo(Map.of("dsl", "model\n  schema 1.1\ntype user\ntype doc\n"));
    }

    @Test
    void whenBuiltWithoutCredentialsOrForAPlainHttpIssuerThenRefused() {
        assertThatThrownBy(() -> FgaClient.forIssuer(stub.issuer()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientCredentials are required: the FGA API takes the client's own token");
        assertThatThrownBy(() -> FgaClient.forIssuer("http://auth.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("issuer must be an https URL (http only on the loopback interface): http://auth.example.com");
    }
}
