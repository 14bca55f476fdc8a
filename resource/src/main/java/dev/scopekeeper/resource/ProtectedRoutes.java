package dev.scopekeeper.resource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routes of an API and the {@link Access} each needs, declared together:
 * <pre>
 * ProtectedRoutes routes = ProtectedRoutes.builder()
 *         .route("GET", "/photos", Access.scoped(ScopeRequirement.allOf("photos.read")))
 *         .route("GET", "/photos/{id}", Access.scoped(ScopeRequirement.anyOf("photos.read", "photos.manage")))
 *         .route("GET", "/health", Access.open())
 *         .build();
 * </pre>
 * A pattern is {@code /}-separated segments, each either exact text or a parameter {@code {name}}. A request path
 * matches a pattern with as many segments, exact segments equal after percent-decoding. When several patterns
 * match, the one whose first differing segment is exact wins ({@code /photos/new} before {@code /photos/{id}}).
 * {@code HEAD} uses the {@code GET} route when no {@code HEAD} route is declared (servlets answer HEAD with doGet).
 *
 * <p>Paths that could mean something else to the application match nothing, and so get the {@link Guard}'s
 * default (deny): empty segments ({@code //}), {@code .} and {@code ..} segments, path parameters ({@code ;}),
 * encoded {@code /} or {@code \}, malformed percent-encoding. One trailing {@code /} is ignored (as Javalin does).
 * Immutable.
 */
public final class ProtectedRoutes {

    /** One declared route. */
    public record Route(String method, String pattern, Access access) {
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(access, "access");
        }
    }

    private record Compiled(Route route, String[] segments, boolean[] parameter) {
        boolean matches(List<String> path) {
            if (path.size() != segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (!parameter[i] && !segments[i].equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** The shape: exact segments as themselves, parameters as one marker; equal shapes are duplicates. */
        String shape() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < segments.length; i++) {
                b.append('/').append(parameter[i] ? "{}" : segments[i]);
            }
            return b.toString();
        }
    }

    private static final Pattern METHOD = Pattern.compile("[A-Z]+");
    private static final Pattern PARAMETER = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");
    /** RFC 3986 pchar without pct-encoded. */
    private static final Pattern EXACT = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,=:@]+");
    private static final Comparator<Compiled> MOST_SPECIFIC_FIRST = (a, b) -> {
        int n = Math.min(a.parameter.length, b.parameter.length);
        for (int i = 0; i < n; i++) {
            if (a.parameter[i] != b.parameter[i]) {
                return a.parameter[i] ? 1 : -1;
            }
        }
        return Integer.compare(a.parameter.length, b.parameter.length);
    };

    private final List<Route> routes;
    private final Map<String, List<Compiled>> byMethod;

    private ProtectedRoutes(List<Route> routes, Map<String, List<Compiled>> byMethod) {
        this.routes = routes;
        this.byMethod = byMethod;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The declared routes, in declaration order. */
    public List<Route> routes() {
        return routes;
    }

    /**
     * The access declared for a request, or empty when no declared route matches it (the caller applies its
     * default).
     *
     * @param method  the request method
     * @param rawPath the path as sent, still percent-encoded, without the query
     */
    public Optional<Access> accessFor(String method, String rawPath) {
        List<String> segments = segmentsOf(rawPath);
        if (segments == null) {
            return Optional.empty();
        }
        Optional<Access> found = find(method, segments);
        if (found.isEmpty() && method.equals("HEAD")) {
            return find("GET", segments);
        }
        return found;
    }

    private Optional<Access> find(String method, List<String> segments) {
        for (Compiled c : byMethod.getOrDefault(method, List.of())) {
            if (c.matches(segments)) {
                return Optional.of(c.route.access());
            }
        }
        return Optional.empty();
    }

    /** The decoded segments of a request path, or null if the path is one that must match nothing. */
    static List<String> segmentsOf(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/") || rawPath.indexOf(';') >= 0 || rawPath.indexOf('\\') >= 0) {
            return null;
        }
        String p = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        List<String> out = new ArrayList<>();
        if (p.equals("/")) {
            return out;
        }
        for (String raw : p.substring(1).split("/", -1)) {
            String s = decode(raw);
            if (s == null || s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    /** Strict percent-decoding to UTF-8 ({@code +} stays {@code +}); null when malformed. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        /**
         * Declares a route.
         *
         * @param method  an HTTP method in capitals ({@code GET}, {@code POST}, ...)
         * @param pattern {@code /} or {@code /}-separated segments, each exact (RFC 3986 pchar, not percent-encoded)
         *                or a parameter {@code {name}}
         * @throws IllegalArgumentException for a malformed method or pattern, or a pattern of the same shape as one
         *                                  already declared for the method ({@code /a/{x}} and {@code /a/{y}})
         */
        public Builder route(String method, String pattern, Access access) {
            routes.add(new Route(method, pattern, access));
            compile(routes.get(routes.size() - 1));
            return this;
        }

        public Builder route(String method, String pattern, ScopeRequirement requirement) {
            return route(method, pattern, Access.scoped(requirement));
        }

        public ProtectedRoutes build() {
            Map<String, List<Compiled>> byMethod = new HashMap<>();
            Map<String, Set<String>> shapes = new HashMap<>();
            for (Route r : routes) {
                Compiled c = compile(r);
                if (!shapes.computeIfAbsent(r.method(), m -> new HashSet<>()).add(c.shape())) {
                    throw new IllegalArgumentException("route declared twice: " + r.method() + " " + r.pattern());
                }
                byMethod.computeIfAbsent(r.method(), m -> new ArrayList<>()).add(c);
            }
            byMethod.values().forEach(list -> list.sort(MOST_SPECIFIC_FIRST));
            byMethod.replaceAll((m, list) -> List.copyOf(list));
            return new ProtectedRoutes(List.copyOf(routes), Map.copyOf(byMethod));
        }

        private static Compiled compile(Route r) {
            if (!METHOD.matcher(r.method()).matches()) {
                throw new IllegalArgumentException("method must be capital letters: " + r.method());
            }
            String p = r.pattern();
            if (!p.startsWith("/") || (p.length() > 1 && p.endsWith("/"))) {
                throw new IllegalArgumentException("pattern must start with / and not end with one: " + p);
            }
            String[] segments = p.equals("/") ? new String[0] : p.substring(1).split("/", -1);
            boolean[] parameter = new boolean[segments.length];
            Set<String> names = new HashSet<>();
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                if (PARAMETER.matcher(s).matches()) {
                    parameter[i] = true;
                    if (!names.add(s)) {
                        throw new IllegalArgumentException("parameter " + s + " twice in " + p);
                    }
                } else if (!EXACT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
                    throw new IllegalArgumentException("segment '" + s + "' of " + p + " is neither exact text nor {name}");
                }
            }
            return new Compiled(r, segments, parameter);
        }
    }
}
