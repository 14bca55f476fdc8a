package dev.scopekeeper.scopes;

import static dev.scopekeeper.scopes.TestCatalogs.PHOTOS;
import static dev.scopekeeper.scopes.TestCatalogs.api;
import static dev.scopekeeper.scopes.TestCatalogs.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ScopeDefinition and ApiDefinition on their own. */
class CatalogDefinitionTest {

    @Test
    void whenCreatedWithOfThenPlainScope() {
        ScopeDefinition def = ScopeDefinition.of("photos.read", "Read your photos");

        assertThat(def.isDefault()).isFalse();
        assertThat(def.deprecated()).isFalse();
        assertThat(def.replacedBy()).isNull();
        assertThat(def.implies()).isEmpty();
        assertThat(def.scope()).isEqualTo(new Scope("photos.read"));
    }

    @Test
    void whenImpliesIsNullThenEmpty() {
        assertThat(new ScopeDefinition("a", "A", false, null, false, null).implies()).isEmpty();
    }

    @Test
    void whenImpliesSourceChangesThenDefinitionIsUnaffected() {
        Set<String> implies = new HashSet<>(Set.of("b"));
        ScopeDefinition def = new ScopeDefinition("a", "A", false, implies, false, null);

        implies.add("c");

        assertThat(def.implies()).containsExactly("b");
        assertThatThrownBy(() -> def.implies().add("d")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void whenDescriptionIsBlankThenRejected(String description) {
        assertThatThrownBy(() -> ScopeDefinition.of("photos.read", description))
                .isInstanceOf(CatalogException.class)
                .hasMessage("scope definition \"photos.read\": description must not be blank");
    }

    @Test
    void whenDescriptionIsNullThenRejected() {
        assertThatThrownBy(() -> ScopeDefinition.of("photos.read", null))
                .hasMessage("scope definition \"photos.read\": description must not be blank");
    }

    @Test
    void whenNameIsInvalidThenRejectedWithGrammarReason() {
        assertThatThrownBy(() -> ScopeDefinition.of("photos read", "Read"))
                .isInstanceOf(CatalogException.class)
                .hasMessage("scope definition \"photos read\": name is invalid: scope token \"photos read\" "
                        + "contains a character not allowed by RFC 6749 §3.3 (0x20 at index 6)")
                .hasCauseInstanceOf(InvalidScopeException.class);
        assertThatThrownBy(() -> ScopeDefinition.of(null, "Read"))
                .hasMessage("scope definition name must not be null");
    }

    @Test
    void whenImpliedOrReplacementNameIsInvalidThenRejected() {
        assertThatThrownBy(() -> scope("a").withImplies("b\""))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("scope definition \"a\": implied scope is invalid: scope token \"b\\\"\"");
        assertThatThrownBy(() -> scope("a").withDeprecated(""))
                .hasMessage("scope definition \"a\": replacedBy is invalid: scope token is empty");
        assertThatThrownBy(() -> scope("a").withDeprecated("a"))
                .hasMessage("scope definition \"a\": a scope cannot be replaced by itself");
        Set<String> withNull = new HashSet<>();
        withNull.add(null);
        assertThatThrownBy(() -> new ScopeDefinition("a", "A", false, withNull, false, null))
                .hasMessage("scope definition \"a\": implies contains null");
    }

    @Test
    void whenApiHasDefaultsThenScopeSetAndDefaultsReflectThem() {
        ApiDefinition photos = TestCatalogs.photos();

        assertThat(photos.scopeSet()).hasToString("photos.admin photos.legacy photos.read photos.write");
        assertThat(photos.defaultScopes()).isEqualTo(ScopeSet.of("photos.read"));
    }

    @Test
    void whenScopesListChangesAfterwardsThenApiIsUnaffected() {
        List<ScopeDefinition> scopes = new ArrayList<>(List.of(scope("a")));
        ApiDefinition api = new ApiDefinition(PHOTOS, "Photos", scopes);

        scopes.add(scope("b"));

        assertThat(api.scopes()).extracting(ScopeDefinition::name).containsExactly("a");
        assertThat(new ApiDefinition(PHOTOS, "Photos", null).scopes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"photos", "/photos", "photos.example.com", "//photos.example.com/x"})
    void whenAudienceIsNotAbsoluteThenRejected(String audience) {
        assertThatThrownBy(() -> api(audience, "Photos"))
                .isInstanceOf(CatalogException.class)
                .hasMessage("API \"Photos\": audience \"" + audience + "\" is not an absolute URI");
    }

    @Test
    void whenAudienceHasFragmentThenRejected() {
        assertThatThrownBy(() -> api("https://photos.example.com#x", "Photos"))
                .hasMessage("API \"Photos\": audience \"https://photos.example.com#x\" must not contain a fragment");
    }

    @Test
    void whenAudienceIsNotAUriThenRejected() {
        assertThatThrownBy(() -> api("https://photos example.com", "Photos"))
                .isInstanceOf(CatalogException.class)
                .hasMessage("API \"Photos\": audience \"https://photos example.com\" is not a valid URI: Illegal character in authority");
    }

    @Test
    void whenAudienceOrNameIsBlankThenRejected() {
        assertThatThrownBy(() -> api(" ", "Photos")).hasMessage("API \"Photos\": audience must not be blank");
        assertThatThrownBy(() -> api(null, "Photos")).hasMessage("API \"Photos\": audience must not be blank");
        assertThatThrownBy(() -> api(PHOTOS, "")).isInstanceOf(CatalogException.class)
                .hasMessage("API with audience \"https://photos.example.com\": name must not be blank");
    }

    @Test
    void whenScopeIsDefinedTwiceInOneApiThenRejected() {
        assertThatThrownBy(() -> api(PHOTOS, "Photos", scope("a"), scope("b"), scope("a")))
                .isInstanceOf(CatalogException.class)
                .hasMessage("API \"Photos\" (https://photos.example.com): scope \"a\" is defined twice");
    }

    @Test
    void whenAudienceIsUrnThenAccepted() {
        assertThat(api("urn:example:photos", "Photos").audience()).isEqualTo("urn:example:photos");
    }
}
