package dev.scopekeeper.resource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One HTTP exchange of the FGA client with one deadline and a bounded body, failures as unavailability. */
final class HttpExchanges {
    private HttpExchanges() {
    }

    /**
     * Sends {@code request} and reads the whole answer (any status) within {@code deadline}.
     *
     * @param what names the peer in messages, e.g. "the FGA API at https://..."
     * @throws RelationshipUnavailableException unreachable, too slow, a body over {@code maxBytes}, or interrupted
     */
    static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration deadline, int maxBytes, String what) {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> new BoundedBody(maxBytes));
        try {
            // One deadline for the whole exchange: the request timeout stops at the headers, not a trickling body.
            return pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new RelationshipUnavailableException(what + " did not answer within " + deadline);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                // the request's own timeout (headers) fired first: the same deadline
                throw new RelationshipUnavailableException(what + " did not answer within " + deadline, e.getCause());
            }
            throw new RelationshipUnavailableException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new RelationshipUnavailableException("interrupted while asking " + what, e);
        }
    }
}
