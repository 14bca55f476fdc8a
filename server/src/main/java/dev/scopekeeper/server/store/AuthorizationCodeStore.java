package dev.scopekeeper.server.store;

import dev.scopekeeper.server.grant.AuthorizationCode;
import dev.scopekeeper.server.grant.CodeRedemption;

import java.time.Instant;

/** Authorization codes (RFC 6749 §4.1.2: short-lived, single use), stored by hash. */
public interface AuthorizationCodeStore {
    void saveCode(AuthorizationCode code);

    /**
     * Marks the code used, atomically: of concurrent redemptions exactly one gets {@code Redeemed};
     * the others, and every later one, get {@code Replayed}. An unknown code, or one whose
     * {@code expiresAt} is not after {@code now}, gives {@code Unknown} (a used, expired code gives
     * {@code Replayed} as long as it is kept).
     */
    CodeRedemption redeemCode(String codeHash, Instant now);

    /**
     * Records what a redeemed code issued, so that a replay can revoke it (RFC 6749 §4.1.2). Returns true
     * when a replay already came (between the redemption and this call): the caller must revoke what it
     * issued itself, since that replay found nothing to revoke. Every replay marks the code before
     * reading what was recorded, and this call records before reading the mark, so one of the two
     * always sees the other.
     */
    boolean recordIssuedFromCode(String codeHash, String accessTokenJti, Instant accessTokenExpiresAt, String refreshFamilyId);

    /** Deletes codes that expired before {@code before}; returns how many. */
    int purgeCodes(Instant before);
}
