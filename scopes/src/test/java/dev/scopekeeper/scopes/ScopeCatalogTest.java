package dev.scopekeeper.scopes;

import static dev.scopekeeper.scopes.TestCatalogs.CONTACTS;
import static dev.scopekeeper.scopes.TestCatalogs.PHOTOS;
import static dev.scopekeeper.scopes.TestCatalogs.api;
import static dev.scopekeeper.scopes.TestCatalogs.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeCatalogTest {

    private final ScopeCatalog catalog = TestCatalogs.standard();

    private static ScopeCatalog catalogOf(ApiDefinition... apis) {
        return ScopeCatalog.of(List.of(apis));
    }

    @Test
    void whenAudienceIsUsedTwiceThenRejectedNamingBothApis() {
        assertThatThrownBy(() -> catalogOf(api(PHOTOS, "Photos", scope("a")), api(PHOTOS, "Pictures", scope("b"))))
                .isInstanceOf(CatalogException.class)
                .hasMessage("audience https://photos.example.com is used by both "
                        + "API \"Photos\" (https://photos.example.com) and API \"Pictures\" (https://photos.example.com)");
    }

    @Test
    void whenScopeIsDefinedByTwoApisThenRejectedNamingBoth() {
        assertThatThrownBy(() -> catalogOf(api(PHOTOS, "Photos", scope("shared")), api(CONTACTS, "Contacts", scope("shared"))))
                .isInstanceOf(CatalogException.class)
                .hasMessage("scope \"shared\" is defined by both API \"Photos\" (https://photos.example.com) "
                        + "and API \"Contacts\" (https://contacts.example.com); a scope belongs to exactly one API");
    }

    @Test
    void whenImpliedScopeIsUnknownThenRejected() {
        assertThatThrownBy(() -> catalogOf(api(PHOTOS, "Photos", scope("a").withImplies("nope"))))
                .isInstanceOf(CatalogException.class)
                .hasMessage("scope \"a\" in API \"Photos\" (https://photos.example.com) implies unknown scope \"nope\"");
    }

    @Test
    void whenReplacementScopeIsUnknownThenRejected() {
        assertThatThrownBy(() -> catalogOf(api(PHOTOS, "Photos", scope("old").withDeprecated("new"))))
                .isInstanceOf(CatalogException.class)
                .hasMessage("scope \"old\" in API \"Photos\" (https://photos.example.com) is replaced by unknown scope \"new\"");
    }

    @Test
    void whenScopeImpliesItselfThenRejected() {
        assertThatThrownBy(() -> catalogOf(api(PHOTOS, "Photos", scope("a").withImplies("a", "b"), scope("b"))))
                .isInstanceOf(CatalogException.class)
                .hasMessage("scope \"a\" in API \"Photos\" (https://photos.example.com) implies itself");
    }

    @Test
    void whenTwoScopesImplyEachOtherThenRejectedNamingTheCycle() {
        assertThatThrownBy(() -> catalogOf(api(PHOTOS, "Photos", scope("a").withImplies("b"), scope("b").withImplies("a"))))
                .isInstanceOf(CatalogException.class)
                .hasMessage("scope implication cycle a -> b -> a in API \"Photos\" (https://photos.example.com)");
    }

    @Test
    void whenCycleSpansApisThenRejectedNamingCycleAndApis() {
        assertThatThrownBy(() -> catalogOf(
                api(PHOTOS, "Photos", scope("x").withImplies("a"), scope("a").withImplies("b")),
                api(CONTACTS, "Contacts", scope("b").withImplies("c"), scope("c").withImplies("a"))))
                .isInstanceOf(CatalogException.class)
                .hasMessage("scope implication cycle a -> b -> c -> a in API \"Photos\" (https://photos.example.com), "
                        + "API \"Contacts\" (https://contacts.example.com)");
    }

    @Test
    void whenImplicationsFormADiamondThenNotACycle() {
        ScopeCatalog diamond = catalogOf(api(PHOTOS, "Photos",
                scope("a").withImplies("b", "c"), scope("b").withImplies("d"), scope("c").withImplies("d"), scope("d")));

        assertThat(diamond.expand(ScopeSet.of("a"))).hasToString("a b c d");
    }

    @Test
    void whenApisListIsNullOrHasNullThenRejected() {
        assertThatThrownBy(() -> ScopeCatalog.of(null)).isInstanceOf(CatalogException.class);
        List<ApiDefinition> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> ScopeCatalog.of(withNull)).isInstanceOf(CatalogException.class)
                .hasMessage("catalog APIs must not contain null");
    }

    @Test
    void whenScopeImpliesAChainThenExpandAddsTheTransitiveClosure() {
        ScopeCatalog chain = catalogOf(api(PHOTOS, "Photos",
                scope("a").withImplies("b"), scope("b").withImplies("c"), scope("c")));

        assertThat(chain.expand(ScopeSet.of("a"))).isEqualTo(ScopeSet.of("a", "b", "c"));
        assertThat(chain.expand(ScopeSet.of("b"))).isEqualTo(ScopeSet.of("b", "c"));
        assertThat(chain.expand(ScopeSet.of("c"))).isEqualTo(ScopeSet.of("c"));
    }

    @Test
    void whenExpandingUnknownOrEmptyThenReturnedUnchanged() {
        assertThat(catalog.expand(ScopeSet.empty())).isEqualTo(ScopeSet.empty());
        assertThat(catalog.expand(ScopeSet.of("mystery", "photos.write"))).hasToString("mystery photos.read photos.write");
        ScopeSet plain = ScopeSet.of("contacts.read", "mystery");
        assertThat(catalog.expand(plain)).isSameAs(plain);
    }

    @Test
    void whenExpandingAcrossApisThenImplicationsFollowed() {
        ScopeCatalog cross = catalogOf(api(PHOTOS, "Photos", scope("photos.share").withImplies("contacts.read")),
                api(CONTACTS, "Contacts", scope("contacts.read")));

        assertThat(cross.expand(ScopeSet.of("photos.share"))).hasToString("contacts.read photos.share");
    }

    @Test
    void whenAskingForDefaultsThenEveryApisDefaultScopes() {
        assertThat(catalog.defaultScopes()).isEqualTo(ScopeSet.of("contacts.read", "photos.read"));
        assertThat(ScopeCatalog.empty().defaultScopes().isEmpty()).isTrue();
    }

    @Test
    void whenAskingForUnknownThenOnlyMembersNotInCatalog() {
        ScopeSet requested = ScopeSet.of("photos.read", "Photos.read", "openid", "contacts.write");

        assertThat(catalog.unknown(requested)).isEqualTo(ScopeSet.of("Photos.read", "openid"));
        assertThat(catalog.unknown(ScopeSet.of("photos.read"))).isEqualTo(ScopeSet.empty());
        assertThat(ScopeCatalog.empty().unknown(requested)).isEqualTo(requested);
    }

    @Test
    void whenLookingUpScopesThenDefinitionsAndOwnersFound() {
        assertThat(catalog.isKnown("photos.admin")).isTrue();
        assertThat(catalog.isKnown("PHOTOS.ADMIN")).isFalse();
        assertThat(catalog.scope("photos.legacy")).get()
                .satisfies(d -> assertThat(d.deprecated()).isTrue())
                .satisfies(d -> assertThat(d.replacedBy()).isEqualTo("photos.read"));
        assertThat(catalog.scope("nope")).isEmpty();
        assertThat(catalog.apiOf("contacts.write")).get().extracting(ApiDefinition::name).isEqualTo("Contacts");
        assertThat(catalog.apiOf("nope")).isEmpty();
        assertThat(catalog.apiByAudience(PHOTOS)).get().extracting(ApiDefinition::name).isEqualTo("Photos");
        assertThat(catalog.apiByAudience(PHOTOS + "/")).isEmpty();
    }

    @Test
    void whenAskingForAllScopesThenEveryDefinedScope() {
        assertThat(catalog.allScopes()).hasToString(
                "contacts.read contacts.write photos.admin photos.legacy photos.read photos.write");
        assertThat(catalog.apis()).extracting(ApiDefinition::name).containsExactly("Photos", "Contacts");
        assertThatThrownBy(() -> catalog.apis().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void whenAskingForAudiencesThenOwnersOfKnownScopesSorted() {
        assertThat(catalog.audiencesOf(ScopeSet.of("photos.read", "contacts.read", "photos.write", "openid")))
                .containsExactly(CONTACTS, PHOTOS);
        assertThat(catalog.audiencesOf(ScopeSet.of("openid"))).isEmpty();
    }

    @Test
    void whenCatalogIsEmptyThenNothingIsKnown() {
        ScopeCatalog empty = ScopeCatalog.empty();

        assertThat(empty.apis()).isEmpty();
        assertThat(empty.allScopes().isEmpty()).isTrue();
        assertThat(empty.isKnown("a")).isFalse();
        assertThat(empty.expand(ScopeSet.of("a"))).isEqualTo(ScopeSet.of("a"));
        assertThat(ScopeCatalog.of(List.of())).isSameAs(empty);
    }
}
