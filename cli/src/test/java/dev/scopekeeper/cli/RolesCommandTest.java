package dev.scopekeeper.cli;

import dev.scopekeeper.scopes.ScopeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code scopekeeper roles ...} on an H2 file database seeded with {@link Cli#CONFIG} (role {@code viewer}). */
class RolesCommandTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dataDir;

    @BeforeEach
    void seed() {
        Cli.seed(dataDir);
    }

    private Cli.Result roles(String... args) {
        List<String> all = new ArrayList<>(List.of("roles"));
        all.addAll(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        return Cli.run(all.toArray(String[]::new));
    }

    private Map<String, ScopeSet> stored() {
        List<Map<String, ScopeSet>> found = new ArrayList<>();
        Cli.withStore(dataDir, store -> found.add(store.loadRoles()));
        return found.get(0);
    }

    private static void assertFailed(Cli.Result r, String error) {
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: " + error + NL);
    }

    @Test
    void whenListedThenEachRoleIsShownWithItsScopes() {
        roles("set", "editor", "photos.upload", "photos.read");

        Cli.Result r = roles("list");

        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(2);
        assertThat(r.out().lines().toList().get(0)).startsWith("editor ").endsWith(" photos.read photos.upload");
        assertThat(r.out().lines().toList().get(1)).startsWith("viewer ").endsWith(" photos.read");
    }

    @Test
    void whenARoleIsSetThenItIsCreated() {
        Cli.Result r = roles("set", "organizer", "view:events", "photos.manage");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("organizer ").endsWith(" photos.manage view:events" + NL);
        assertThat(stored()).isEqualTo(Map.of("viewer", ScopeSet.of("photos.read"),
                "organizer", ScopeSet.of("view:events", "photos.manage")));
    }

    @Test
    void whenARoleNamesTheBuiltInFgaScopesThenItIsCreated() {
        Cli.Result r = roles("set", "fga-operator", "fga.read", "fga.write");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(stored()).containsEntry("fga-operator", ScopeSet.of("fga.read", "fga.write"));
    }

    @Test
    void whenAnExistingRoleIsSetThenItsScopesAreReplaced() {
        Cli.Result r = roles("set", "viewer", "view:events");

        assertThat(r.exit()).isZero();
        assertThat(stored()).isEqualTo(Map.of("viewer", ScopeSet.of("view:events")));
    }

    @Test
    void whenAScopeIsNotInTheCatalogThenSetFailsAndChangesNothing() {
        Cli.Result r = roles("set", "viewer", "photos.read", "photos.wrtie");

        assertFailed(r, "unknown scope(s): photos.wrtie (declare them in the configuration file first)");
        assertThat(stored()).isEqualTo(Map.of("viewer", ScopeSet.of("photos.read")));
    }

    @Test
    void whenAProtocolScopeIsNamedThenSetFails() {
        assertFailed(roles("set", "viewer", "openid"), "'openid' is a protocol scope: roles limit API scopes only");
        assertFailed(roles("set", "staff", "offline_access"), "'offline_access' is a protocol scope: roles limit API scopes only");
        assertThat(stored()).containsOnlyKeys("viewer");
    }

    @Test
    void whenAScopeIsMalformedThenSetFails() {
        assertFailed(roles("set", "viewer", "photos\"read"), "'photos\"read' is not a valid scope (RFC 6749 section 3.3)");
    }

    @Test
    void whenNoScopeIsGivenThenSetIsAUsageError() {
        Cli.Result r = roles("set", "viewer");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("SCOPE");
        assertThat(stored()).isEqualTo(Map.of("viewer", ScopeSet.of("photos.read")));
    }

    @Test
    void whenTheRoleNameHasASpaceThenSetFails() {
        Cli.Result r = roles("set", "photo viewer", "photos.read");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: a role name is");
        assertThat(stored()).containsOnlyKeys("viewer");
    }

    @Test
    void whenARoleIsDeletedThenItIsGoneAndItsUsersKeepTheName() {
        Cli.runWithInput("", "users", "add", "carol", "--role", "viewer", "--data-dir", dataDir.toString());

        Cli.Result r = roles("delete", "viewer");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("deleted role viewer (1 user(s) keep the name, which now permits nothing)" + NL);
        assertThat(stored()).isEmpty();
        List<String> carolRoles = new ArrayList<>();
        Cli.withStore(dataDir, store -> carolRoles.addAll(store.findUser("carol").orElseThrow().roles()));
        assertThat(carolRoles).containsExactly("viewer");
    }

    @Test
    void whenAnUnknownRoleIsDeletedThenItFails() {
        assertFailed(roles("delete", "ghost"), "no role 'ghost'");
        assertThat(stored()).containsOnlyKeys("viewer");
    }
}
