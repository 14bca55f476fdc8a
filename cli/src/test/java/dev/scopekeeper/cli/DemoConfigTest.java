package dev.scopekeeper.cli;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.config.ConfigLoader;
import dev.scopekeeper.server.config.ValidatedConfig;
import dev.scopekeeper.server.protocol.GrantType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The bundled demo configuration offers an app of each kind for the user-facing flow. */
class DemoConfigTest {
    private static final String CALLBACK = "http://127.0.0.1:9000/demo/callback";

    private static Map<String, ValidatedConfig.ClientSpec> clients() throws IOException {
        return ConfigLoader.parse("demo.yaml", DemoCommand.demoYaml()).clients().stream()
                .collect(Collectors.toMap(ValidatedConfig.ClientSpec::id, Function.identity()));
    }

    @Test
    void whenParsedThenTheThirdPartyPhotoAppIsConfidentialWithRefreshTokens() throws IOException {
        ValidatedConfig.ClientSpec app = clients().get("photoprint");

        assertThat(app.name()).isEqualTo("PhotoPrint");
        assertThat(app.type()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(app.firstParty()).isFalse();
        assertThat(app.grantTypes()).isEqualTo(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        assertThat(app.allowedScopes()).isEqualTo(ScopeSet.of("openid", "offline_access", "photos.read", "photos.upload"));
        assertThat(app.defaultScopes()).isEqualTo(ScopeSet.of("photos.read"));
        assertThat(app.redirectUris()).containsExactly(CALLBACK);
    }

    @Test
    void whenParsedThenTheEventsAppsArePublicThirdPartyAndConfidentialFirstParty() throws IOException {
        ScopeSet events = ScopeSet.of("openid", "offline_access", "view:events", "register:events", "create:events",
                "update:events");
        ValidatedConfig.ClientSpec mobile = clients().get("events-mobile");
        ValidatedConfig.ClientSpec web = clients().get("events-web");

        assertThat(mobile.type()).isEqualTo(ClientType.PUBLIC);
        assertThat(mobile.firstParty()).isFalse();
        assertThat(mobile.secret()).isNull();
        assertThat(web.type()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(web.firstParty()).isTrue();
        assertThat(web.requireConsent()).isFalse();
        for (ValidatedConfig.ClientSpec app : new ValidatedConfig.ClientSpec[] {mobile, web}) {
            assertThat(app.grantTypes()).isEqualTo(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
            assertThat(app.allowedScopes()).isEqualTo(events);
            assertThat(app.defaultScopes()).isEqualTo(ScopeSet.of("view:events"));
            assertThat(app.redirectUris()).containsExactly(CALLBACK);
        }
    }

    @Test
    void whenParsedThenAliceOrganizesAndBobParticipates() throws IOException {
        ValidatedConfig demo = ConfigLoader.parse("demo.yaml", DemoCommand.demoYaml());

        assertThat(demo.roles()).containsOnlyKeys("organizer", "participant");
        assertThat(demo.users()).extracting(ValidatedConfig.UserSpec::username, ValidatedConfig.UserSpec::roles)
                .containsExactly(tuple("alice", Set.of("organizer")),
                        tuple("bob", Set.of("participant")));
    }
}
