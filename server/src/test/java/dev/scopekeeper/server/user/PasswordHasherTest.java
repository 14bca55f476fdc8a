package dev.scopekeeper.server.user;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private static final String PASSWORD = "correct horse battery staple";
    /** One hash for the whole class: each costs 19 MiB and two passes. */
    private static String hash;

    @BeforeAll
    static void hashOnce() {
        hash = PasswordHasher.hash(PASSWORD);
    }

    @Test
    void whenTheSamePasswordIsCheckedThenItVerifies() {
        assertThat(PasswordHasher.verify(PASSWORD, hash)).isTrue();
    }

    @Test
    void whenAnotherPasswordIsCheckedThenItFails() {
        assertThat(PasswordHasher.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(PasswordHasher.verify("", hash)).isFalse();
    }

    @Test
    void whenHashedTwiceThenTheSaltsAndHashesDiffer() {
        String other = PasswordHasher.hash(PASSWORD);

        assertThat(other).isNotEqualTo(hash);
        assertThat(other.split("\\$")[4]).isNotEqualTo(hash.split("\\$")[4]);
        assertThat(PasswordHasher.verify(PASSWORD, other)).isTrue();
    }

    @Test
    void whenHashedThenTheHashIsAnArgon2idPhcStringWithOwaspParameters() {
        // RFC 9106 Argon2id, version 0x13 = 19; m=19456 KiB, t=2, p=1 is OWASP's minimum.
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        String[] parts = hash.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
    }

    @Test
    void whenThePasswordIsNotAsciiThenItIsHashedAsUtf8() {
        String unicode = "pässwörd-密码-🔑";
        String h = PasswordHasher.hash(unicode);

        assertThat(PasswordHasher.verify(unicode, h)).isTrue();
        assertThat(PasswordHasher.verify("passwoerd-密码-🔑", h)).isFalse();
    }

    @Test
    void whenAHashWasMadeWithOtherParametersThenItStillVerifies() {
        // Say, by an earlier release with m=8192, t=1: the parameters are read from the PHC string.
        byte[] salt = "sixteen byte salt".substring(0, 16).getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(8192).withIterations(1).withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), out);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String phc = "$argon2id$v=19$m=8192,t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);

        assertThat(PasswordHasher.verify(PASSWORD, phc)).isTrue();
        assertThat(PasswordHasher.verify(PASSWORD, phc.replace("t=1", "t=2"))).isFalse();
    }

    static Stream<String> malformed() {
        String[] p = hash.split("\\$");
        String tail = "$" + p[4] + "$" + p[5];
        return Stream.of(
                "",
                "$",
                "not a hash",
                "$argon2i$v=19$m=19456,t=2,p=1" + tail,
                "$argon2d$v=19$m=19456,t=2,p=1" + tail,
                "$bcrypt$v=19$m=19456,t=2,p=1" + tail,
                "$argon2id$v=16$m=19456,t=2,p=1" + tail,
                "$argon2id$v=19$m=19456,t=2" + tail,
                "$argon2id$v=19$m=19456,t=2,p=1,x=3" + tail,
                "$argon2id$v=19$m=abc,t=2,p=1" + tail,
                "$argon2id$v=19$m=19456,t=0,p=1" + tail,
                "$argon2id$v=19$m=19456,t=2,p=0" + tail,
                "$argon2id$v=19$m=-1,t=2,p=1" + tail,
                "$argon2id$v=19$m=19456,t=2,p=1$" + p[4],
                "$argon2id$v=19$m=19456,t=2,p=1$" + p[4] + "$",
                "$argon2id$v=19$m=19456,t=2,p=1$" + p[4] + "$" + p[5].substring(0, 20),
                "$argon2id$v=19$m=19456,t=2,p=1$" + p[4] + "$" + p[5] + "$extra",
                "$argon2id$v=19$m=19456,t=2,p=1$!!!not-base64!!!$" + p[5],
                "$argon2id$v=19$m=19456,t=2,p=1$" + p[4] + "$%%%%",
                "$argon2id$v=19$m=19456,t=2,p=1$$" + p[5],
                "x" + hash,
                hash + "$",
                " " + hash,
                hash.substring(0, hash.length() - 1),
                hash.substring(0, hash.length() / 2));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void whenTheStoredHashIsMalformedThenVerifyIsFalseWithoutThrowing(String phc) {
        assertThat(PasswordHasher.verify(PASSWORD, phc)).isFalse();
    }

    /** Parameters a server would run out of memory or time on (m=4 GiB, m=2 TiB, t=2^31-1, p=2^24-1). */
    static Stream<String> tooExpensive() {
        String[] p = hash.split("\\$");
        String tail = "$" + p[4] + "$" + p[5];
        return Stream.of("m=4194304,t=1,p=1", "m=2147483647,t=1,p=1", "m=19456,t=2147483647,p=1", "m=2147483647,t=2,p=16777215")
                .map(params -> "$argon2id$v=19$" + params + tail);
    }

    @ParameterizedTest
    @MethodSource("tooExpensive")
    void whenTheStoredParametersAreTooExpensiveThenVerifyIsFalseWithoutComputing(String phc) {
        assertThat(PasswordHasher.verify(PASSWORD, phc)).isFalse();
    }

    @Test
    void whenTheStoredHashIsNullThenVerifyIsFalse() {
        assertThat(PasswordHasher.verify(PASSWORD, null)).isFalse();
    }
}
