package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.consent.ConsentGrant;
import dev.scopekeeper.server.grant.RefreshToken;
import dev.scopekeeper.server.session.Session;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.scopekeeper.server.store.StoreFixtures.T0;
import static dev.scopekeeper.server.store.StoreFixtures.confidentialClient;
import static dev.scopekeeper.server.store.StoreFixtures.refreshToken;
import static dev.scopekeeper.server.store.StoreFixtures.roles;
import static dev.scopekeeper.server.store.StoreFixtures.session;
import static dev.scopekeeper.server.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Consents, sessions, roles and the clients' require_consent, run against every engine by a subclass each. */
abstract class ConsentSessionStoreContract extends SeededStoreContract {
    private static final Instant NOW = T0.plusSeconds(10);
    private static final Instant LATER = T0.plusSeconds(3600);
    private static final Instant TOKEN_EXPIRY = NOW.plusSeconds(300);

    // ---- consent

    @Test
    void whenConsentAddedAgainThenEarlierScopesKeepTheirFirstGrantTime() {
        store.addConsent(ALICE, APP, ScopeSet.of("openid", "photos:read"), NOW);

        store.addConsent(ALICE, APP, ScopeSet.of("photos:read", "photos:write"), LATER);

        assertThat(store.findConsent(ALICE, APP)).contains(new ConsentGrant(ALICE, APP,
                Map.of("openid", NOW, "photos:read", NOW, "photos:write", LATER)));
    }

    @Test
    void whenNothingGrantedThenNoConsentAndNoneListed() {
        store.addConsent(ALICE, APP, ScopeSet.empty(), NOW);

        assertThat(store.findConsent(ALICE, APP)).isEmpty();
        assertThat(store.listConsents(ALICE)).isEmpty();
    }

    @Test
    void whenConsentsListedThenOnlyTheUsersInClientIdOrder() {
        store.saveClient(confidentialClient("B-upper"));
        store.addConsent(ALICE, OTHER, ScopeSet.of("photos:read"), NOW);
        store.addConsent(ALICE, APP, ScopeSet.of("openid"), NOW);
        store.addConsent(ALICE, "B-upper", ScopeSet.of("openid"), LATER);
        store.addConsent(BOB, APP, ScopeSet.of("photos:write"), NOW);

        assertThat(store.listConsents(ALICE)).containsExactly(
                new ConsentGrant(ALICE, "B-upper", Map.of("openid", LATER)),
                new ConsentGrant(ALICE, APP, Map.of("openid", NOW)),
                new ConsentGrant(ALICE, OTHER, Map.of("photos:read", NOW)));
        assertThat(store.findConsent(BOB, APP)).contains(new ConsentGrant(BOB, APP, Map.of("photos:write", NOW)));
    }

    @Test
    void whenConsentAddedConcurrentlyThenNoneFails() throws Exception {
        runConcurrently(8, i -> {
            store.addConsent(ALICE, APP, ScopeSet.of("openid", "photos:read"), NOW);
            return null;
        });

        assertThat(store.findConsent(ALICE, APP).orElseThrow().scopes()).containsOnlyKeys("openid", "photos:read");
    }

    @Test
    void whenOneScopeRevokedThenOnlyTokensWhoseScopeContainsItAreRevoked() {
        grantAndIssue();

        assertThat(store.revokeConsent(ALICE, APP, ScopeSet.of("photos:write"), NOW)).isTrue();

        assertThat(store.findConsent(ALICE, APP)).contains(new ConsentGrant(ALICE, APP,
                Map.of("offline_access", NOW, "photos:read", NOW)));
        assertThat(revoked("rt-write", "rt-read", "rt-bob", "rt-other-client")).containsExactly(true, false, false, false);
        assertThat(store.isRevoked("at-write")).isTrue();
        assertThat(store.isRevoked("at-read")).isFalse();
        assertThat(store.isRevoked("at-write-expired")).isFalse();
        assertThat(store.isRevoked("at-bob")).isFalse();
        assertThat(store.isRevoked("at-other-client")).isFalse();
        assertThat(store.findConsent(BOB, APP)).isPresent();
        assertThat(store.findConsent(ALICE, OTHER)).isPresent();
    }

    @Test
    void whenWholeAppRevokedThenConsentGoneAndEveryTokenOfTheUserForItRevoked() {
        grantAndIssue();

        assertThat(store.revokeConsent(ALICE, APP, null, NOW)).isTrue();

        assertThat(store.findConsent(ALICE, APP)).isEmpty();
        assertThat(store.listConsents(ALICE)).extracting(ConsentGrant::clientId).containsExactly(OTHER);
        assertThat(revoked("rt-write", "rt-read", "rt-bob", "rt-other-client")).containsExactly(true, true, false, false);
        assertThat(store.isRevoked("at-write")).isTrue();
        assertThat(store.isRevoked("at-read")).isTrue();
        assertThat(store.isRevoked("at-write-expired")).isFalse();
        assertThat(store.isRevoked("at-bob")).isFalse();
        assertThat(store.isRevoked("at-other-client")).isFalse();
    }

    @Test
    void whenRevokedConsentWasNotGrantedThenFalse() {
        store.addConsent(ALICE, APP, ScopeSet.of("openid"), NOW);

        assertThat(store.revokeConsent(ALICE, APP, ScopeSet.of("photos:read"), NOW)).isFalse();
        assertThat(store.revokeConsent(BOB, APP, null, NOW)).isFalse();
        assertThat(store.revokeConsent(ALICE, APP, null, NOW)).isTrue();
        assertThat(store.revokeConsent(ALICE, APP, null, NOW)).isFalse();
    }

    @Test
    void whenConsentRevokedWithTokensRevokedBeforeThenNoFailure() {
        grantAndIssue();
        store.revokeToken("at-write", APP, TOKEN_EXPIRY);
        store.revokeFamily("fam-write", NOW);

        store.revokeConsent(ALICE, APP, ScopeSet.of("photos:write"), NOW);
        store.revokeConsent(ALICE, APP, null, NOW);

        assertThat(store.isRevoked("at-write")).isTrue();
        assertThat(store.isRevoked("at-read")).isTrue();
    }

    @Test
    void whenRevokingConsentFailsHalfwayThenNothingChanges() throws Exception {
        grantAndIssue();
        // The consent rows and refresh tokens change first; then the access-token step finds no table.
        execute("ALTER TABLE revoked_tokens RENAME TO revoked_tokens_away");

        assertThatThrownBy(() -> store.revokeConsent(ALICE, APP, null, NOW)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("revoke consent of alice to app failed");

        execute("ALTER TABLE revoked_tokens_away RENAME TO revoked_tokens");
        assertThat(store.findConsent(ALICE, APP).orElseThrow().scopes()).hasSize(3);
        assertThat(revoked("rt-write", "rt-read")).containsExactly(false, false);
        assertThat(store.isRevoked("at-write")).isFalse();
    }

    /**
     * Alice granted the app three scopes and holds a refresh token and an access token with
     * photos:write and ones without; Bob and another client hold tokens with photos:write too.
     */
    private void grantAndIssue() {
        ScopeSet write = ScopeSet.of("offline_access", "photos:read", "photos:write");
        ScopeSet read = ScopeSet.of("offline_access", "photos:read");
        store.addConsent(ALICE, APP, write, NOW);
        store.addConsent(ALICE, OTHER, write, NOW);
        store.addConsent(BOB, APP, write, NOW);
        store.saveRefreshToken(refreshToken("rt-write", "fam-write", APP, ALICE, write, LATER));
        store.saveRefreshToken(refreshToken("rt-read", "fam-read", APP, ALICE, read, LATER));
        store.saveRefreshToken(refreshToken("rt-bob", "fam-bob", APP, BOB, write, LATER));
        store.saveRefreshToken(refreshToken("rt-other-client", "fam-other", OTHER, ALICE, write, LATER));
        store.recordAccessToken("at-write", ALICE, APP, ScopeSet.of("photos:write"), "fam-write", TOKEN_EXPIRY);
        store.recordAccessToken("at-read", ALICE, APP, ScopeSet.of("photos:read"), null, TOKEN_EXPIRY);
        store.recordAccessToken("at-write-expired", ALICE, APP, write, null, NOW);
        store.recordAccessToken("at-bob", BOB, APP, write, "fam-bob", TOKEN_EXPIRY);
        store.recordAccessToken("at-other-client", ALICE, OTHER, write, "fam-other", TOKEN_EXPIRY);
    }

    private List<Boolean> revoked(String... refreshHashes) {
        return Arrays.stream(refreshHashes)
                .map(h -> store.findRefreshToken(h).map(RefreshToken.State::revoked).orElseThrow()).toList();
    }

    // ---- sessions

    @Test
    void whenSessionSavedThenFoundUntilTheInstantItExpires() {
        Session session = session("s1", ALICE, LATER);
        store.saveSession(session);

        assertThat(store.findSession("s1", LATER.minusNanos(1_000))).contains(session);
        assertThat(store.findSession("s1", LATER)).isEmpty();
        assertThat(store.findSession("s2", NOW)).isEmpty();
    }

    @Test
    void whenSessionSavedAgainThenReplaced() {
        store.saveSession(session("s1", ALICE, LATER));
        Session renewed = new Session("s1", ALICE, NOW, T0, LATER.plusSeconds(600), "csrf-2");

        store.saveSession(renewed);

        assertThat(store.findSession("s1", NOW)).contains(renewed);
    }

    @Test
    void whenSessionDeletedThenGone() {
        store.saveSession(session("s1", ALICE, LATER));
        store.saveSession(session("s2", ALICE, LATER));

        store.deleteSession("s1");
        store.deleteSession("s1");

        assertThat(store.findSession("s1", NOW)).isEmpty();
        assertThat(store.findSession("s2", NOW)).isPresent();
    }

    @Test
    void whenSessionsOfAUserDeletedThenOnlyTheirsGoAndTheyAreCounted() {
        store.saveSession(session("a1", ALICE, LATER));
        store.saveSession(session("a2", ALICE, NOW));
        store.saveSession(session("b1", BOB, LATER));

        assertThat(store.deleteSessionsOf(ALICE)).isEqualTo(2);

        assertThat(store.deleteSessionsOf(ALICE)).isZero();
        assertThat(store.findSession("a1", NOW)).isEmpty();
        assertThat(store.findSession("b1", NOW)).isPresent();
    }

    @Test
    void whenSessionsPurgedThenOnlyThoseExpiredBeforeTheInstantGo() {
        store.saveSession(session("old", ALICE, NOW.minusNanos(1_000)));
        store.saveSession(session("edge", ALICE, NOW));
        store.saveSession(session("new", BOB, LATER));

        assertThat(store.purgeSessions(NOW)).isEqualTo(1);

        assertThat(store.purgeSessions(NOW)).isZero();
        assertThat(store.purgeSessions(NOW.plusNanos(1_000))).isEqualTo(1);
        assertThat(store.findSession("new", NOW)).isPresent();
    }

    @Test
    void whenUserDeletedThenTheirSessionsAndConsentsGo() {
        store.saveSession(session("a1", ALICE, LATER));
        store.addConsent(ALICE, APP, ScopeSet.of("openid"), NOW);
        store.addConsent(BOB, APP, ScopeSet.of("openid"), NOW);

        store.deleteUser(ALICE);
        store.saveUser(user(ALICE));

        assertThat(store.findSession("a1", NOW)).isEmpty();
        assertThat(store.findConsent(ALICE, APP)).isEmpty();
        assertThat(store.findConsent(BOB, APP)).isPresent();
    }

    // ---- roles

    @Test
    void whenRoleSavedThenLoadedAndSavingAgainReplacesItsScopes() {
        store.applyConfiguration(StoreFixtures.catalog(), roles(), List.of(), List.of());

        store.saveRole("auditor", ScopeSet.of("photos:read", "albums:read"));
        store.saveRole("editor", ScopeSet.of("photos:write"));
        store.saveRole("empty", ScopeSet.empty());

        assertThat(store.loadRoles()).isEqualTo(Map.of(
                "auditor", ScopeSet.of("albums:read", "photos:read"),
                "editor", ScopeSet.of("photos:write"),
                "empty", ScopeSet.empty(),
                "nobody", ScopeSet.empty(),
                "viewer", ScopeSet.of("photos:read", "albums:read")));
    }

    @Test
    void whenRoleDeletedThenGoneAndUsersKeepItsName() {
        store.saveRole("viewer", ScopeSet.of("photos:read"));
        store.saveUser(user("carol", "viewer"));

        assertThat(store.deleteRole("viewer")).isTrue();

        assertThat(store.deleteRole("viewer")).isFalse();
        assertThat(store.loadRoles()).isEmpty();
        assertThat(store.findUser("carol").orElseThrow().roles()).containsExactly("viewer");
        store.saveRole("viewer", ScopeSet.empty());
        assertThat(store.loadRoles()).isEqualTo(Map.of("viewer", ScopeSet.empty()));
    }

    @Test
    void whenSameRoleSavedConcurrentlyThenNoneFails() throws Exception {
        runConcurrently(8, i -> {
            store.saveRole("viewer", ScopeSet.of("photos:read"));
            return null;
        });

        assertThat(store.loadRoles()).isEqualTo(Map.of("viewer", ScopeSet.of("photos:read")));
    }

    // ---- clients

    @Test
    void whenClientRequiresConsentThenItRoundTripsAndCanBeTurnedOff() {
        Client base = confidentialClient("first");
        Client requiring = new Client(base.id(), base.name(), base.type(), true, base.grantTypes(), base.allowedScopes(),
                base.defaultScopes(), base.redirectUris(), base.secretHash(), base.createdAt(), true);

        store.saveClient(requiring);
        assertThat(store.findClient("first")).contains(requiring);
        assertThat(store.findClient("first").orElseThrow().needsConsent()).isTrue();

        Client relaxed = new Client(base.id(), base.name(), base.type(), true, base.grantTypes(), base.allowedScopes(),
                base.defaultScopes(), base.redirectUris(), base.secretHash(), base.createdAt());
        store.saveClient(relaxed);
        assertThat(store.findClient("first")).contains(relaxed);
        assertThat(store.findClient("first").orElseThrow().requireConsent()).isFalse();
    }
}
