package dev.scopekeeper.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which redirect URIs may be registered, in the configuration file and on the command line alike.
 * The authorization endpoint compares them as exact strings; this only decides what is safe to
 * register in the first place (RFC 8252 for native apps, as OAuth 2.1 adopts it).
 */
public final class RedirectUris {
    /** RFC 8252 §7.3; §8.3 prefers the IP literals, {@code localhost} is accepted for convenience. */
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

    private RedirectUris() {
    }

    /** Why {@code value} may not be registered, or empty if it may. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("a redirect URI is required here");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URI: " + value);
        }
        // RFC 6749 §3.1.2: the redirection endpoint URI MUST be an absolute URI and MUST NOT include a fragment.
        if (!uri.isAbsolute()) {
            return Optional.of("a redirect URI must be absolute: " + value);
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("a redirect URI must have no fragment (RFC 6749 section 3.1.2): " + value);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "https" -> host == null
                    ? Optional.of("an https redirect URI needs a host: " + value)
                    : Optional.empty();
            // RFC 8252 §7.3: plain http only for a loopback interface, where nothing leaves the machine.
            case "http" -> host != null && LOOPBACK_HOSTS.contains(host)
                    ? Optional.empty()
                    : Optional.of("http is allowed only for a loopback host (127.0.0.1, [::1], localhost;"
                            + " RFC 8252 section 7.3), use https: " + value);
            // RFC 8252 §7.1: a private-use scheme is a reverse domain name, so it contains a period.
            default -> scheme.contains(".")
                    ? Optional.empty()
                    : Optional.of("use https, http on a loopback host, or a private-use scheme with a period"
                            + " such as com.example.app:/cb (RFC 8252 section 7.1): " + value);
        };
    }
}
