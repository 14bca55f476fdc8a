package dev.scopekeeper.server.token;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SHA-256 that stores keep of secrets and opaque tokens, from a shared prototype that is only ever cloned. */
class OpaqueTokensTest {
    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void sha256OfKnownInputsMatchesFips180VectorsAndCallsDoNotShareState() {
        // FIPS 180-2 appendix B.1 ("abc") and the empty string; the shared prototype is only ever cloned.
        assertThat(hex("abc")).isEqualTo(ABC);
        assertThat(hex(""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex("abc")).isEqualTo(ABC);
    }

    @Test
    void givenManyThreadsHashingAtOnceThenEveryResultIsTheKnownDigest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                results.add(pool.submit(() -> hex("abc")));
            }
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(ABC);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hashIsTheBase64urlOfTheDigestWithoutPadding() {
        assertThat(OpaqueTokens.hash("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }

    private static String hex(String input) {
        return HexFormat.of().formatHex(OpaqueTokens.sha256(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
