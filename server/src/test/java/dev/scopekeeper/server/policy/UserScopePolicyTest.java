package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.protocol.OAuthException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scopekeeper.server.policy.ScopePolicyTest.CATALOG;
import static dev.scopekeeper.server.policy.ScopePolicyTest.DOCS;
import static dev.scopekeeper.server.policy.ScopePolicyTest.PHOTOS;
import static dev.scopekeeper.server.policy.ScopePolicyTest.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The user's part of the scope decision: roles and protocol scopes, as a pure function. */
class UserScopePolicyTest {
    /** editor may write photos; docs.write is reserved to writer; everything else is open. */
    static final Map<String, ScopeSet> ROLES = Map.of(
            "editor", ScopeSet.of("photos.write"),
            "writer", ScopeSet.of("docs.write"));
    static final Client CLIENT = client("openid offline_access photos.read photos.write photos.admin docs.read docs.write", "photos.read");

    static ScopeDecision decide(String scope, Set<String> roles, String... resources) {
        return ScopePolicy.decideForUser(CATALOG, CLIENT, new ScopeRequest(scope, List.of(resources)),
                UserRoles.of(CATALOG, ROLES, roles));
    }

    @Test
    void whenTheUsersRolesPermitEveryScopeThenAllAreGrantedAndNothingDropped() {
        ScopeDecision d = decide("photos.read photos.write", Set.of("editor"));
        assertThat(d.granted()).isEqualTo(ScopeSet.of("photos.read", "photos.write"));
        assertThat(d.dropped()).isEmpty();
        assertThat(d.requested()).isEqualTo(ScopeSet.of("photos.read", "photos.write"));
    }

    @Test
    void whenARoleLimitedScopeIsNotPermittedThenItIsDroppedWithItsReason() {
        ScopeDecision d = decide("photos.read photos.write", Set.of());
        assertThat(d.granted()).isEqualTo(ScopeSet.of("photos.read"));
        assertThat(d.dropped()).containsExactly(Map.entry("photos.write", DropReason.NOT_PERMITTED_FOR_USER));
        assertThat(d.requested()).isEqualTo(ScopeSet.of("photos.read"));
    }

    @Test
    void whenABroadScopeImpliesAScopeTheUserMayNotHaveThenTheBroadScopeIsDroppedToo() {
        // photos.admin implies photos.write, which only editors may hold: implications cannot widen a role.
        assertThat(decide("photos.admin", Set.of()).dropped()).containsOnlyKeys("photos.admin");
        assertThat(decide("photos.admin", Set.of("editor")).granted()).isEqualTo(ScopeSet.of("photos.admin", "photos.write"));
    }

    @Test
    void whenARoleNamesABroadScopeThenWhatItImpliesIsLimitedToo() {
        // docs.write implies docs.read, so docs.read is role-limited as well.
        assertThat(decide("docs.read", Set.of()).dropped()).containsOnlyKeys("docs.read");
        assertThat(decide("docs.read", Set.of("writer")).granted()).isEqualTo(ScopeSet.of("docs.read"));
    }

    @Test
    void whenProtocolScopesAreRequestedThenTheyAreKeptWithoutAnAudience() {
        ScopeDecision d = decide("openid offline_access", Set.of());
        assertThat(d.granted()).isEqualTo(ScopeSet.of("offline_access", "openid"));
        assertThat(d.audiences()).isEmpty();
        assertThat(decide("openid docs.write", Set.of("writer")).audiences()).containsExactly(DOCS);
    }

    @Test
    void whenAProtocolScopeIsNotAllowedForTheClientThenInvalidScope() {
        Client noOpenid = client("photos.read", "");
        OAuthException e = catchThrowableOfType(OAuthException.class, () -> ScopePolicy.decideForUser(CATALOG, noOpenid,
                ScopeRequest.of("openid photos.read"), UserRoles.of(CATALOG, ROLES, Set.of())));
        assertThat(e.error().code()).isEqualTo("invalid_scope");
        assertThat(e.error().description()).isEqualTo("scope not allowed for this client: openid");
    }

    @Test
    void whenClientCredentialsAsksForAProtocolScopeThenInvalidScope() {
        OAuthException e = catchThrowableOfType(OAuthException.class, () -> ScopePolicy.decide(CATALOG, CLIENT, ScopeRequest.of("openid")));
        assertThat(e.error().description()).isEqualTo("scope openid needs a user; use authorization_code");
    }

    @Test
    void whenTheScopeIsOmittedThenTheClientDefaultsApplyToUsersToo() {
        assertThat(decide(null, Set.of()).granted()).isEqualTo(ScopeSet.of("photos.read"));
    }

    @Test
    void whenAResourceIsRequestedThenAudiencesAreTheResources() {
        assertThat(decide("photos.read", Set.of(), PHOTOS).audiences()).containsExactly(PHOTOS);
    }

    @Test
    void whenRolesAreUnknownThenTheyPermitNothing() {
        assertThat(decide("photos.write", Set.of("no-such-role")).dropped()).containsOnlyKeys("photos.write");
    }
}
