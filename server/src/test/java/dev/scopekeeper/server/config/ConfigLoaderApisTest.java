package dev.scopekeeper.server.config;

import org.junit.jupiter.api.Test;

import static dev.scopekeeper.server.config.ConfigErrors.APIS;
import static dev.scopekeeper.server.config.ConfigErrors.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

/** The errors of the {@code apis} and {@code roles} sections: each names its line and field. */
class ConfigLoaderApisTest {

    @Test
    void whenAnApiHasNoAudienceThenTheApiLineIsNamed() {
        assertRejected("""
                apis:
                  - name: Photos API
                    scopes: []
                """, 2, "apis[0].audience");
    }

    @Test
    void whenAnAudienceIsRelativeThenItIsRejected() {
        assertRejected("""
                apis:
                  - audience: photos
                    name: Photos API
                """, 2, "apis[0].audience");
    }

    @Test
    void whenTwoApisShareAnAudienceThenTheSecondIsNamed() {
        assertRejected(APIS + """
                  - audience: https://photos.example.com
                    name: Photos again
                """, 10, "apis[1].audience");
    }

    @Test
    void whenAnApiHasNoNameThenTheApiLineIsNamed() {
        assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    scopes: []
                """, 2, "apis[0].name");
    }

    @Test
    void whenAScopeHasNoNameThenItsEntryIsNamed() {
        assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    name: Photos API
                    scopes:
                      - description: See your photos
                """, 5, "apis[0].scopes[0].name");
    }

    @Test
    void whenAScopeHasNoDescriptionThenItsEntryIsNamed() {
        assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    name: Photos API
                    scopes:
                      - name: photos.read
                      - name: photos.upload
                        description: Upload
                """, 5, "apis[0].scopes[0].description");
    }

    @Test
    void whenAScopeNameHasAQuoteThenTheNameIsRejected() {
        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), so no '"'
        ConfigException e = assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    name: Photos API
                    scopes:
                      - description: See your photos
                        name: 'photos"read'
                """, 6, "apis[0].scopes[0].name");

        assertThat(e.getMessage()).contains("photos\"read");
    }

    @Test
    void whenTwoApisDeclareTheSameScopeThenTheSecondDeclarationIsNamed() {
        ConfigException e = assertRejected(APIS + """
                  - audience: https://imaging.example.com
                    name: Imaging
                    scopes:
                      - name: photos.read
                        description: Read images
                """, 13, "apis[1].scopes[0].name");

        assertThat(e.getMessage()).contains("'photos.read'").contains("apis[0].scopes[0]");
    }

    @Test
    void whenAScopeImpliesAnUnknownScopeThenTheImpliedEntryIsNamed() {
        ConfigException e = assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    name: Photos API
                    scopes:
                      - name: photos.read
                        description: See your photos
                      - name: photos.manage
                        description: Manage your photos
                        implies:
                          - photos.read
                          - photos.raed
                """, 11, "apis[0].scopes[1].implies[1]");

        assertThat(e.getMessage()).contains("'photos.raed'");
    }

    @Test
    void whenAnImpliedScopeIsNullThenItIsRejectedNotCrashed() {
        assertRejected(APIS.replace("implies: [photos.read]", "implies: [photos.read, ~]"), 9, "apis[0].scopes[1].implies[1]");
    }

    @Test
    void whenImplicationsFormACycleThenTheEdgeClosingItIsNamed() {
        ConfigException e = assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    name: Photos API
                    scopes:
                      - {name: a, description: A, implies: [b]}
                      - {name: b, description: B, implies: [c]}
                      - name: c
                        description: C
                        implies: [a]
                """, 9, "apis[0].scopes[2].implies[0]");

        assertThat(e.getMessage()).contains("a -> b -> c -> a");
    }

    @Test
    void whenAScopeImpliesItselfThenItIsACycle() {
        assertRejected("""
                apis:
                  - audience: https://photos.example.com
                    name: Photos API
                    scopes:
                      - {name: a, description: A, implies: [a]}
                """, 5, "apis[0].scopes[0].implies[0]");
    }

    @Test
    void whenAScopeIsReplacedByAnUnknownScopeThenReplacedByIsNamed() {
        assertRejected(APIS.replace("implies: [photos.read]", "deprecated: true\n        replacedBy: photos.all"),
                10, "apis[0].scopes[1].replacedBy");
    }

    @Test
    void whenARoleNamesAnUnknownScopeThenTheScopeEntryIsNamed() {
        ConfigException e = assertRejected(APIS + """
                roles:
                  viewer: [photos.read]
                  admin:
                    - photos.manage
                    - photos.delete
                """, 14, "roles.admin[1]");

        assertThat(e.getMessage()).contains("unknown scope 'photos.delete'");
    }
}
