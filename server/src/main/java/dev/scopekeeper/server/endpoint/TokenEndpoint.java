package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.client.AuthenticatedClient;
import dev.scopekeeper.server.client.ClientAuthenticator;
import dev.scopekeeper.server.grant.GrantHandler;
import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.TokenResponse;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The token endpoint (RFC 6749 §3.2), as a checklist: form POST → client authentication →
 * grant type supported → grant type allowed for the client → no duplicated parameters → grant.
 */
public final class TokenEndpoint implements Endpoint {
    private final ClientAuthenticator authenticator;
    private final Map<GrantType, GrantHandler> grants = new EnumMap<>(GrantType.class);
    private final Runnable onIssued;

    public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers, Runnable onIssued) {
        this.authenticator = authenticator;
        handlers.forEach(h -> grants.put(h.type(), h));
        this.onIssued = onIssued;
    }

    @Override
    public Response handle(Request request) {
        FormParameters form = FormPost.parse(request);
        String grantTypeValue = form.required("grant_type");
        AuthenticatedClient client = authenticator.authenticate(request.header("Authorization"), form);
        GrantHandler grant = GrantType.fromWire(grantTypeValue).map(grants::get).orElseThrow(() ->
                OAuthError.UNSUPPORTED_GRANT_TYPE.describe("grant_type %s is not supported", OAuthError.quote(grantTypeValue)).exception());
        // RFC 6749 §5.2 unauthorized_client: the client is not authorized to use this grant type.
        if (!client.client().mayUse(grant.type())) {
            throw OAuthError.UNAUTHORIZED_CLIENT.describe("client is not allowed to use grant_type %s", grant.type().wire()).exception();
        }
        rejectDuplicates(form, grant);
        TokenResponse response = grant.handle(form, client);
        onIssued.run();
        return Response.noStore(200, response.toJson());
    }

    // RFC 6749 §3.2: request parameters MUST NOT be included more than once. grant_type, client_id
    // and client_secret were read through FormParameters.single already, which refuses duplicates;
    // resource may repeat (RFC 8707 §2).
    private static void rejectDuplicates(FormParameters form, GrantHandler grant) {
        grant.parameters().forEach(form::single);
    }
}
