package dev.scopekeeper.server.client;

import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Establishes which client calls the token, revocation or introspection endpoint:
 * {@code client_secret_basic}, {@code client_secret_post}, or {@code none} (a public client that
 * only names itself; the grant decides whether that is enough).
 */
public final class ClientAuthenticator {
    private final ClientRegistry clients;

    public ClientAuthenticator(ClientRegistry clients) {
        this.clients = clients;
    }

    /**
     * @param authorization the Authorization header, or null
     * @throws dev.scopekeeper.server.protocol.OAuthException invalid_client (401) or invalid_request
     */
    public AuthenticatedClient authenticate(String authorization, FormParameters form) {
        String formId = form.single("client_id");
        String formSecret = form.single("client_secret");
        if (authorization != null) {
            // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
            if (formSecret != null) {
                throw OAuthError.INVALID_REQUEST.withDescription(
                        "client authenticated with both the Authorization header and client_secret; use one method").exception();
            }
            Credentials basic = parseBasic(authorization);
            if (formId != null && !formId.equals(basic.id)) {
                throw OAuthError.INVALID_REQUEST.withDescription("client_id does not match the client in the Authorization header").exception();
            }
            return verifySecret(basic.id, basic.secret, AuthMethod.CLIENT_SECRET_BASIC);
        }
        if (formSecret != null) {
            if (formId == null) {
                throw OAuthError.INVALID_REQUEST.withDescription("client_secret sent without client_id").exception();
            }
            return verifySecret(formId, formSecret, AuthMethod.CLIENT_SECRET_POST);
        }
        if (formId == null) {
            throw invalidClient("client authentication is required (client_secret_basic or client_secret_post)");
        }
        Client client = clients.find(formId).orElseThrow(() -> invalidClient("client authentication failed"));
        // RFC 6749 §3.2.1: confidential clients MUST authenticate at the token endpoint.
        if (client.isConfidential()) {
            throw invalidClient("client authentication is required for a confidential client");
        }
        return new AuthenticatedClient(client, AuthMethod.NONE);
    }

    private AuthenticatedClient verifySecret(String id, String secret, AuthMethod method) {
        Client client = clients.find(id).orElse(null);
        byte[] stored = client == null || !client.isConfidential() ? null : client.secretHash();
        // Constant-time, and the same work when the client is unknown (DESIGN.md, "Secrets").
        if (!ClientSecrets.matches(secret, stored)) {
            throw invalidClient("client authentication failed");
        }
        return new AuthenticatedClient(client, method);
    }

    private record Credentials(String id, String secret) {
    }

    // RFC 6749 §2.3.1: client_id and client_secret are form-urlencoded, then joined with ':' and base64-encoded.
    private static Credentials parseBasic(String header) {
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            throw invalidClient("unsupported authentication scheme in the Authorization header; use Basic");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient("the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw invalidClient("the Basic credentials are not of the form client_id:client_secret");
        }
        try {
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (secret.isEmpty()) {
                throw invalidClient("the Basic credentials have an empty client_secret");
            }
            return new Credentials(id, secret);
        } catch (IllegalArgumentException e) {
            throw invalidClient("the Basic credentials are not correctly form-urlencoded");
        }
    }

    // RFC 6749 §5.2: invalid_client, 401 with WWW-Authenticate (the renderer adds the header).
    private static dev.scopekeeper.server.protocol.OAuthException invalidClient(String why) {
        return OAuthError.INVALID_CLIENT.withDescription(why).exception();
    }
}
