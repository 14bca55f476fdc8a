package dev.scopekeeper.resource;

import dev.scopekeeper.resource.ProtectedRoutes.Route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The routes of an API with the scopes each needs, for governance tools, as JSON:
 * <pre>
 * {"issuer":"https://auth.example.com","audience":"https://photos.example.com","routes":[
 *   {"method":"GET","path":"/photos/{id}","scopes":["photos.read"],"match":"all"}]}
 * </pre>
 * {@code match} is {@code all} or {@code any} (of {@code scopes}), {@code public} (no token), {@code authenticated}
 * (any valid token) or {@code deny}; {@code scopes} is empty for the last three. Routes are sorted by path, then
 * method; scopes are sorted: the same routes always give the same bytes. Immutable.
 */
public final class RouteManifest {
    private static final Comparator<Route> ORDER = Comparator.comparing(Route::pattern).thenComparing(Route::method);

    private final String issuer;
    private final String audience;
    private final List<Route> routes;

    private RouteManifest(String issuer, String audience, List<Route> routes) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(ORDER);
        this.routes = List.copyOf(sorted);
    }

    public static RouteManifest of(String issuer, String audience, List<Route> routes) {
        return new RouteManifest(issuer, audience, routes);
    }

    /** The manifest of a guard's declared routes, with its verifier's issuer and audience. */
    public static RouteManifest of(Guard guard) {
        return of(guard.verifier().issuer(), guard.verifier().audience(), guard.routes().routes());
    }

    /** The routes, sorted. */
    public List<Route> routes() {
        return routes;
    }

    /** Compact JSON, UTF-8 text (non-ASCII is written as is; controls, quotes and backslashes escaped). */
    public String toJson() {
        StringBuilder b = new StringBuilder(128 + 96 * routes.size());
        b.append("{\"issuer\":");
        string(b, issuer);
        b.append(",\"audience\":");
        string(b, audience);
        b.append(",\"routes\":[");
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            b.append(i == 0 ? "" : ",").append("{\"method\":");
            string(b, r.method());
            b.append(",\"path\":");
            string(b, r.pattern());
            b.append(",\"scopes\":[");
            if (r.access() instanceof Access.Scoped s) {
                String sep = "";
                for (String scope : s.requirement().scopes().values()) {
                    b.append(sep);
                    string(b, scope);
                    sep = ",";
                }
            }
            b.append("],\"match\":");
            string(b, r.access().match());
            b.append('}');
        }
        return b.append("]}").toString();
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** RFC 8259 §7 string; U+2028 and U+2029 escaped too, so the output is also valid JavaScript. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c) && !validPair(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a valid pair (a lone surrogate would be invalid UTF-8). */
    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
