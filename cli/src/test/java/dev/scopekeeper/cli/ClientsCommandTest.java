package dev.scopekeeper.cli;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientSecrets;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;
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

/** {@code scopekeeper clients ...} on an H2 file database seeded with {@link Cli#CONFIG}. */
class ClientsCommandTest {
    private static final Pattern SECRET = Pattern.compile("client_secret: (\\S+)");

    @TempDir
    Path dataDir;

    @BeforeEach
    void seed() {
        Cli.seed(dataDir);
    }

    private Cli.Result clients(String... args) {
        List<String> all = new ArrayList<>(List.of("clients"));
        all.addAll(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        return Cli.run(all.toArray(String[]::new));
    }

    private Cli.Result createReporter() {
        return clients("create", "--id", "reporter", "--name", "Reporter", "--scopes", "photos.read,view:events",
                "--default-scopes", "photos.read");
    }

    private static String secretIn(String out) {
        Matcher m = SECRET.matcher(out);
        assertThat(m.find()).as("a client_secret line in:%n%s", out).isTrue();
        return m.group(1);
    }

    private Optional<Client> stored(String id) {
        List<Optional<Client>> found = new ArrayList<>();
        Cli.withStore(dataDir, store -> found.add(store.findClient(id)));
        return found.get(0);
    }

    @Test
    void whenAClientIsCreatedThenItsSecretIsPrintedOnceAndOnlyTheHashIsStored() {
        Cli.Result r = createReporter();

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("client_id:     reporter");
        String secret = secretIn(r.out());
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(r.out().split(Pattern.quote(secret), -1)).hasSize(2);
        Client client = stored("reporter").orElseThrow();
        assertThat(client.secretHash()).isEqualTo(ClientSecrets.hash(secret));
        assertThat(client.type()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(client.grantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS);
        assertThat(client.allowedScopes()).isEqualTo(ScopeSet.of("photos.read", "view:events"));
        assertThat(client.defaultScopes()).isEqualTo(ScopeSet.of("photos.read"));
    }

    @Test
    void whenAClientIsAllowedTheBuiltInFgaScopesThenItIsCreated() {
        Cli.Result r = clients("create", "--id", "fga-tool", "--name", "FGA tool", "--scopes", "fga.write",
                "--default-scopes", "fga.read");

        assertThat(r.exit()).as(r.err()).isZero();
        Client client = stored("fga-tool").orElseThrow();
        assertThat(client.allowedScopes()).isEqualTo(ScopeSet.of("fga.write"));
        assertThat(client.defaultScopes()).isEqualTo(ScopeSet.of("fga.read"));
    }

    @Test
    void whenAPublicClientIsCreatedThenNoSecretIsPrintedOrStored() {
        Cli.Result r = clients("create", "--id", "spa", "--name", "SPA", "--type", "public", "--grant-types",
                "authorization_code", "--scopes", "photos.read", "--redirect-uri", "https://spa.example.com/cb");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("client_secret");
        Client spa = stored("spa").orElseThrow();
        assertThat(spa.type()).isEqualTo(ClientType.PUBLIC);
        assertThat(spa.secretHash()).isNull();
        assertThat(spa.redirectUris()).containsExactly("https://spa.example.com/cb");
    }

    @Test
    void whenTheIdAlreadyExistsThenCreateFailsWithOneErrorLineAndKeepsTheClient() {
        String secret = secretIn(createReporter().out());

        Cli.Result again = createReporter();

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("error: client 'reporter' already exists" + System.lineSeparator());
        assertThat(stored("reporter").orElseThrow().secretHash()).isEqualTo(ClientSecrets.hash(secret));
    }

    @Test
    void whenAScopeIsUnknownThenCreateFailsNamingItAndStoresNothing() {
        Cli.Result r = clients("create", "--id", "reporter", "--name", "Reporter", "--scopes", "photos.read,photos.wrtie");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: unknown scope(s): photos.wrtie").doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(stored("reporter")).isEmpty();
    }

    @Test
    void whenADefaultScopeIsNotAllowedThenCreateFails() {
        Cli.Result r = clients("create", "--id", "reporter", "--name", "Reporter", "--scopes", "photos.read",
                "--default-scopes", "photos.upload");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: default scopes must be allowed");
        assertThat(stored("reporter")).isEmpty();
    }

    @Test
    void whenAPublicClientAsksForClientCredentialsThenCreateFails() {
        // RFC 6749 §4.4: client_credentials is for confidential clients only.
        Cli.Result r = clients("create", "--id", "spa", "--name", "SPA", "--type", "public", "--scopes", "photos.read");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: a public client cannot use client_credentials");
        assertThat(stored("spa")).isEmpty();
    }

    @Test
    void whenTheTypeIsUnknownThenCreateFailsWithOneErrorLine() {
        Cli.Result r = clients("create", "--id", "x", "--name", "X", "--type", "private", "--scopes", "photos.read");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().startsWith("error: ").contains("private");
        assertThat(stored("x")).isEmpty();
    }

    @Test
    void whenTheIdHasASpaceThenCreateFailsAsTheConfigFileWould() {
        Cli.Result r = clients("create", "--id", "my client", "--name", "Mine", "--scopes", "photos.read");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().startsWith("error: ").contains("--id");
        assertThat(stored("my client")).isEmpty();
    }

    @Test
    void whenARedirectUriIsRelativeOrHasAFragmentThenCreateFails() {
        // RFC 6749 §3.1.2: the redirection endpoint URI MUST be absolute and MUST NOT include a fragment.
        for (String uri : List.of("/cb", "https://app.example.com/cb#top")) {
            Cli.Result r = clients("create", "--id", "web", "--name", "Web", "--grant-types", "authorization_code",
                    "--scopes", "photos.read", "--redirect-uri", "https://app.example.com/ok", "--redirect-uri", uri);

            assertThat(r.exit()).as(uri).isEqualTo(1);
            assertThat(r.err().lines()).as(uri).singleElement().asString().startsWith("error: ").contains(uri);
            assertThat(stored("web")).as(uri).isEmpty();
        }
    }

    @Test
    void whenListedThenEveryClientIsShownWithoutSecrets() {
        String secret = secretIn(createReporter().out());

        Cli.Result r = clients("list");

        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(2);
        assertThat(r.out().lines().filter(l -> l.startsWith("reporter ")).findFirst()).hasValueSatisfying(line ->
                assertThat(line).contains("confidential", "client_credentials", "photos.read", "view:events"));
        assertThat(r.out()).contains("seeded ").doesNotContain(secret, "seeded-secret");
    }

    @Test
    void whenTheSecretIsRotatedThenTheNewOneMatchesAndTheOldOneNoLonger() {
        String old = secretIn(createReporter().out());

        Cli.Result r = clients("rotate-secret", "reporter");

        assertThat(r.exit()).isZero();
        String fresh = secretIn(r.out());
        assertThat(fresh).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(old);
        byte[] hash = stored("reporter").orElseThrow().secretHash();
        assertThat(hash).isEqualTo(ClientSecrets.hash(fresh));
        assertThat(ClientSecrets.matches(old, hash)).isFalse();
    }

    @Test
    void whenTheSecretOfAnUnknownOrPublicClientIsRotatedThenItFails() {
        clients("create", "--id", "spa", "--name", "SPA", "--type", "public", "--grant-types", "authorization_code",
                "--scopes", "photos.read");

        Cli.Result unknown = clients("rotate-secret", "ghost");
        Cli.Result publicClient = clients("rotate-secret", "spa");

        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: no client 'ghost'" + System.lineSeparator());
        assertThat(publicClient.exit()).isEqualTo(1);
        assertThat(publicClient.err()).startsWith("error: client 'spa' is public");
        assertThat(stored("spa").orElseThrow().secretHash()).isNull();
    }

    @Test
    void whenAClientIsDeletedThenItIsGone() {
        createReporter();

        Cli.Result r = clients("delete", "reporter");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("deleted reporter" + System.lineSeparator());
        assertThat(stored("reporter")).isEmpty();
        assertThat(stored("seeded")).isPresent();
    }

    @Test
    void whenAnUnknownClientIsDeletedThenItFails() {
        Cli.Result r = clients("delete", "ghost");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: no client 'ghost'" + System.lineSeparator());
        assertThat(stored("seeded")).isPresent();
    }

    @Test
    void whenACodeFlowClientAsksForProtocolScopesAndRefreshTokensThenItIsCreated() {
        Cli.Result r = clients("create", "--id", "app", "--name", "App", "--type", "public", "--grant-types",
                "authorization_code,refresh_token", "--scopes", "openid,offline_access,photos.read",
                "--redirect-uri", "http://127.0.0.1:9000/cb");

        assertThat(r.exit()).as(r.err()).isZero();
        Client app = stored("app").orElseThrow();
        assertThat(app.allowedScopes()).isEqualTo(ScopeSet.of("openid", "offline_access", "photos.read"));
        assertThat(app.grantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    }

    @Test
    void whenTheGrantsBreakTheCodeFlowRulesThenCreateFailsAsTheConfigFileWould() {
        Cli.Result noOffline = clients("create", "--id", "a", "--name", "A", "--grant-types", "authorization_code,refresh_token",
                "--scopes", "photos.read", "--redirect-uri", "https://a.example.com/cb");
        Cli.Result noCode = clients("create", "--id", "b", "--name", "B", "--grant-types", "client_credentials,refresh_token",
                "--scopes", "photos.read,offline_access");
        Cli.Result redirectWithoutCode = clients("create", "--id", "c", "--name", "C", "--scopes", "photos.read",
                "--redirect-uri", "https://c.example.com/cb");

        assertThat(noOffline.err()).isEqualTo("error: offline_access and refresh_token go together: allow both or neither"
                + System.lineSeparator());
        assertThat(noCode.err()).isEqualTo("error: refresh_token needs authorization_code too" + System.lineSeparator());
        assertThat(redirectWithoutCode.err()).isEqualTo("error: redirect URIs are only for clients with authorization_code"
                + System.lineSeparator());
        assertThat(List.of(noOffline.exit(), noCode.exit(), redirectWithoutCode.exit())).containsOnly(1);
        assertThat(List.of(stored("a"), stored("b"), stored("c"))).containsOnly(Optional.empty());
    }

    @Test
    void whenARedirectUriIsPlainHttpOnARealHostThenCreateFails() {
        // RFC 8252 §7.3: plain http only on a loopback interface.
        Cli.Result r = clients("create", "--id", "web", "--name", "Web", "--grant-types", "authorization_code",
                "--scopes", "photos.read", "--redirect-uri", "http://app.example.com/cb");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: http is allowed only for a loopback host").contains("http://app.example.com/cb");
        assertThat(stored("web")).isEmpty();
    }
}
