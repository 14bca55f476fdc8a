package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.client.AuthMethod;
import dev.scopekeeper.server.client.ClientAuthenticator;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.store.RevocationStore;
import dev.scopekeeper.server.store.RevocationStore.Revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revocation feed that resource servers follow, so a token revoked here is refused everywhere
 * within a second while verification stays local: {@code GET /revocations} (a confidential client,
 * HTTP Basic) answers every unexpired revoked jti and a cursor; {@code GET /revocations?since=CURSOR&wait=S}
 * long-polls: it answers as soon as something was revoked after the cursor, or after S seconds (≤ 30)
 * with nothing new. Each answer repeats the last {@link #OVERLAP} before the cursor, so a revocation
 * whose transaction committed late is not missed; clients treat jtis as a set.
 */
public final class RevocationFeedEndpoint implements Endpoint {
    public static final String PATH = "/revocations";
    static final Duration OVERLAP = Duration.ofSeconds(2);
    static final int MAX_WAIT_SECONDS = 30;
    static final int PAGE = 10_000;
    private static final Duration POLL = Duration.ofMillis(100);

    private final ClientAuthenticator authenticator;
    private final RevocationStore store;
    private final Clock clock;

    public RevocationFeedEndpoint(ClientAuthenticator authenticator, RevocationStore store, Clock clock) {
        this.authenticator = authenticator;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        // Like introspection (RFC 7662 §2.1): only authenticated confidential clients may read it.
        if (authenticator.authenticate(request.header("Authorization"), FormParameters.EMPTY).method() == AuthMethod.NONE) {
            throw OAuthError.INVALID_CLIENT.withDescription("the revocation feed requires client authentication").exception();
        }
        FormParameters query = BrowserForms.parameters(request);
        Instant cursor = cursor(query.single("since"));
        int waitSeconds = waitSeconds(query.single("wait"));
        Instant since = cursor == null ? Instant.EPOCH : cursor.minus(OVERLAP);
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        // A first call starts the cursor at the database's now when nothing is revoked (its clock stamps revocations),
        // read before the query so that nothing revoked meanwhile falls before the cursor.
        Instant start = cursor == null ? store.databaseTime() : null;
        List<Revocation> rows = store.revocationsSince(since, clock.instant(), PAGE + 1);
        while (cursor != null && !anyAfter(rows, cursor) && System.nanoTime() < deadline) {
            pause();
            rows = store.revocationsSince(since, clock.instant(), PAGE + 1);
        }
        boolean more = rows.size() > PAGE;
        if (more) {
            rows = rows.subList(0, PAGE);
        }
        Instant next = rows.isEmpty() ? (cursor == null ? start : cursor) : latest(rows, cursor);
        List<Map<String, Object>> revoked = new ArrayList<>(rows.size());
        for (Revocation r : rows) {
            revoked.add(Map.of("jti", r.jti(), "exp", r.expiresAt().getEpochSecond()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revoked", revoked);
        body.put("cursor", Long.toString(micros(next)));
        body.put("more", more);
        return Response.noStore(200, body);
    }

    private static boolean anyAfter(List<Revocation> rows, Instant cursor) {
        for (Revocation r : rows) {
            if (r.revokedAt().isAfter(cursor)) {
                return true;
            }
        }
        return false;
    }

    private static Instant latest(List<Revocation> rows, Instant cursor) {
        Instant max = cursor == null ? Instant.EPOCH : cursor;
        for (Revocation r : rows) {
            if (r.revokedAt().isAfter(max)) {
                max = r.revokedAt();
            }
        }
        return max;
    }

    private static Instant cursor(String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,19}")) {
            throw OAuthError.INVALID_REQUEST.withDescription("since must be a cursor returned by this feed").exception();
        }
        long micros = Long.parseLong(value);
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
    }

    private static int waitSeconds(String value) {
        if (value == null) {
            return 0;
        }
        if (!value.matches("[0-9]{1,2}") || Integer.parseInt(value) > MAX_WAIT_SECONDS) {
            throw OAuthError.INVALID_REQUEST.describe("wait must be 0 to %d seconds", MAX_WAIT_SECONDS).exception();
        }
        return Integer.parseInt(value);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OAuthError.TEMPORARILY_UNAVAILABLE.withDescription("the server is stopping").exception();
        }
    }
}
