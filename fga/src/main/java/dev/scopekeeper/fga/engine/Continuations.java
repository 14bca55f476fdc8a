package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Continuation tokens: opaque to callers, base64url of a kind tag, a digest of the query they
 * belong to and the last item of the page. A token from another query, or one that does not
 * decode, is rejected. Tokens are not secret: forging one only skips ahead within the same query.
 * Fields are separated by a newline, which no id, name or tuple may contain.
 */
public final class Continuations {

    private static final String OBJECTS = "o1";
    private static final String TUPLES = "t1";
    private static final int MAX_TOKEN_LENGTH = 2048;

    /** Where a list-objects page ended, and the model the listing was computed with. */
    public record ObjectsPosition(String modelId, String queryDigest, String lastId) { }

    private Continuations() {
    }

    public static String objects(String modelId, String queryKey, String lastId) {
        return encode(OBJECTS + "\n" + modelId + "\n" + digest(queryKey) + "\n" + lastId);
    }

    /** Decodes the token's fields; {@link #requireQuery} then checks it belongs to the query. */
    public static ObjectsPosition readObjects(String token) {
        String[] f = decode(token, OBJECTS, 4);
        return new ObjectsPosition(f[1], f[2], f[3]);
    }

    public static void requireQuery(ObjectsPosition position, String queryKey) {
        if (!position.queryDigest().equals(digest(queryKey))) {
            throw notThisQuery();
        }
    }

    public static String tuples(String filterKey, Tuple last) {
        return encode(TUPLES + "\n" + digest(filterKey) + "\n" + last);
    }

    /** The last tuple of the previous page. */
    public static Tuple readTuples(String token, String filterKey) {
        String[] f = decode(token, TUPLES, 3);
        if (!f[1].equals(digest(filterKey))) {
            throw notThisQuery();
        }
        try {
            return Tuple.parse(f[2]);
        } catch (FgaException e) {
            throw malformed();
        }
    }

    static FgaException notThisQuery() {
        return new FgaException(FgaException.Code.INVALID_CONTINUATION,
                "the continuation token was issued for a different query");
    }

    private static FgaException malformed() {
        return new FgaException(FgaException.Code.INVALID_CONTINUATION,
                "the continuation token is malformed; pass back the token of the previous page unchanged");
    }

    private static String encode(String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String token, String kind, int fields) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw malformed();
        }
        String payload;
        try {
            payload = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        String[] f = payload.split("\n", -1);
        if (f.length != fields || !f[0].equals(kind)) {
            // A token of the other kind (tuples vs objects) is a token for another query.
            if (f.length >= 1 && (f[0].equals(OBJECTS) || f[0].equals(TUPLES))) {
                throw notThisQuery();
            }
            throw malformed();
        }
        for (String s : f) {
            if (s.isEmpty()) {
                throw malformed();
            }
        }
        return f;
    }

    private static String digest(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
