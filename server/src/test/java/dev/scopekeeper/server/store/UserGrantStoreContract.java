package dev.scopekeeper.server.store;

import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.grant.AuthorizationCode;
import dev.scopekeeper.server.grant.CodeRedemption;
import dev.scopekeeper.server.grant.RefreshToken;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.scopekeeper.server.store.StoreFixtures.T0;
import static dev.scopekeeper.server.store.StoreFixtures.code;
import static dev.scopekeeper.server.store.StoreFixtures.refreshToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authorization codes, refresh tokens and recorded access tokens, run against every engine by a subclass each. */
abstract class UserGrantStoreContract extends SeededStoreContract {
    private static final Instant NOW = T0.plusSeconds(10);
    private static final Instant CODE_EXPIRY = T0.plusSeconds(60);
    private static final Instant REFRESH_EXPIRY = T0.plusSeconds(86_400);
    private static final ScopeSet SCOPE = ScopeSet.of("offline_access", "photos:read");

    // ---- authorization codes

    @Test
    void whenCodeRedeemedThenEveryFieldRoundTrips() {
        AuthorizationCode withNonce = code("c1", APP, ALICE, CODE_EXPIRY);
        AuthorizationCode withoutNonce = new AuthorizationCode("c2", APP, BOB, "http://127.0.0.1:8080/é", ScopeSet.empty(),
                List.of(), "x".repeat(128), null, T0, T0, CODE_EXPIRY);
        store.saveCode(withNonce);
        store.saveCode(withoutNonce);

        assertThat(store.redeemCode("c1", NOW)).isEqualTo(new CodeRedemption.Redeemed(withNonce));
        assertThat(store.redeemCode("c2", NOW)).isEqualTo(new CodeRedemption.Redeemed(withoutNonce));
    }

    @Test
    void whenCodeRedeemedAgainWithNothingRecordedThenReplayedWithNulls() {
        store.saveCode(code("c1", APP, ALICE, CODE_EXPIRY));
        store.redeemCode("c1", NOW);

        assertThat(store.redeemCode("c1", NOW.plusSeconds(1)))
                .isEqualTo(new CodeRedemption.Replayed(code("c1", APP, ALICE, CODE_EXPIRY), null, null, null));
    }

    @Test
    void whenNoReplayCameBeforeTheRecordThenRecordingSaysSo() {
        store.saveCode(code("c1", APP, ALICE, CODE_EXPIRY));
        store.redeemCode("c1", NOW);

        assertThat(store.recordIssuedFromCode("c1", "jti-1", NOW.plusSeconds(300), "fam-1")).isFalse();
    }

    // RFC 6749 §4.1.2: a replay between the redemption and the record found nothing to revoke, so the
    // record tells the redeeming side to revoke what it issued.
    @Test
    void whenAReplayCameBeforeTheRecordThenRecordingSaysSo() {
        store.saveCode(code("c1", APP, ALICE, CODE_EXPIRY));
        store.redeemCode("c1", NOW);
        store.redeemCode("c1", NOW.plusMillis(5));

        assertThat(store.recordIssuedFromCode("c1", "jti-1", NOW.plusSeconds(300), "fam-1")).isTrue();
    }

    @Test
    void whenIssuedTokensRecordedThenEveryReplayReturnsThem() {
        store.saveCode(code("c1", APP, ALICE, CODE_EXPIRY));
        store.redeemCode("c1", NOW);

        store.recordIssuedFromCode("c1", "jti-1", NOW.plusSeconds(300), "fam-1");

        CodeRedemption.Replayed expected = new CodeRedemption.Replayed(code("c1", APP, ALICE, CODE_EXPIRY), "jti-1",
                NOW.plusSeconds(300), "fam-1");
        assertThat(store.redeemCode("c1", NOW.plusSeconds(1))).isEqualTo(expected);
        assertThat(store.redeemCode("c1", NOW.plusSeconds(2))).isEqualTo(expected);
    }

    @Test
    void whenCodeExpiresAtNowThenUnknownAndAMicrosecondEarlierRedeemed() {
        store.saveCode(code("c1", APP, ALICE, CODE_EXPIRY));
        store.saveCode(code("c2", APP, ALICE, CODE_EXPIRY));

        assertThat(store.redeemCode("c1", CODE_EXPIRY)).isEqualTo(new CodeRedemption.Unknown());
        assertThat(store.redeemCode("c1", CODE_EXPIRY.plusSeconds(1))).isEqualTo(new CodeRedemption.Unknown());
        assertThat(store.redeemCode("c2", CODE_EXPIRY.minusNanos(1_000))).isInstanceOf(CodeRedemption.Redeemed.class);
    }

    @Test
    void whenUsedCodeHasExpiredThenStillReplayed() {
        store.saveCode(code("c1", APP, ALICE, CODE_EXPIRY));
        store.redeemCode("c1", NOW);

        assertThat(store.redeemCode("c1", CODE_EXPIRY.plusSeconds(3600))).isInstanceOf(CodeRedemption.Replayed.class);
    }

    @Test
    void whenCodeUnknownThenUnknown() {
        assertThat(store.redeemCode("nope", NOW)).isEqualTo(new CodeRedemption.Unknown());
    }

    @Test
    void whenCodeRedeemedConcurrentlyThenExactlyOneRedeemedAndTheOthersReplayed() throws Exception {
        for (int round = 0; round < 10; round++) {
            String hash = "race-" + round;
            store.saveCode(code(hash, APP, ALICE, CODE_EXPIRY));

            List<CodeRedemption> outcomes = runConcurrently(8, i -> store.redeemCode(hash, NOW));

            assertThat(outcomes).filteredOn(o -> o instanceof CodeRedemption.Redeemed).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof CodeRedemption.Replayed).hasSize(7);
        }
    }

    @Test
    void whenCodesPurgedThenOnlyThoseExpiredBeforeTheInstantGo() {
        store.saveCode(code("old", APP, ALICE, NOW.minusNanos(1_000)));
        store.saveCode(code("edge", APP, ALICE, NOW));
        store.saveCode(code("new", APP, ALICE, CODE_EXPIRY));
        store.redeemCode("new", NOW.minusSeconds(5));

        assertThat(store.purgeCodes(NOW)).isEqualTo(1);

        assertThat(store.purgeCodes(NOW)).isZero();
        assertThat(store.redeemCode("edge", NOW.minusSeconds(1))).isInstanceOf(CodeRedemption.Redeemed.class);
        assertThat(store.purgeCodes(CODE_EXPIRY.plusNanos(1_000))).isEqualTo(2);
        assertThat(store.redeemCode("new", NOW)).isEqualTo(new CodeRedemption.Unknown());
    }

    @Test
    void whenCodeHashSavedTwiceThenStoreException() {
        store.saveCode(code("c1", APP, ALICE, CODE_EXPIRY));

        assertThatThrownBy(() -> store.saveCode(code("c1", APP, BOB, CODE_EXPIRY))).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("save authorization code failed");
    }

    // ---- refresh tokens

    @Test
    void whenRefreshTokenSavedThenFoundUnrotatedAndUnrevoked() {
        RefreshToken token = refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY);

        store.saveRefreshToken(token);

        assertThat(store.findRefreshToken("r1")).contains(new RefreshToken.State(token, false, false));
        assertThat(store.findRefreshToken("r2")).isEmpty();
    }

    @Test
    void whenRefreshTokenExpiredThenStillFound() {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, T0.minusSeconds(1)));

        assertThat(store.findRefreshToken("r1")).isPresent();
    }

    @Test
    void whenRotatedThenCurrentIsRotatedAndNextSaved() {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        RefreshToken next = refreshToken("r2", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY);

        assertThat(store.rotateRefreshToken("r1", next, NOW)).isTrue();

        assertThat(store.findRefreshToken("r1").orElseThrow().rotated()).isTrue();
        assertThat(store.findRefreshToken("r1").orElseThrow().revoked()).isFalse();
        assertThat(store.findRefreshToken("r2")).contains(new RefreshToken.State(next, false, false));
    }

    @Test
    void whenRotatedTokenRotatedAgainThenFalseAndNothingSaved() {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.rotateRefreshToken("r1", refreshToken("r2", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW);

        assertThat(store.rotateRefreshToken("r1", refreshToken("r3", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW))
                .isFalse();

        assertThat(store.findRefreshToken("r3")).isEmpty();
    }

    @Test
    void whenRevokedOrUnknownTokenRotatedThenFalseAndNothingSaved() {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.revokeFamily("fam-1", NOW);

        assertThat(store.rotateRefreshToken("r1", refreshToken("r2", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW))
                .isFalse();
        assertThat(store.rotateRefreshToken("nope", refreshToken("r3", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW))
                .isFalse();

        assertThat(store.findRefreshToken("r1")).contains(new RefreshToken.State(
                refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY), false, true));
        assertThat(store.findRefreshToken("r2")).isEmpty();
        assertThat(store.findRefreshToken("r3")).isEmpty();
    }

    @Test
    void whenNextCannotBeSavedThenCurrentIsNotRotated() {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.saveRefreshToken(refreshToken("taken", "fam-0", APP, ALICE, SCOPE, REFRESH_EXPIRY));

        assertThatThrownBy(() -> store.rotateRefreshToken("r1",
                refreshToken("taken", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW))
                .isInstanceOf(StoreException.class).hasMessageStartingWith("rotate refresh token failed");

        assertThat(store.findRefreshToken("r1").orElseThrow().rotated()).isFalse();
        assertThat(store.findRefreshToken("taken").orElseThrow().token().familyId()).isEqualTo("fam-0");
    }

    @Test
    void whenRotatedConcurrentlyThenExactlyOneSucceedsAndOnlyItsSuccessorExists() throws Exception {
        for (int round = 0; round < 10; round++) {
            String current = "cur-" + round;
            String family = "fam-" + round;
            store.saveRefreshToken(refreshToken(current, family, APP, ALICE, SCOPE, REFRESH_EXPIRY));

            List<Boolean> outcomes = runConcurrently(8, i -> store.rotateRefreshToken(current,
                    refreshToken(current + "-next-" + i, family, APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW));

            assertThat(outcomes).containsOnlyOnce(true);
            int winner = outcomes.indexOf(true);
            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(store.findRefreshToken(current + "-next-" + i).isPresent()).isEqualTo(i == winner);
            }
        }
    }

    // ---- families and recorded access tokens

    @Test
    void whenFamilyRevokedThenItsTokensAndUnexpiredAccessTokensAreRevokedAndNothingElse() {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.rotateRefreshToken("r1", refreshToken("r2", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW);
        store.saveRefreshToken(refreshToken("o1", "fam-2", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.recordAccessToken("at-live", ALICE, APP, SCOPE, "fam-1", NOW.plusSeconds(300));
        store.recordAccessToken("at-expired", ALICE, APP, SCOPE, "fam-1", NOW);
        store.recordAccessToken("at-other-family", ALICE, APP, SCOPE, "fam-2", NOW.plusSeconds(300));
        store.recordAccessToken("at-no-family", ALICE, APP, SCOPE, null, NOW.plusSeconds(300));

        store.revokeFamily("fam-1", NOW);

        assertThat(store.findRefreshToken("r1").orElseThrow().revoked()).isTrue();
        assertThat(store.findRefreshToken("r2").orElseThrow().revoked()).isTrue();
        assertThat(store.findRefreshToken("o1").orElseThrow().revoked()).isFalse();
        assertThat(store.isRevoked("at-live")).isTrue();
        assertThat(store.isRevoked("at-expired")).isFalse();
        assertThat(store.isRevoked("at-other-family")).isFalse();
        assertThat(store.isRevoked("at-no-family")).isFalse();
    }

    @Test
    void whenFamilyRevokedTwiceOrItsAccessTokenWasRevokedBeforeThenNoFailure() {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.recordAccessToken("at-1", ALICE, APP, SCOPE, "fam-1", NOW.plusSeconds(300));
        store.recordAccessToken("at-2", ALICE, APP, SCOPE, "fam-1", NOW.plusSeconds(300));
        store.revokeToken("at-1", APP, NOW.plusSeconds(300));

        store.revokeFamily("fam-1", NOW);
        store.revokeFamily("fam-1", NOW.plusSeconds(1));
        store.revokeFamily("no-such-family", NOW);

        assertThat(store.isRevoked("at-1")).isTrue();
        assertThat(store.isRevoked("at-2")).isTrue();
        assertThat(store.findRefreshToken("r1").orElseThrow().revoked()).isTrue();
    }

    @Test
    void whenFamilyRevokedWhileRotatingThenNoTokenOfTheFamilyStaysUsable() throws Exception {
        for (int round = 0; round < 10; round++) {
            String family = "fam-" + round;
            store.saveRefreshToken(refreshToken(family + "-0", family, APP, ALICE, SCOPE, REFRESH_EXPIRY));
            List<String> saved = new ArrayList<>(List.of(family + "-0"));

            runConcurrently(2, i -> {
                if (i == 1) {
                    store.revokeFamily(family, NOW);
                    return null;
                }
                for (int n = 1; n <= 50; n++) {
                    String next = family + "-" + n;
                    if (!store.rotateRefreshToken(saved.get(saved.size() - 1),
                            refreshToken(next, family, APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW)) {
                        break;
                    }
                    saved.add(next);
                }
                return null;
            });

            for (String hash : saved) {
                assertThat(store.findRefreshToken(hash)).hasValueSatisfying(s -> assertThat(s.revoked()).isTrue());
            }
            assertThat(store.rotateRefreshToken(saved.get(saved.size() - 1),
                    refreshToken(family + "-late", family, APP, ALICE, SCOPE, REFRESH_EXPIRY), NOW)).isFalse();
        }
    }

    @Test
    void whenAccessTokenRecordedForARevokedFamilyThenRevokedAtOnce() {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.revokeFamily("fam-1", NOW);

        store.recordAccessToken("at-late", ALICE, APP, SCOPE, "fam-1", NOW.plusSeconds(300));
        store.recordAccessToken("at-live-family", ALICE, APP, SCOPE, "fam-2", NOW.plusSeconds(300));

        assertThat(store.isRevoked("at-late")).isTrue();
        assertThat(store.isRevoked("at-live-family")).isFalse();
    }

    @Test
    void whenRevokingAFamilyFailsHalfwayThenNoTokenIsRevoked() throws Exception {
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.recordAccessToken("at-1", ALICE, APP, SCOPE, "fam-1", NOW.plusSeconds(300));
        // The refresh tokens are revoked first; then the access-token step finds no table.
        execute("ALTER TABLE revoked_tokens RENAME TO revoked_tokens_away");

        assertThatThrownBy(() -> store.revokeFamily("fam-1", NOW)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("revoke refresh token family failed");

        execute("ALTER TABLE revoked_tokens_away RENAME TO revoked_tokens");
        assertThat(store.findRefreshToken("r1").orElseThrow().revoked()).isFalse();
        assertThat(store.isRevoked("at-1")).isFalse();
    }

    @Test
    void whenRefreshTokensPurgedThenOnlyThoseExpiredBeforeTheInstantGo() {
        store.saveRefreshToken(refreshToken("old", "fam-1", APP, ALICE, SCOPE, NOW.minusNanos(1_000)));
        store.saveRefreshToken(refreshToken("edge", "fam-1", APP, ALICE, SCOPE, NOW));
        store.saveRefreshToken(refreshToken("new", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));

        assertThat(store.purgeRefreshTokens(NOW)).isEqualTo(1);

        assertThat(store.findRefreshToken("old")).isEmpty();
        assertThat(store.findRefreshToken("edge")).isPresent();
        assertThat(store.findRefreshToken("new")).isPresent();
        assertThat(store.purgeRefreshTokens(NOW)).isZero();
    }

    @Test
    void whenAccessTokenRecordsPurgedThenOnlyThoseExpiredBeforeTheInstantGo() {
        store.recordAccessToken("old", ALICE, APP, SCOPE, "fam-1", NOW.minusNanos(1_000));
        store.recordAccessToken("edge", ALICE, APP, SCOPE, "fam-1", NOW);
        store.recordAccessToken("new", ALICE, APP, SCOPE, "fam-1", NOW.plusSeconds(300));

        assertThat(store.purgeAccessTokens(NOW)).isEqualTo(1);
        assertThat(store.purgeAccessTokens(NOW)).isZero();

        // What is left is still revoked with its family.
        store.revokeFamily("fam-1", NOW.minusSeconds(1));
        assertThat(store.isRevoked("old")).isFalse();
        assertThat(store.isRevoked("edge")).isTrue();
        assertThat(store.isRevoked("new")).isTrue();
    }

    @Test
    void whenJtiRecordedTwiceThenStoreException() {
        store.recordAccessToken("at-1", ALICE, APP, SCOPE, null, NOW.plusSeconds(300));

        assertThatThrownBy(() -> store.recordAccessToken("at-1", BOB, APP, SCOPE, null, NOW.plusSeconds(300)))
                .isInstanceOf(StoreException.class).hasMessageStartingWith("record access token failed");
    }

    @Test
    void whenUserDeletedThenTheirCodesAndRefreshTokensGo() {
        store.saveCode(code("c1", APP, ALICE, CODE_EXPIRY));
        store.saveRefreshToken(refreshToken("r1", "fam-1", APP, ALICE, SCOPE, REFRESH_EXPIRY));
        store.saveRefreshToken(refreshToken("r2", "fam-2", APP, BOB, SCOPE, REFRESH_EXPIRY));

        store.deleteUser(ALICE);

        assertThat(store.redeemCode("c1", NOW)).isEqualTo(new CodeRedemption.Unknown());
        assertThat(store.findRefreshToken("r1")).isEmpty();
        assertThat(store.findRefreshToken("r2")).isPresent();
    }
}
