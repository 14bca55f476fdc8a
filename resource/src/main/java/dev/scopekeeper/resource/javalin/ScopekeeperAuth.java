package dev.scopekeeper.resource.javalin;

import dev.scopekeeper.resource.Access;
import dev.scopekeeper.resource.Authorizer;
import dev.scopekeeper.resource.BearerRequest;
import dev.scopekeeper.resource.Guard;
import dev.scopekeeper.resource.Guard.Authorized;
import dev.scopekeeper.resource.Guard.Decision;
import dev.scopekeeper.resource.Guard.Refused;
import dev.scopekeeper.resource.ProtectedRoutes.Route;
import dev.scopekeeper.resource.RouteManifest;
import dev.scopekeeper.resource.VerifiedToken;

import io.javalin.config.JavalinConfig;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import io.javalin.security.RouteRole;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Javalin 6 plugin that lets a request reach its handler only if the {@link Guard} authorizes it, the route's
 * access taken from its {@link RequiredScope} role (Javalin matches the route; routes without one get
 * {@link Guard#otherRoutes()}, deny by default). Requests that match no route are left to Javalin (404).
 * <pre>
 * ScopekeeperAuth auth = new ScopekeeperAuth(guard);
 * Javalin app = Javalin.create(config -&gt; config.registerPlugin(auth));
 * app.get("/photos/{id}", ctx -&gt; ctx.result(ScopekeeperAuth.token(ctx).orElseThrow().subject()),
 *         RequiredScope.allOf("photos.read"));
 * String json = auth.manifest().toJson();
 * </pre>
 * It runs as a {@code beforeMatched} handler: a refused request gets the RFC 6750 status, headers and JSON body, and
 * no further before-handler or endpoint runs; an authorized one carries its {@link VerifiedToken} ({@link #token}).
 * The manifest lists every HTTP route registered after the plugin, with its access.
 */
public final class ScopekeeperAuth extends Plugin<Void> {
    /** The context attribute holding the {@link VerifiedToken} of an authorized request. */
    public static final String TOKEN_ATTRIBUTE = VerifiedToken.class.getName();

    private final Guard guard;
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public ScopekeeperAuth(Guard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** The verified token of a request this plugin authorized; empty on an open route. */
    public static Optional<VerifiedToken> token(Context ctx) {
        return Optional.ofNullable(ctx.attribute(TOKEN_ATTRIBUTE));
    }

    /**
     * In a handler: scope, then relationship ({@link Authorizer}) for this request's token. When refused, the answer
     * (403 insufficient_scope or access_denied, 503) is written and this returns false: return from the handler.
     * <pre>
     * if (!ScopekeeperAuth.authorize(ctx, authorizer, "photos.delete", "can_delete", "photo:" + id)) {
     *     return;
     * }
     * </pre>
     *
     * @throws IllegalStateException on a route this plugin did not authorize with a token (an open route)
     */
    public static boolean authorize(Context ctx, Authorizer authorizer, String scope, String relation, String object) {
        VerifiedToken token = token(ctx).orElseThrow(() -> new IllegalStateException(
                "authorize needs a route with a RequiredScope other than PUBLIC"));
        Decision decision = authorizer.authorize(token, scope, relation, object);
        if (decision instanceof Refused refused) {
            refuse(ctx, refused);
            return false;
        }
        return true;
    }

    /** Writes a refusal: its status, headers and JSON body. */
    public static void refuse(Context ctx, Refused refused) {
        ctx.status(refused.status());
        refused.headers().forEach(ctx::header);
        ctx.result(refused.body());
    }

    /** The registered routes with their access, and the verifier's issuer and audience. */
    public RouteManifest manifest() {
        return RouteManifest.of(guard.verifier().issuer(), guard.verifier().audience(), List.copyOf(routes));
    }

    @Override
    public void onInitialize(JavalinConfig config) {
        config.events.handlerAdded(this::record);
        config.router.mount(router -> router.beforeMatched(this::check));
    }

    private void record(HandlerMetaInfo handler) {
        if (handler.getHttpMethod().isHttpMethod()) {
            routes.add(new Route(handler.getHttpMethod().name(), handler.getPath(), access(handler.getRoles())));
        }
    }

    private Access access(Set<RouteRole> roles) {
        Access found = null;
        for (RouteRole role : roles) {
            if (role instanceof RequiredScope required) {
                if (found != null) {
                    throw new IllegalStateException("a route may have one RequiredScope, not several");
                }
                found = required.access();
            }
        }
        return found == null ? guard.otherRoutes() : found;
    }

    private void check(Context ctx) {
        Access access = access(ctx.routeRoles());
        if (access instanceof Access.Open) {
            return;
        }
        List<String> authorization = Collections.list(ctx.req().getHeaders("Authorization"));
        boolean inQuery = BearerRequest.hasAccessToken(ctx.queryString());
        boolean inBody = !inQuery && isForm(ctx.contentType()) && !ctx.formParams(BearerRequest.ACCESS_TOKEN).isEmpty();
        Decision decision = guard.check(new BearerRequest(ctx.method().name(), ctx.path(), authorization, inQuery, inBody), access);
        if (decision instanceof Refused refused) {
            refuse(ctx, refused);
            ctx.skipRemainingHandlers();
        } else if (decision instanceof Authorized authorized) {
            ctx.attribute(TOKEN_ATTRIBUTE, authorized.token());
        }
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
