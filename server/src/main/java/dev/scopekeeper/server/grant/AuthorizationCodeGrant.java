package dev.scopekeeper.server.grant;

import dev.scopekeeper.server.client.AuthenticatedClient;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.TokenResponse;
import dev.scopekeeper.server.store.AuthorizationCodeStore;
import dev.scopekeeper.server.store.RefreshTokenStore;
import dev.scopekeeper.server.store.RevocationStore;
import dev.scopekeeper.server.token.IssuedToken;
import dev.scopekeeper.server.token.OpaqueTokens;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5, §4.6): code → single use → issued to this client →
 * same redirect URI → code_verifier matches the challenge → tokens. A replayed code revokes what it
 * issued (RFC 6749 §4.1.2).
 */
public final class AuthorizationCodeGrant implements GrantHandler {
    // RFC 7636 §4.1: code-verifier = 43*128unreserved.
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final AuthorizationCodeStore codes;
    private final RefreshTokenStore refreshTokens;
    private final RevocationStore revocations;
    private final UserTokens tokens;
    private final Clock clock;

    public AuthorizationCodeGrant(AuthorizationCodeStore codes, RefreshTokenStore refreshTokens, RevocationStore revocations,
                                  UserTokens tokens, Clock clock) {
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public GrantType type() {
        return GrantType.AUTHORIZATION_CODE;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("code", "redirect_uri", "code_verifier");
    }

    @Override
    public TokenResponse handle(FormParameters form, AuthenticatedClient authenticated) {
        String code = form.required("code");
        // RFC 7636 §4.5 / OAuth 2.1 §4.1.3: every code was bound to a challenge, so the verifier is required.
        String verifier = form.single("code_verifier");
        if (verifier == null) {
            throw OAuthError.INVALID_REQUEST.withDescription("code_verifier is required (PKCE)").exception();
        }
        if (!VERIFIER.matcher(verifier).matches()) {
            throw OAuthError.INVALID_REQUEST.withDescription("code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~").exception();
        }
        String redirectUri = form.single("redirect_uri");
        Client client = authenticated.client();
        String codeHash = OpaqueTokens.hash(code);
        Instant now = clock.instant();
        CodeRedemption redemption = codes.redeemCode(codeHash, now);
        if (redemption instanceof CodeRedemption.Replayed r) {
            throw replayed(r, now);
        }
        if (!(redemption instanceof CodeRedemption.Redeemed r)) {
            throw OAuthError.INVALID_GRANT.withDescription("authorization code is invalid or has expired").exception();
        }
        AuthorizationCode redeemed = r.code();
        // RFC 6749 §4.1.3: the code must have been issued to the authenticated client.
        if (!redeemed.clientId().equals(client.id())) {
            throw OAuthError.INVALID_GRANT.withDescription("authorization code was issued to another client").exception();
        }
        // RFC 6749 §4.1.3: when sent, redirect_uri must be identical to the authorization request's.
        // (OAuth 2.1 §4.1.3 lets it be omitted: PKCE binds the code to the client's own request.)
        if (redirectUri != null && !redirectUri.equals(redeemed.redirectUri())) {
            throw OAuthError.INVALID_GRANT.withDescription("redirect_uri does not match the authorization request").exception();
        }
        // RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge, compared in constant time.
        // The verifier is ASCII (checked above), so OpaqueTokens.hash computes exactly that.
        if (!OpaqueTokens.equal(OpaqueTokens.hash(verifier), redeemed.codeChallenge())) {
            throw OAuthError.INVALID_GRANT.withDescription("code_verifier does not match the code_challenge").exception();
        }

        UserTokens.NewRefresh refresh = tokens.refreshFor(client, redeemed.username(), redeemed.scope(),
                redeemed.audiences(), redeemed.authTime(), null);
        String familyId = refresh == null ? null : refresh.token().familyId();
        if (refresh != null) {
            refreshTokens.saveRefreshToken(refresh.token());
        }
        IssuedToken access = tokens.access(client, redeemed.username(), redeemed.scope(), redeemed.audiences(), familyId);
        if (codes.recordIssuedFromCode(codeHash, access.jti(), access.expiresAt(), familyId)) {
            // A replay came while this redemption was issuing: it found nothing to revoke, so we do.
            throw replayed(new CodeRedemption.Replayed(redeemed, access.jti(), access.expiresAt(), familyId), now);
        }
        return new TokenResponse(access.value(), access.expiresInSeconds(), redeemed.scope().toString(),
                refresh == null ? null : refresh.value(),
                tokens.idToken(client, redeemed.username(), redeemed.scope(), redeemed.authTime(), redeemed.nonce()));
    }

    // RFC 6749 §4.1.2: a code used twice → deny, and SHOULD revoke the tokens issued with it.
    private RuntimeException replayed(CodeRedemption.Replayed r, Instant now) {
        if (r.accessTokenJti() != null) {
            revocations.revokeToken(r.accessTokenJti(), r.code().clientId(), r.accessTokenExpiresAt());
        }
        if (r.refreshFamilyId() != null) {
            refreshTokens.revokeFamily(r.refreshFamilyId(), now);
        }
        return OAuthError.INVALID_GRANT.withDescription(
                "authorization code was already used; the tokens issued with it are revoked").exception();
    }
}
