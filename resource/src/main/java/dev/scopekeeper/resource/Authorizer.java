package dev.scopekeeper.resource;

import dev.scopekeeper.resource.Guard.Authorized;
import dev.scopekeeper.resource.Guard.Decision;
import dev.scopekeeper.resource.Guard.Refused;
import dev.scopekeeper.scopes.ScopeCatalog;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Scope, then relationship: whether the app may do this kind of thing, then whether its user may do it to this
 * object.
 * <pre>
 * Decision d = authorizer.authorize(token, "photos.delete", "can_delete", "photo:456");
 * </pre>
 * <ol>
 *   <li>the scope ({@link ScopeRequirement}, with the catalog's implications) → 403 {@code insufficient_scope} with
 *       {@code scope="photos.delete"} in {@code WWW-Authenticate}, exactly as {@link Guard} answers (RFC 6750 §3.1);</li>
 *   <li>the token's subject ({@link #subjectOf}) has the relation on the object ({@link RelationshipCheck}) → 403
 *       {@code access_denied}, JSON only;</li>
 *   <li>no decision could be had ({@link RelationshipUnavailableException}) → 503 {@code temporarily_unavailable}
 *       with {@code Retry-After}: fail closed.</li>
 * </ol>
 * Returns {@link Authorized} (go on) or {@link Refused} (write it and stop), the same values {@link Guard} returns,
 * so an adapter writes both alike. A {@link FgaRequestException} (the engine rejected the question: an unknown
 * relation, a malformed object) is not caught: it is a bug in the caller and must not look like a decision.
 * Thread-safe.
 */
public final class Authorizer {
    /**
     * Not an RFC 6750 code on purpose: RFC 6750 §3.1 defines errors about the token (invalid_request, invalid_token,
     * insufficient_scope) and tells the client to fix the token — here the token is valid and has the scope, and no
     * other token of this user would change the answer. RFC 6749 §4.1.2.1's {@code access_denied} ("the resource
     * owner or authorization server denied the request") is the registered OAuth code that says so. No
     * {@code WWW-Authenticate} either: that challenge asks for other credentials (RFC 9110 §11.6.1).
     */
    public static final String ACCESS_DENIED = "access_denied";

    private static final System.Logger LOG = System.getLogger(Authorizer.class.getName());
    private static final int MAX_ID_LENGTH = 256;

    private final RelationshipCheck relationships;
    private final BearerErrors errors;
    private final ScopeCatalog catalog;
    private final Duration retryAfter;
    private final Function<VerifiedToken, String> subjects;

    private Authorizer(Builder b) {
        this.relationships = b.relationships;
        this.errors = b.errors;
        this.catalog = b.catalog;
        this.retryAfter = b.retryAfter;
        this.subjects = b.subjects;
    }

    /** @param realm the realm of the {@code insufficient_scope} challenge; use the {@link Guard}'s */
    public static Builder builder(RelationshipCheck relationships, String realm) {
        return new Builder(relationships, BearerErrors.forRealm(realm));
    }

    /** {@link #authorize(VerifiedToken, ScopeRequirement, String, String)} with one required scope. */
    public Decision authorize(VerifiedToken principal, String scope, String relation, String object) {
        return authorize(principal, ScopeRequirement.allOf(scope), relation, object);
    }

    /**
     * @param principal the verified token of the request
     * @param scope     what the token must carry (after the catalog's implications)
     * @param relation  the relation the subject needs, e.g. {@code can_delete}
     * @param object    {@code type:id}, e.g. {@code photo:456}
     * @throws FgaRequestException the engine rejected the question (a bug in the caller)
     */
    public Decision authorize(VerifiedToken principal, ScopeRequirement scope, String relation, String object) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(object, "object");
        ScopeRequirement requirement = catalog != null && !scope.hasCatalog() ? scope.withCatalog(catalog) : scope;
        if (!requirement.isSatisfiedBy(principal.scope())) {
            // RFC 6750 §3.1 insufficient_scope, with the §3 scope attribute: the app can ask for a better token
            return Refused.of(errors.insufficientScope(requirement));
        }
        String subject = subjects.apply(principal);
        if (subject == null) {
            return denied("the access token's subject cannot hold relationships");
        }
        boolean allowed;
        try {
            allowed = relationships.check(object, relation, subject);
        } catch (RelationshipUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot decide " + relation + " on " + object + ": " + e.getMessage());
            return Refused.unavailable(retryAfter, "the access decision cannot be made now");
        }
        if (!allowed) {
            return denied("the " + (subject.startsWith("client:") ? "client" : "user") + " has no " + relation
                    + " relationship with this " + type(object));
        }
        return new Authorized(principal);
    }

    /**
     * The default subject of a token: {@code client:<client_id>} when {@code sub} equals {@code client_id} (the
     * client_credentials grant, RFC 9068 §2.2: a client acting for itself), else {@code user:<sub>}. Null when the
     * value cannot be an object id (empty, over 256 characters, whitespace, control characters, {@code #}, {@code @}
     * or {@code *}), so such a token is denied without asking.
     * <p>This reads a user whose name equals a client's id, logged in through that very client, as the client:
     * the authorization server must keep user subjects and client ids apart (RFC 9068 §5 warns of this
     * confusion), or the application supplies its own mapping ({@link Builder#subjects}).
     */
    public static String subjectOf(VerifiedToken token) {
        boolean client = token.subject().equals(token.clientId());
        String id = client ? token.clientId() : token.subject();
        return isObjectId(id) ? (client ? "client:" : "user:") + id : null;
    }

    static boolean isObjectId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '#' || c == '@' || c == '*') {
                return false;
            }
        }
        return true;
    }

    private static String type(String object) {
        int colon = object.indexOf(':');
        return colon > 0 ? object.substring(0, colon) : "object";
    }

    private static Refused denied(String description) {
        return Refused.plain(403, ACCESS_DENIED, description, Map.of());
    }

    public static final class Builder {
        private final RelationshipCheck relationships;
        private final BearerErrors errors;
        private ScopeCatalog catalog;
        private Duration retryAfter = Duration.ofSeconds(10);
        private Function<VerifiedToken, String> subjects = Authorizer::subjectOf;

        private Builder(RelationshipCheck relationships, BearerErrors errors) {
            this.relationships = Objects.requireNonNull(relationships, "relationships");
            this.errors = errors;
        }

        /** Expands granted scopes through the catalog's implications for every requirement without its own catalog. */
        public Builder catalog(ScopeCatalog value) {
            catalog = value;
            return this;
        }

        /** The {@code Retry-After} of the 503 answered while no decision can be had; 10 s by default. */
        public Builder retryAfter(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
            retryAfter = value;
            return this;
        }

        /** How a token maps to the engine's subject ({@link #subjectOf} by default); null denies. */
        public Builder subjects(Function<VerifiedToken, String> value) {
            subjects = Objects.requireNonNull(value, "subjects");
            return this;
        }

        public Authorizer build() {
            return new Authorizer(this);
        }
    }
}
