package dev.scopekeeper.server.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Limits failed logins per account and per client address in fixed windows (RFC 9700 §4.15 / OWASP:
 * throttle password guessing). Per node and in memory: a cluster of N nodes admits up to N times
 * the limit, which still bounds guessing; both maps are bounded in size.
 */
public final class LoginThrottle {
    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Window> accounts;
    private final Cache<String, Window> addresses;

    public LoginThrottle(int perAccount, int perAddress, Duration window, Clock clock) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
        this.clock = clock;
        this.accounts = Caffeine.newBuilder().maximumSize(100_000).build();
        this.addresses = Caffeine.newBuilder().maximumSize(100_000).build();
    }

    private record Window(Instant start, int failures) {
    }

    /** How long the caller must wait before trying this account from this address again; empty if it may try now. */
    public Optional<Duration> blockedFor(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> account = blocked(accounts.getIfPresent(key(username)), perAccount, now);
        return account.isPresent() ? account : blocked(addresses.getIfPresent(address), perAddress, now);
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        accounts.asMap().compute(key(username), (k, w) -> next(w, now));
        addresses.asMap().compute(address, (k, w) -> next(w, now));
    }

    /** A correct password clears the account's failures (not the address's: one good account must not unlock guessing at others). */
    public void succeeded(String username) {
        accounts.invalidate(key(username));
    }

    private Window next(Window w, Instant now) {
        return w == null || !now.isBefore(w.start().plus(window)) ? new Window(now, 1) : new Window(w.start(), w.failures() + 1);
    }

    private Optional<Duration> blocked(Window w, int limit, Instant now) {
        if (w == null || w.failures() < limit) {
            return Optional.empty();
        }
        Instant until = w.start().plus(window);
        return now.isBefore(until) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    private static String key(String username) {
        return username.toLowerCase(java.util.Locale.ROOT);
    }
}
