package dev.scopekeeper.cli;

import dev.scopekeeper.server.user.PasswordHasher;
import dev.scopekeeper.server.user.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code scopekeeper users ...} on an H2 file database seeded with {@link Cli#CONFIG} (role {@code viewer}). */
class UsersCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern GENERATED = Pattern.compile("password: (\\S+)");

    @TempDir
    Path dataDir;

    @BeforeEach
    void seed() {
        Cli.seed(dataDir);
    }

    /** {@code users ARGS --data-dir DIR} with {@code stdin} as standard input. */
    private Cli.Result users(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("users"));
        all.addAll(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        return Cli.runWithInput(stdin, all.toArray(String[]::new));
    }

    private Cli.Result addAlice() {
        return users(PASSWORD + "\n", "add", "alice", "--role", "viewer", "--password-stdin");
    }

    private Optional<User> stored(String name) {
        List<Optional<User>> found = new ArrayList<>();
        Cli.withStore(dataDir, store -> found.add(store.findUser(name)));
        return found.get(0);
    }

    private static void assertFailed(Cli.Result r, String error) {
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: " + error + NL);
    }

    @Test
    void whenAUserIsAddedFromStdinThenOnlyTheArgon2idHashIsStored() {
        Cli.Result r = addAlice();

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("added alice (roles: viewer)" + NL);
        User alice = stored("alice").orElseThrow();
        assertThat(alice.roles()).containsExactly("viewer");
        assertThat(alice.passwordHash()).startsWith("$argon2id$").doesNotContain(PASSWORD);
        assertThat(PasswordHasher.verify(PASSWORD, alice.passwordHash())).isTrue();
    }

    @Test
    void whenThereIsNoTerminalAndNoStdinOptionThenAPasswordIsGeneratedAndPrintedOnce() {
        Cli.Result r = users("", "add", "bob");

        assertThat(r.exit()).isZero();
        Matcher m = GENERATED.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        String password = m.group(1);
        // 18 random bytes, base64url: 144 bits, safe in a URL or a shell.
        assertThat(password).matches("[A-Za-z0-9_-]{24}");
        assertThat(r.out().split(Pattern.quote(password), -1)).hasSize(2);
        assertThat(r.out()).startsWith("added bob (roles: none)" + NL).contains("shown once");
        assertThat(PasswordHasher.verify(password, stored("bob").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void whenTheUserExistsThenAddFailsAndKeepsThePassword() {
        addAlice();

        Cli.Result again = users("another password\n", "add", "alice", "--password-stdin");

        assertFailed(again, "user 'alice' already exists (change it with users passwd or users roles)");
        assertThat(PasswordHasher.verify(PASSWORD, stored("alice").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void whenARoleIsNotDefinedThenAddFailsNamingItAndTheDefinedOnes() {
        Cli.Result r = users(PASSWORD + "\n", "add", "alice", "--role", "viewer", "--role", "admin", "--password-stdin");

        assertFailed(r, "unknown role(s): admin (defined: viewer)");
        assertThat(stored("alice")).isEmpty();
    }

    @Test
    void whenThePasswordIsShorterThan12CharactersThenAddFails() {
        Cli.Result r = users("eleven-char\n", "add", "alice", "--password-stdin");

        assertFailed(r, "a password must be at least 12 characters");
        assertThat(stored("alice")).isEmpty();
    }

    @Test
    void whenStdinIsEmptyThenAddFails() {
        Cli.Result r = users("", "add", "alice", "--password-stdin");

        assertFailed(r, "--password-stdin: standard input is empty");
        assertThat(stored("alice")).isEmpty();
    }

    @Test
    void whenTheUsernameHasASpaceThenAddFailsAsTheConfigFileWould() {
        Cli.Result r = users(PASSWORD + "\n", "add", "alice smith", "--password-stdin");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().startsWith("error: the username must be");
        assertThat(stored("alice smith")).isEmpty();
    }

    @Test
    void whenListedThenEveryUserIsShownWithRolesAndNoHash() {
        addAlice();
        users("", "add", "bob");

        Cli.Result r = users("", "list");

        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(2);
        assertThat(r.out().lines().toList().get(0)).startsWith("alice ").endsWith(" viewer");
        assertThat(r.out().lines().toList().get(1)).startsWith("bob ").endsWith(" none");
        assertThat(r.out()).doesNotContain("argon2");
    }

    @Test
    void whenAUserIsDeletedThenItIsGone() {
        addAlice();

        Cli.Result r = users("", "delete", "alice");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("deleted alice" + NL);
        assertThat(stored("alice")).isEmpty();
    }

    @Test
    void whenAnUnknownUserIsDeletedThenItFails() {
        assertFailed(users("", "delete", "ghost"), "no user 'ghost'");
    }

    @Test
    void whenThePasswordIsChangedThenOnlyTheNewOneWorksAndTheRolesStay() {
        addAlice();

        Cli.Result r = users("a brand new password\n", "passwd", "alice", "--password-stdin");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("password of alice changed" + NL);
        User alice = stored("alice").orElseThrow();
        assertThat(PasswordHasher.verify("a brand new password", alice.passwordHash())).isTrue();
        assertThat(PasswordHasher.verify(PASSWORD, alice.passwordHash())).isFalse();
        assertThat(alice.roles()).containsExactly("viewer");
    }

    @Test
    void whenThereIsNoTerminalThenPasswdGeneratesAPassword() {
        addAlice();

        Cli.Result r = users("", "passwd", "alice");

        assertThat(r.exit()).isZero();
        Matcher m = GENERATED.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(PasswordHasher.verify(m.group(1), stored("alice").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void whenTheNewPasswordIsTooShortOrTheUserUnknownThenPasswdFailsAndChangesNothing() {
        addAlice();

        assertFailed(users("short\n", "passwd", "alice", "--password-stdin"), "a password must be at least 12 characters");
        assertFailed(users(PASSWORD + "\n", "passwd", "ghost", "--password-stdin"), "no user 'ghost'");
        assertThat(PasswordHasher.verify(PASSWORD, stored("alice").orElseThrow().passwordHash())).isTrue();
        assertThat(stored("ghost")).isEmpty();
    }

    @Test
    void whenRolesAreSetThenTheyReplaceTheOldOnesAndThePasswordStays() {
        addAlice();
        Cli.run("roles", "set", "editor", "photos.upload", "--data-dir", dataDir.toString());

        Cli.Result r = users("", "roles", "alice", "editor");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("alice: editor" + NL);
        User alice = stored("alice").orElseThrow();
        assertThat(alice.roles()).containsExactly("editor");
        assertThat(PasswordHasher.verify(PASSWORD, alice.passwordHash())).isTrue();
    }

    @Test
    void whenNoRoleIsGivenThenTheUserKeepsNone() {
        addAlice();

        Cli.Result r = users("", "roles", "alice");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("alice: none" + NL);
        assertThat(stored("alice").orElseThrow().roles()).isEmpty();
    }

    @Test
    void whenARoleIsUndefinedOrTheUserUnknownThenRolesFailsAndChangesNothing() {
        addAlice();

        assertFailed(users("", "roles", "alice", "viewer", "admin", "root"), "unknown role(s): admin, root (defined: viewer)");
        assertFailed(users("", "roles", "ghost", "viewer"), "no user 'ghost'");
        assertThat(stored("alice").orElseThrow().roles()).containsExactly("viewer");
    }
}
