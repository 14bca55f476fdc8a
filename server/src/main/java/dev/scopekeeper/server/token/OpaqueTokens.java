package dev.scopekeeper.server.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random opaque values (authorization codes, refresh tokens, session ids, CSRF tokens): 256 bits,
 * base64url. Only their SHA-256 is stored (STYLE.md 9): a 256-bit random value needs no slow hash.
 */
public final class OpaqueTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Never updated: only cloned (the clone reads it), so it is safe to share between threads. */
    private static final MessageDigest SHA256 = newSha256();

    private OpaqueTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** base64url(SHA-256(UTF-8 value)), without padding: the form in which the stores keep them. */
    public static String hash(String value) {
        return B64.encodeToString(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * SHA-256 of the input, from a clone of one prepared digest: {@code MessageDigest.getInstance} searches the
     * providers on every call, and this runs on every token request (the client's secret) and bearer check.
     */
    public static byte[] sha256(byte[] input) {
        try {
            return ((MessageDigest) SHA256.clone()).digest(input);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Constant-time comparison of two strings (CSRF tokens, PKCE challenges). */
    public static boolean equal(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
