package dev.scopekeeper.server.grant;

import java.time.Instant;

/** The outcome of redeeming an authorization code: first use, replay, or no such (or expired) code. */
public sealed interface CodeRedemption {
    /** The code was unused and unexpired, and is now marked used (atomically: one winner). */
    record Redeemed(AuthorizationCode code) implements CodeRedemption {
    }

    /**
     * The code had been used before. {@code accessTokenJti}, {@code accessTokenExpiresAt} and
     * {@code refreshFamilyId} are what the first redemption issued (null if nothing was recorded),
     * so they can be revoked (RFC 6749 §4.1.2).
     */
    record Replayed(AuthorizationCode code, String accessTokenJti, Instant accessTokenExpiresAt,
                    String refreshFamilyId) implements CodeRedemption {
    }

    /** No such code, or it has expired. */
    record Unknown() implements CodeRedemption {
    }
}
