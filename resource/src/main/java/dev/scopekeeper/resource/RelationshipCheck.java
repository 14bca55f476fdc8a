package dev.scopekeeper.resource;

/**
 * Asks a relationship engine (Zanzibar style, e.g. the authorization server's {@code POST /fga/check}) whether a
 * subject has a relation on an object. {@link FgaClient} is the HTTP implementation; tests may use a lambda.
 */
@FunctionalInterface
public interface RelationshipCheck {
    /**
     * @param object   {@code type:id}, e.g. {@code photo:456}
     * @param relation a relation of the object's type, e.g. {@code can_delete}
     * @param subject  {@code type:id}, {@code type:id#relation} or {@code type:*}, e.g. {@code user:alice}
     * @return whether the relationship holds
     * @throws RelationshipUnavailableException no decision could be had (the service is down, slow, answered
     *         nonsense or refused our credentials): the caller must refuse (503), never allow
     * @throws FgaRequestException the engine rejected the question itself (an unknown relation, a malformed
     *         object): a bug or a model mismatch in the caller, not the end user's fault
     */
    boolean check(String object, String relation, String subject);
}
