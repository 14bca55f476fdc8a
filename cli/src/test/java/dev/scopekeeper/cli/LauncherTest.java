package dev.scopekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's launcher ({@code ./scopekeeper}) chooses the JDK it runs on: the one named by
 * SCOPEKEEPER_JAVA, else the newest (>= 17) of the installed JDKs, JAVA_HOME's and the one on the PATH,
 * read from each JDK's release file without starting it. {@code SCOPEKEEPER_LAUNCHER_DRY_RUN} makes it
 * print its choice and stop before it builds or starts anything.
 *
 * <p>It also records the class-data archive from a training run of its own ({@code train-class-archive}) before the
 * first {@code serve}/{@code demo} of a build, and uses it from then on; those tests run a copy of the launcher
 * beside a stand-in jar, with a stand-in {@code java} that logs its arguments and "dumps" the archive it is asked
 * for, so nothing is built or started.
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
        return run(pb);
    }

    /** Runs the launcher as set up in {@code pb} (standard error merged into the output) to its end. */
    private static Run run(ProcessBuilder pb) throws IOException, InterruptedException {
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

    /** A copy of the launcher beside a stand-in jar (newer than any source there: no build), and its java's log. */
    private record Repo(Path launcher, Path jar, Path cds, Path javaLog) {}

    private Repo repo() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Path launcher = Files.copy(LAUNCHER, root.resolve("scopekeeper"));
        Path jar = Files.createDirectories(root.resolve("cli/target")).resolve("scopekeeper.jar");
        Files.writeString(jar, "stand-in");
        return new Repo(launcher, jar, root.resolve("cli/target/cds"), tmp.resolve("java.log"));
    }

    /**
     * A JDK of {@code feature} whose java logs one line of arguments per run, writes the archive that
     * -XX:AOTCacheOutput / -XX:ArchiveClassesAtExit name (as the JVM does at exit), and exits with
     * FAKE_TRAIN_EXIT in a training run when that is set.
     */
    private Path loggingJdk(int feature, Path log) throws IOException {
        Path java = fakeJdk("jdk-" + feature + "-logging", "JAVA_VERSION=\"" + feature + "\"", String.valueOf(feature));
        Files.writeString(java, String.join("\n", "#!/bin/sh",
                "echo \"$*\" >> '" + log + "'",
                "out=",
                "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*) out=\"${a#*=}\";; esac; done",
                "case \" $* \" in *' train-class-archive '*) [ -n \"$FAKE_TRAIN_EXIT\" ] && exit \"$FAKE_TRAIN_EXIT\";; esac",
                "[ -n \"$out\" ] && echo archive > \"$out\"",
                "exit 0", ""));
        return java;
    }

    private static Run launchIn(Repo repo, Path java, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", repo.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("SCOPEKEEPER_JAVA_OPTS");
        pb.environment().remove("SCOPEKEEPER_CDS");
        pb.environment().put("SCOPEKEEPER_JAVA", java.toString());
        pb.environment().putAll(env);
        return run(pb);
    }

    /** The java runs of the launches so far, one line of arguments each; the log is emptied. */
    private static List<String> javaRuns(Repo repo) throws IOException {
        if (!Files.exists(repo.javaLog())) {
            return List.of();
        }
        List<String> runs = Files.readAllLines(repo.javaLog());
        Files.delete(repo.javaLog());
        return runs;
    }

    private static List<String> cdsFiles(Repo repo) throws IOException {
        if (!Files.isDirectory(repo.cds())) {
            return List.of();
        }
        try (var files = Files.list(repo.cds())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The launch ran java once, for the command itself: no training, no archive used or left behind. */
    private static String singleRunWithoutArchive(Repo repo) throws IOException {
        List<String> runs = javaRuns(repo);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0)).doesNotContain("AOTCache").doesNotContain("train-class-archive");
        assertThat(cdsFiles(repo)).isEmpty();
        return runs.get(0);
    }

    @Test
    void whenNoArchiveExistsThenItIsRecordedFromTheTrainingRunBeforeTheServerStartsAndUsedFromThenOn() throws Exception {
        Repo repo = repo();
        Path java = loggingJdk(25, repo.javaLog());
        Path archive = repo.cds().resolve("scopekeeper-jdk25.aot");

        Run first = launchIn(repo, java, Map.of(), "serve", "--port", "1");

        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("recording the class archive for JDK 25");
        List<String> runs = javaRuns(repo);
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0)).contains("-jar " + repo.jar() + " train-class-archive setup /").doesNotContain("-XX:AOTCache");
        String trainingDb = runs.get(0).replaceAll(".* setup ", "");
        assertThat(runs.get(1)).containsPattern("-XX:AOTCacheOutput=" + archive + "\\.\\d+\\.part ")
                .endsWith("train-class-archive restart " + trainingDb);
        assertThat(runs.get(2)).contains("-XX:AOTCache=" + archive + " -XX:-AOTReplayTraining")
                .endsWith("-jar " + repo.jar() + " serve --port 1");
        assertThat(cdsFiles(repo)).containsExactly("scopekeeper-jdk25.aot");
        assertThat(Path.of(trainingDb).getParent()).doesNotExist();

        Run second = launchIn(repo, java, Map.of(), "demo");

        assertThat(second.out()).doesNotContain("recording");
        assertThat(javaRuns(repo)).singleElement().asString()
                .contains("-XX:AOTCache=" + archive).endsWith(" demo").doesNotContain("train-class-archive");
    }

    @Test
    void whenTheJarIsNewerThanTheArchiveThenTheArchiveIsRecordedAgain() throws Exception {
        Repo repo = repo();
        Path java = loggingJdk(25, repo.javaLog());
        launchIn(repo, java, Map.of(), "serve");
        javaRuns(repo);
        Path archive = repo.cds().resolve("scopekeeper-jdk25.aot");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(repo.jar()).toMillis() - 60_000));

        launchIn(repo, java, Map.of(), "serve");

        List<String> runs = javaRuns(repo);
        assertThat(runs).hasSize(3);
        assertThat(runs.get(1)).contains("train-class-archive restart");
        assertThat(Files.getLastModifiedTime(archive).toMillis()).isGreaterThan(Files.getLastModifiedTime(repo.jar()).toMillis() - 60_000);
    }

    @Test
    void whenTheJdkIsUpdatedInPlaceThenANewArchiveIsRecordedUnderItsBuildAndTheOldOneRemoved() throws Exception {
        Repo repo = repo();
        Path java = loggingJdk(25, repo.javaLog());
        Path release = java.getParent().getParent().resolve("release");
        Files.writeString(release, "JAVA_RUNTIME_VERSION=\"25.0.2+10-LTS\"\nJAVA_VERSION=\"25.0.2\"\n");
        launchIn(repo, java, Map.of(), "serve");
        assertThat(cdsFiles(repo)).containsExactly("scopekeeper-jdk25-25.0.2+10-LTS.aot");
        javaRuns(repo);

        Files.writeString(release, "JAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\nJAVA_VERSION=\"25.0.3\"\n");
        launchIn(repo, java, Map.of(), "serve");

        List<String> runs = javaRuns(repo);
        assertThat(runs).hasSize(3);
        assertThat(runs.get(2)).contains("-XX:AOTCache=" + repo.cds().resolve("scopekeeper-jdk25-25.0.3+9-LTS.aot"));
        assertThat(cdsFiles(repo)).containsExactly("scopekeeper-jdk25-25.0.3+9-LTS.aot");
    }

    @Test
    void whenOnJdk17ThenADynamicCdsArchiveIsDumpedByTheTrainingRunAndThenUsed() throws Exception {
        Repo repo = repo();
        Path java = loggingJdk(17, repo.javaLog());
        Path archive = repo.cds().resolve("scopekeeper-jdk17.jsa");

        launchIn(repo, java, Map.of(), "serve");

        List<String> runs = javaRuns(repo);
        assertThat(runs).hasSize(3);
        assertThat(runs.get(1)).containsPattern("-XX:ArchiveClassesAtExit=" + archive + "\\.\\d+\\.part ");
        assertThat(runs.get(2)).contains("-XX:SharedArchiveFile=" + archive).doesNotContain("AOTCache");
        assertThat(cdsFiles(repo)).containsExactly("scopekeeper-jdk17.jsa");
    }

    @Test
    void whenHelpOrAnotherCommandIsAskedThenNoArchiveIsRecordedOrUsed() throws Exception {
        Repo repo = repo();
        Path java = loggingJdk(25, repo.javaLog());

        for (String[] args : new String[][] {{"serve", "--help"}, {"demo", "-h"}, {"serve", "--version"}, {"clients", "list"}, {}}) {
            Run run = launchIn(repo, java, Map.of(), args);

            assertThat(run.exit()).isZero();
            singleRunWithoutArchive(repo);
        }
    }

    @Test
    void whenTrainingFailsThenTheServerStartsWithoutAnArchiveAndTheLauncherSaysSo() throws Exception {
        Repo repo = repo();
        Path java = loggingJdk(25, repo.javaLog());
        Run run = launchIn(repo, java, Map.of("FAKE_TRAIN_EXIT", "1"), "serve");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("warning: recording the class archive failed; starting without it");
        List<String> runs = javaRuns(repo);
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0)).contains("train-class-archive setup");
        assertThat(runs.get(1)).endsWith(" serve").doesNotContain("AOTCache").doesNotContain("train-class-archive");
        assertThat(cdsFiles(repo)).isEmpty();
    }

    @Test
    void whenNoTemporaryDirectoryCanBeMadeThenTheServerStillStartsWithoutAnArchive() throws Exception {
        Repo repo = repo();
        Path java = loggingJdk(25, repo.javaLog());

        Run run = launchIn(repo, java, Map.of("TMPDIR", tmp.resolve("no-such-dir").toString()), "serve");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("warning: no temporary directory for recording the class archive; starting without it");
        assertThat(singleRunWithoutArchive(repo)).endsWith(" serve");
    }

    @Test
    void whenArchivesAreSwitchedOffThenNoneIsRecordedOrUsed() throws Exception {
        Repo repo = repo();
        Path java = loggingJdk(25, repo.javaLog());

        launchIn(repo, java, Map.of("SCOPEKEEPER_CDS", "0"), "serve");

        assertThat(singleRunWithoutArchive(repo)).endsWith(" serve");
    }
}
