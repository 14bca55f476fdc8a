package dev.scopekeeper.server.grant;

import dev.scopekeeper.server.client.AuthenticatedClient;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.protocol.TokenResponse;

import java.util.Set;

/** One grant type (STYLE.md 2): the parameters it reads, and how it turns a request into tokens. */
public interface GrantHandler {
    GrantType type();

    /** The request parameters this grant reads; each may appear at most once (RFC 6749 §3.2). */
    Set<String> parameters();

    TokenResponse handle(FormParameters form, AuthenticatedClient client);
}
