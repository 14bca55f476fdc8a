package dev.scopekeeper.server.store;

import dev.scopekeeper.server.client.Client;

import java.util.List;
import java.util.Optional;

/** Registered clients. */
public interface ClientStore {
    Optional<Client> findClient(String clientId);

    /** All clients, ordered by id. */
    List<Client> listClients();

    /** Inserts the client or replaces the one with the same id (keeping its original createdAt). */
    void saveClient(Client client);

    /** @return false if there was no such client */
    boolean deleteClient(String clientId);
}
