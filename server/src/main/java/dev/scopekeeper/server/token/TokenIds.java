package dev.scopekeeper.server.token;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * JWT ids: 128 random bits, base64url (22 characters). RFC 7519 §4.1.7 asks for ids whose
 * collision is negligible. Each thread has its own DRBG instance: {@code UUID.randomUUID()} shares
 * one synchronized generator and, measured under load, serialized every token request on it.
 */
final class TokenIds {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(TokenIds::newGenerator);

    private TokenIds() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
