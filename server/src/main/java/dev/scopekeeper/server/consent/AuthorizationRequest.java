package dev.scopekeeper.server.consent;

import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1) whose
 * client and redirect URI have been verified, and whose other parameters are well-formed.
 * {@code redirectUri} is the registered URI the response goes to; {@code scope} is null when omitted.
 */
public record AuthorizationRequest(Client client, String redirectUri, String scope, String state, String codeChallenge,
                                   String nonce, Set<String> prompt, Integer maxAge, boolean includeGrantedScopes,
                                   List<String> resources, FormParameters raw) {
    /** The parameters that travel through the login and consent forms, as sent. */
    public static final List<String> PARAMETERS = List.of("response_type", "client_id", "redirect_uri", "scope", "state",
            "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age", "include_granted_scopes", "resource");

    private static final Set<String> PROMPTS = Set.of("none", "login", "consent");
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    public AuthorizationRequest {
        prompt = Set.copyOf(prompt);
        resources = List.copyOf(resources);
    }

    /**
     * Verifies the client and the redirect URI first (errors shown, never redirected), then the rest
     * (errors redirected to the client with {@code state}).
     */
    public static AuthorizationRequest parse(FormParameters p, Function<String, Optional<Client>> clients) {
        String clientId = shownIfDuplicated(p, "client_id");
        if (clientId == null) {
            throw AuthorizationError.shown(OAuthError.INVALID_REQUEST.withDescription("missing required parameter 'client_id'"));
        }
        Client client = clients.apply(clientId).orElseThrow(() -> AuthorizationError.shown(
                OAuthError.INVALID_CLIENT.withStatus(400).describe("unknown client %s", OAuthError.quote(clientId))));
        String redirectUri = redirectUri(client, shownIfDuplicated(p, "redirect_uri"));

        String state;
        try {
            state = p.single("state");
        } catch (OAuthException e) {
            throw new AuthorizationError(e.error(), redirectUri, null);
        }
        try {
            return parseVerified(p, client, redirectUri, state);
        } catch (OAuthException e) {
            throw new AuthorizationError(e.error(), redirectUri, state);
        }
    }

    private static AuthorizationRequest parseVerified(FormParameters p, Client client, String redirectUri, String state) {
        String responseType = p.required("response_type");
        // RFC 6749 §4.1.2.1 / RFC 9700 §2.1.2: only the code flow; no implicit or hybrid flows.
        if (!responseType.equals("code")) {
            throw OAuthError.UNSUPPORTED_RESPONSE_TYPE.describe("response_type %s is not supported; use code",
                    OAuthError.quote(responseType)).exception();
        }
        if (!client.mayUse(GrantType.AUTHORIZATION_CODE)) {
            throw OAuthError.UNAUTHORIZED_CLIENT.withDescription("client is not allowed to use the authorization code flow").exception();
        }
        // OpenID Connect Core §6.1, §6.2: request objects are not supported, and saying so beats ignoring them.
        if (p.has("request")) {
            throw new OAuthError("request_not_supported", "request objects are not supported", 400).exception();
        }
        if (p.has("request_uri")) {
            throw new OAuthError("request_uri_not_supported", "request_uri is not supported", 400).exception();
        }
        for (String name : PARAMETERS) {
            if (!name.equals("resource")) {
                p.single(name); // RFC 6749 §3.1: parameters MUST NOT be included more than once.
            }
        }
        // RFC 7636 §4.4.1 and OAuth 2.1 §4.1.1: PKCE is required of every client, with S256 only.
        String challenge = p.single("code_challenge");
        if (challenge == null) {
            throw OAuthError.INVALID_REQUEST.withDescription("code_challenge is required (PKCE with S256)").exception();
        }
        String method = p.single("code_challenge_method");
        if (!"S256".equals(method)) {
            throw OAuthError.INVALID_REQUEST.describe("code_challenge_method must be S256%s",
                    method == null ? " (plain, the default, is not accepted)" : ", not " + OAuthError.quote(method)).exception();
        }
        // RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters of the base64url alphabet.
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw OAuthError.INVALID_REQUEST.withDescription("code_challenge is not a base64url SHA-256 value (43 characters)").exception();
        }
        return new AuthorizationRequest(client, redirectUri, p.single("scope"), state, challenge, p.single("nonce"),
                prompt(p.single("prompt")), maxAge(p.single("max_age")), includeGranted(p.single("include_granted_scopes")),
                p.all("resource"), p);
    }

    private static String shownIfDuplicated(FormParameters p, String name) {
        try {
            return p.single(name);
        } catch (OAuthException e) {
            throw AuthorizationError.shown(e.error());
        }
    }

    // RFC 6749 §3.1.2.3 and RFC 9700 §4.1.3: exact string match against a registered URI; may be
    // omitted only when exactly one is registered.
    private static String redirectUri(Client client, String sent) {
        List<String> registered = client.redirectUris();
        if (sent == null) {
            if (registered.size() == 1) {
                return registered.get(0);
            }
            throw AuthorizationError.shown(OAuthError.INVALID_REQUEST.withDescription(registered.isEmpty()
                    ? "the client has no registered redirect URI"
                    : "redirect_uri is required: the client has more than one registered"));
        }
        if (!registered.contains(sent)) {
            throw AuthorizationError.shown(OAuthError.INVALID_REQUEST.withDescription(
                    "redirect_uri is not registered for this client"));
        }
        return sent;
    }

    // OpenID Connect Core §3.1.2.1: space-delimited; none must stand alone.
    private static Set<String> prompt(String value) {
        if (value == null) {
            return Set.of();
        }
        Set<String> values = new java.util.LinkedHashSet<>(List.of(value.trim().split(" +")));
        for (String v : values) {
            if (!PROMPTS.contains(v)) {
                throw OAuthError.INVALID_REQUEST.describe("prompt %s is not supported (none, login, consent)", OAuthError.quote(v)).exception();
            }
        }
        if (values.contains("none") && values.size() > 1) {
            throw OAuthError.INVALID_REQUEST.withDescription("prompt=none cannot be combined with other values").exception();
        }
        return values;
    }

    // OpenID Connect Core §3.1.2.1: max_age is a number of seconds.
    private static Integer maxAge(String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,9}")) {
            throw OAuthError.INVALID_REQUEST.withDescription("max_age must be a non-negative number of seconds").exception();
        }
        return Integer.valueOf(value);
    }

    private static boolean includeGranted(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw OAuthError.INVALID_REQUEST.withDescription("include_granted_scopes must be true or false").exception();
    }

    public boolean prompts(String value) {
        return prompt.contains(value);
    }
}
