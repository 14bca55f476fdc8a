package dev.scopekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's launcher ({@code ./scopekeeper}) chooses the JDK it runs on: the one named by
 * SCOPEKEEPER_JAVA, else the newest (>= 17) of the installed JDKs, JAVA_HOME's and the one on the PATH,
 * read from each JDK's release file without starting it. {@code SCOPEKEEPER_LAUNCHER_DRY_RUN} makes it
 * print its choice and stop before it builds or starts anything.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "scopekeeper").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int exit, String out) {}

    private static Run launch(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "serve").redirectErrorStream(true);
        pb.environment().remove("SCOPEKEEPER_JAVA");
        pb.environment().put("SCOPEKEEPER_LAUNCHER_DRY_RUN", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** A JDK directory whose bin/java only answers -XshowSettings, with a release file if one is given. */
    private Path fakeJdk(String name, String release, String specVersion) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name).resolve("bin")).getParent();
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = " + specVersion + "' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (release != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\n" + release + "\nOS_NAME=\"Linux\"\n");
        }
        return java;
    }

    /** PATH with the JDK running this test (>= 17) first, so the launcher always finds one at least that new. */
    private static String pathWithThisJdk() {
        return Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH");
    }

    @Test
    void whenScopekeeperJavaIsSetThenItIsUsedWithTheFeatureVersionFromItsReleaseFile() throws Exception {
        Path java = fakeJdk("jdk-21", "JAVA_VERSION=\"21.0.2\"", "0");
        Run run = launch(Map.of("SCOPEKEEPER_JAVA", java.toString()));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("java=" + java + " feature=21");
    }

    @Test
    void whenAJdkHasNoReleaseFileThenTheLauncherAsksIt() throws Exception {
        Path java = fakeJdk("jdk-noinfo", null, "23");
        Run run = launch(Map.of("SCOPEKEEPER_JAVA", java.toString()));
        assertThat(run.out()).isEqualTo("java=" + java + " feature=23");
    }

    @Test
    void whenJavaHomeIsTheNewestJdkThenItIsChosen() throws Exception {
        Path java = fakeJdk("jdk-99", "JAVA_VERSION=\"99\"", "0");
        Run run = launch(Map.of("JAVA_HOME", java.getParent().getParent().toString()));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("java=" + java + " feature=99");
    }

    @Test
    void whenAJdkCannotAnswerThenItIsSkippedAndTheLauncherGoesOn() throws Exception {
        Path broken = fakeJdk("jdk-broken", null, "0");
        Files.writeString(broken, "#!/bin/sh\nexit 3\n");
        Run run = launch(Map.of("JAVA_HOME", broken.getParent().getParent().toString(), "PATH", pathWithThisJdk()));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).doesNotContain(broken.toString()).matches("java=/\\S+/java feature=\\d+");
    }

    @Test
    void whenJavaHomeIsOlderThan17ThenANewerInstalledJdkIsChosen() throws Exception {
        Path old = fakeJdk("jdk-11", "JAVA_VERSION=\"11.0.22\"", "11");
        Run run = launch(Map.of("JAVA_HOME", old.getParent().getParent().toString(), "PATH", pathWithThisJdk()));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).doesNotContain(old.toString()).matches("java=/\\S+/java feature=\\d+");
        assertThat(Integer.parseInt(run.out().replaceAll(".*feature=", ""))).isGreaterThanOrEqualTo(17);
    }
}
