package dev.scopekeeper.resource;

import dev.scopekeeper.resource.RevocationFeed.Health;
import dev.scopekeeper.resource.RevocationFeed.Status;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feed client against a stub feed: snapshot and paging, long polls, failures and recovery, expiry, close. */
class RevocationFeedTest {
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private FeedStub stub(FeedStub s) {
        open.add(s);
        return s;
    }

    private RevocationFeed.Builder feedOn(FeedStub s) {
        return RevocationFeed.at(s.uri()).clientCredentials(FeedStub.ID, FeedStub.SECRET).clock(clock)
                .longPollWait(Duration.ofSeconds(2)).maxBackoff(Duration.ofMillis(50)).timeout(Duration.ofSeconds(2));
    }

    private RevocationFeed started(RevocationFeed feed) {
        open.add(0, feed); // closed before the stubs
        feed.start();
        return feed;
    }

    private Instant inAnHour() {
        return clock.instant().plusSeconds(3600);
    }

    @Test
    void whenStartedThenTheSnapshotHoldsEveryEarlierRevocationAcrossPages() {
        FeedStub s = stub(new FeedStub());
        s.pageSize = 2;
        for (int i = 1; i <= 5; i++) {
            s.revoke("jti-" + i, inAnHour());
        }
        RevocationFeed feed = feedOn(s).build();
        open.add(0, feed);

        Health health = feed.start();

        assertThat(health.status()).isEqualTo(Status.UP);
        assertThat(health.revokedCount()).isEqualTo(5);
        assertThat(health.lastSuccess()).isEqualTo(clock.instant());
        assertThat(List.of("jti-1", "jti-2", "jti-3", "jti-4", "jti-5")).allMatch(feed::isRevoked);
        assertThat(feed.isRevoked("jti-6")).isFalse();
        // three pages without waiting, then long polls from the last cursor
        Await.until(BOUND, "the long poll", () -> s.queries.size() >= 4);
        assertThat(s.queries.subList(0, 4)).containsExactly("", "since=2", "since=4", "since=5&wait=2");
    }

    @Test
    void whenRevokedAfterStartThenListedAtOnceByTheLongPoll() {
        FeedStub s = stub(new FeedStub());
        RevocationFeed feed = started(feedOn(s).build());
        Await.until(BOUND, "a long poll is held", () -> s.queries.contains("since=0&wait=2"));

        s.revoke("late", inAnHour());

        long millis = Await.until(BOUND, "late is revoked", () -> feed.isRevoked("late"));
        assertThat(millis).isLessThan(1000);
        assertThat(feed.health().status()).isEqualTo(Status.UP);
    }

    @Test
    void whenTheClientIsAuthenticatedThenIdAndSecretAreFormEncodedInBasic() {
        FeedStub s = stub(new FeedStub());
        s.expectedAuthorization = "Basic c3ZjJTNBYStiOnAlMjVzcyt3JUMzJUI2cmQ=";
        RevocationFeed feed = started(feedOn(s).clientCredentials("svc:a b", "p%ss wörd").build());
        assertThat(feed.health().status()).isEqualTo(Status.UP);
        // RFC 6749 §2.3.1: base64 of "svc%3Aa+b:p%25ss+w%C3%B6rd"
        assertThat(s.authorizations.get(0)).isEqualTo(s.expectedAuthorization);
    }

    @Test
    void whenTheFeedIsUnreachableAtStartThenDownAndNothingRevokedThenUpWhenItComesBack() {
        FeedStub s = stub(FeedStub.down());
        RevocationFeed feed = feedOn(s).build();
        open.add(0, feed);

        Health health = feed.start();

        assertThat(health.status()).isEqualTo(Status.DOWN);
        assertThat(health.lastSuccess()).isNull();
        assertThat(health.lastError()).contains("could not be reached");
        assertThat(health.consecutiveFailures()).isGreaterThanOrEqualTo(1);
        assertThat(feed.isRevoked("anything")).isFalse();
        Await.until(BOUND, "retried", () -> feed.health().consecutiveFailures() >= 3);

        s.revoke("while-down", inAnHour());
        s.up();

        Await.until(BOUND, "feed is up", () -> feed.health().status() == Status.UP);
        assertThat(feed.isRevoked("while-down")).isTrue();
        assertThat(feed.health().consecutiveFailures()).isZero();
        s.revoke("after", inAnHour());
        Await.until(BOUND, "after is revoked", () -> feed.isRevoked("after"));
    }

    @Test
    void whenTheFeedGoesDownThenDegradedAndTheSetIsKept() {
        FeedStub s = stub(new FeedStub());
        s.revoke("known", inAnHour());
        RevocationFeed feed = started(feedOn(s).build());

        s.takeDown();

        Await.until(BOUND, "degraded", () -> feed.health().status() == Status.DEGRADED);
        assertThat(feed.isRevoked("known")).isTrue();
        assertThat(feed.health().revokedCount()).isEqualTo(1);
        s.up();
        Await.until(BOUND, "up again", () -> feed.health().status() == Status.UP);
    }

    @Test
    void whenTheSecretIsWrongThenDownWithThe401AndTheFeedKeepsTrying() {
        FeedStub s = stub(new FeedStub());
        s.revoke("x", inAnHour());
        RevocationFeed feed = started(feedOn(s).clientCredentials(FeedStub.ID, "wrong").build());

        Health health = feed.health();
        assertThat(health.status()).isEqualTo(Status.DOWN);
        assertThat(health.lastError()).contains("refused the client credentials (HTTP 401)");
        assertThat(feed.isRevoked("x")).isFalse();
        Await.until(BOUND, "retried", () -> feed.health().consecutiveFailures() >= 3);
        assertThat(feed.pollingThread().isAlive()).isTrue();
    }

    @Test
    void whenTheCredentialsAreRefusedLaterThenDegradedWithTheLastSet() {
        FeedStub s = stub(new FeedStub());
        s.revoke("known", inAnHour());
        RevocationFeed feed = started(feedOn(s).build());
        s.expectedAuthorization = "rotated";
        s.revoke("wake", inAnHour()); // answers the held poll; the next one is refused

        Await.until(BOUND, "degraded", () -> feed.health().status() == Status.DEGRADED);
        assertThat(feed.health().lastError()).contains("HTTP 401");
        assertThat(feed.isRevoked("known")).isTrue();
    }

    @Test
    void whenTheAnswerIsMalformedThenTheLastSetIsKeptAndDegradedUntilItIsWellFormed() {
        FeedStub s = stub(new FeedStub());
        s.revoke("known", inAnHour());
        RevocationFeed feed = started(feedOn(s).build());
        s.rawBody = "{\"revoked\":[{\"jti\":\"bogus\"}],\"cursor\":\"9\",\"more\":false}";
        s.revoke("wake", inAnHour());

        Await.until(BOUND, "degraded", () -> feed.health().status() == Status.DEGRADED);
        assertThat(feed.health().lastError()).contains("malformed JSON");
        assertThat(feed.isRevoked("known")).isTrue();
        assertThat(feed.isRevoked("bogus")).isFalse();
        s.rawBody = "not json";
        Await.until(BOUND, "not JSON reported", () -> feed.health().lastError().contains("not a JSON object"));
        assertThat(feed.isRevoked("known")).isTrue();

        s.rawBody = null;
        Await.until(BOUND, "up again", () -> feed.health().status() == Status.UP);
        assertThat(feed.isRevoked("wake")).isTrue();
    }

    @Test
    void whenAServerErrorIsAnsweredThenItIsReported() {
        FeedStub s = stub(new FeedStub());
        s.failWith = 503;
        RevocationFeed feed = started(feedOn(s).build());
        assertThat(feed.health().status()).isEqualTo(Status.DOWN);
        assertThat(feed.health().lastError()).endsWith("answered HTTP 503");
    }

    @Test
    void whenTokensExpireThenTheirEntriesAreDroppedOnTheNextAnswer() {
        FeedStub s = stub(new FeedStub());
        s.revoke("short", clock.instant().plusSeconds(60));
        s.revoke("long", inAnHour());
        RevocationFeed feed = started(feedOn(s).build());
        assertThat(feed.isRevoked("short")).isTrue();

        // kept through the verifier's largest clock skew after exp, so no skew can revive a revoked token
        clock.advance(Duration.ofSeconds(60).plus(TokenVerifier.MAX_CLOCK_SKEW).minusSeconds(1));
        s.revoke("wake-1", inAnHour());
        Await.until(BOUND, "wake-1 arrives", () -> feed.isRevoked("wake-1"));
        assertThat(feed.isRevoked("short")).isTrue();

        clock.advance(Duration.ofSeconds(1));
        s.revoke("wake-2", inAnHour());
        Await.until(BOUND, "short dropped", () -> !feed.isRevoked("short"));
        assertThat(feed.isRevoked("long")).isTrue();
        assertThat(feed.health().revokedCount()).isEqualTo(3);
    }

    @Test
    void whenNoAnswerForMoreThanTwiceTheWaitThenDegraded() {
        FeedStub s = stub(new FeedStub());
        RevocationFeed feed = started(feedOn(s).longPollWait(Duration.ofSeconds(30)).build());
        assertThat(feed.health().status()).isEqualTo(Status.UP);
        clock.advance(Duration.ofSeconds(59));
        assertThat(feed.health().status()).isEqualTo(Status.UP);
        clock.advance(Duration.ofSeconds(2));
        assertThat(feed.health().status()).isEqualTo(Status.DEGRADED);
    }

    @Test
    void whenClosedDuringALongPollThenTheThreadStopsPromptly() {
        FeedStub s = stub(new FeedStub());
        RevocationFeed feed = started(feedOn(s).longPollWait(Duration.ofSeconds(30)).build());
        Await.until(BOUND, "a long poll is held", () -> s.queries.contains("since=0&wait=30"));

        long start = System.nanoTime();
        feed.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(feed.pollingThread().isAlive()).isFalse();
        assertThat(feed.pollingThread().isDaemon()).isTrue();
        assertThatThrownBy(feed::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whenConfiguredWrongThenRefused() {
        assertThatThrownBy(() -> RevocationFeed.forIssuer("http://auth.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevocationFeed.at(URI.create("https://auth.example.com/revocations?x=1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevocationFeed.forIssuer("https://auth.example.com").build())
                .hasMessageContaining("clientCredentials are required");
        RevocationFeed.Builder b = RevocationFeed.forIssuer("https://auth.example.com");
        assertThatThrownBy(() -> b.longPollWait(Duration.ofSeconds(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.longPollWait(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.longPollWait(Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
        assertThat(RevocationFeed.forIssuer("https://auth.example.com/tenant/").clientCredentials("a", "b").build().feedUri())
                .isEqualTo(URI.create("https://auth.example.com/tenant/revocations"));
    }
}
