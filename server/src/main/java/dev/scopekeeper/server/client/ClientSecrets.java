package dev.scopekeeper.server.client;

import dev.scopekeeper.server.token.OpaqueTokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Client secrets: generated with 256 random bits, stored as SHA-256, compared in constant time.
 * A slow password hash buys nothing for a 256-bit random secret and would cap token throughput
 * (DESIGN.md, "Secrets"); a secret set in the configuration must be at least 32 characters.
 */
public final class ClientSecrets {
    public static final int MIN_CONFIGURED_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when the client is unknown, so the answer takes the same time either way. */
    private static final byte[] DUMMY_HASH = hash("scopekeeper-no-such-client");

    private ClientSecrets() {
    }

    /** A new secret: 32 random bytes, base64url without padding (43 characters). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String secret) {
        return OpaqueTokens.sha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time comparison of a presented secret with a stored hash (null hash: compares a dummy, returns false). */
    public static boolean matches(String presented, byte[] storedHash) {
        byte[] expected = storedHash == null ? DUMMY_HASH : storedHash;
        boolean equal = MessageDigest.isEqual(hash(presented), expected);
        return equal && storedHash != null;
    }
}
