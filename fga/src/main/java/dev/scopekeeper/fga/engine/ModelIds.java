package dev.scopekeeper.fga.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Model ids in the ULID layout: 26 characters of Crockford base32, 48 bits of milliseconds then 80
 * random bits, so ids sort in the order they were made. Within one millisecond (or if the clock
 * steps back) the random part is incremented, so the ids of one generator always increase.
 */
public final class ModelIds {

    public static final int LENGTH = 26;
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private final SecureRandom random;
    private final byte[] lastRandom = new byte[10];
    private long lastMillis = -1;

    public ModelIds(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public synchronized String next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            random.nextBytes(lastRandom);
        } else if (!increment(lastRandom)) {
            // 2^80 ids in one millisecond: borrow the next millisecond rather than repeat an id.
            lastMillis++;
            random.nextBytes(lastRandom);
        }
        return encode(lastMillis, lastRandom);
    }

    private static boolean increment(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            bytes[i]++;
            if (bytes[i] != 0) {
                return true;
            }
        }
        return false;
    }

    static String encode(long millis, byte[] random) {
        char[] out = new char[LENGTH];
        long t = millis & 0xFFFF_FFFF_FFFFL;
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (t & 31)];
            t >>>= 5;
        }
        long hi = ((random[0] & 0xFFL) << 8) | (random[1] & 0xFFL);
        long lo = 0;
        for (int i = 2; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xFFL);
        }
        for (int i = LENGTH - 1; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (lo & 31)];
            lo = (lo >>> 5) | (hi << 59);
            hi >>>= 5;
        }
        return new String(out);
    }
}
