package dev.scopekeeper.resource;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;
import dev.scopekeeper.scopes.ScopeSet;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopeRequirementTest {
    /** photos.manage implies photos.read, photos.upload, photos.delete; photos.upload implies photos.read. */
    private static final ScopeCatalog CATALOG = ScopeCatalog.of(List.of(new ApiDefinition(Tokens.AUDIENCE, "Photos", List.of(
            ScopeDefinition.of("photos.read", "See photos"),
            ScopeDefinition.of("photos.upload", "Upload photos").withImplies("photos.read"),
            ScopeDefinition.of("photos.delete", "Delete photos"),
            ScopeDefinition.of("photos.manage", "All of it").withImplies("photos.upload", "photos.delete")))));

    @Test
    void whenAllOfAndEveryScopeGrantedThenSatisfied() {
        ScopeRequirement r = ScopeRequirement.allOf("photos.read", "photos.upload");
        assertThat(r.isSatisfiedBy(ScopeSet.of("photos.read", "photos.upload", "x"))).isTrue();
        assertThat(r.isSatisfiedBy(ScopeSet.of("photos.read"))).isFalse();
        assertThat(r.isSatisfiedBy(ScopeSet.empty())).isFalse();
    }

    @Test
    void whenAnyOfAndOneScopeGrantedThenSatisfied() {
        ScopeRequirement r = ScopeRequirement.anyOf("photos.delete", "photos.manage");
        assertThat(r.isSatisfiedBy(ScopeSet.of("photos.manage"))).isTrue();
        assertThat(r.isSatisfiedBy(ScopeSet.of("photos.delete", "photos.read"))).isTrue();
        assertThat(r.isSatisfiedBy(ScopeSet.of("photos.read"))).isFalse();
    }

    @Test
    void whenCatalogSaysManageImpliesReadThenManageSatisfiesRead() {
        ScopeRequirement read = ScopeRequirement.allOf("photos.read").withCatalog(CATALOG);
        assertThat(read.isSatisfiedBy(ScopeSet.of("photos.manage"))).isTrue();
        assertThat(read.isSatisfiedBy(ScopeSet.of("photos.upload"))).isTrue();
        assertThat(read.isSatisfiedBy(ScopeSet.of("photos.delete"))).isFalse();
        assertThat(ScopeRequirement.allOf("photos.read", "photos.delete").withCatalog(CATALOG)
                .isSatisfiedBy(ScopeSet.of("photos.manage"))).isTrue();
        assertThat(ScopeRequirement.anyOf("photos.delete", "other").withCatalog(CATALOG)
                .isSatisfiedBy(ScopeSet.of("photos.manage"))).isTrue();
    }

    @Test
    void whenNoCatalogThenScopesMatchExactly() {
        assertThat(ScopeRequirement.allOf("photos.read").isSatisfiedBy(ScopeSet.of("photos.manage"))).isFalse();
        assertThat(ScopeRequirement.allOf("photos.read").isSatisfiedBy(ScopeSet.of("Photos.read"))).isFalse();
    }

    @Test
    void whenImplicationGoesTheOtherWayThenNotSatisfied() {
        assertThat(ScopeRequirement.allOf("photos.manage").withCatalog(CATALOG).isSatisfiedBy(
                ScopeSet.of("photos.read", "photos.upload", "photos.delete"))).isFalse();
    }

    @Test
    void whenDescribedThenTheRequiredScopesSortedAndSpaceSeparated() {
        assertThat(ScopeRequirement.allOf("photos.upload", "photos.read").describe()).isEqualTo("photos.read photos.upload");
        assertThat(ScopeRequirement.anyOf("b", "a").withCatalog(CATALOG).describe()).isEqualTo("a b");
    }

    @Test
    void whenNoScopesOrInvalidScopesThenRefused() {
        assertThatThrownBy(ScopeRequirement::allOf).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScopeRequirement.anyOf(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScopeRequirement.allOf("bad\"scope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScopeRequirement.allOf("a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
