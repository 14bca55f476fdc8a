package dev.scopekeeper.server.client;

/** A client whose identity an endpoint has established, and how. */
public record AuthenticatedClient(Client client, AuthMethod method) {
    public String id() {
        return client.id();
    }
}
