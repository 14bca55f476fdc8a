package dev.scopekeeper.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user agent at the HTTP level for black-box tests of the browser flow: keeps cookies, never
 * follows redirects, reads the forms of our pages (inputs in any attribute order, HTML entities
 * decoded) and posts them back as a browser would.
 */
public final class WebUser {
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z_:-]+)(?:\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+)))?");

    private final TestServer server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public WebUser(TestServer server) {
        this.server = server;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    /** GET of a path (or absolute URL of the server). */
    public HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    public HttpResponse<String> post(String pathOrUrl, List<String[]> fields) {
        StringBuilder body = new StringBuilder();
        for (String[] f : fields) {
            body.append(body.length() == 0 ? "" : "&").append(TestServer.enc(f[0])).append('=').append(TestServer.enc(f[1]));
        }
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** GET /authorize with the given parameters (in order). */
    public HttpResponse<String> authorize(Map<String, String> params) {
        return get("/authorize?" + query(params));
    }

    /** Fills the login form of {@code page} and posts it. */
    public HttpResponse<String> login(HttpResponse<String> page, String username, String password) {
        Form form = form(page.body(), "/login");
        List<String[]> fields = form.fields(Set.of());
        fields.removeIf(f -> f[0].equals("username") || f[0].equals("password"));
        fields.add(new String[] {"username", username});
        fields.add(new String[] {"password", password});
        return post(form.action(), fields);
    }

    /** Posts the consent form of {@code page} with {@code decision}, unticking the given scopes. */
    public HttpResponse<String> consent(HttpResponse<String> page, String decision, Set<String> untick) {
        Form form = form(page.body(), "/authorize/consent");
        List<String[]> fields = new ArrayList<>();
        for (Input in : form.inputs()) {
            if (in.tag().equals("button") || "submit".equals(in.type())) {
                continue;
            }
            if ("checkbox".equals(in.type())) {
                if (in.checked() && !(in.name().equals("grant") && untick.contains(in.value()))) {
                    fields.add(new String[] {in.name(), in.value()});
                }
            } else if (in.name() != null) {
                fields.add(new String[] {in.name(), in.value() == null ? "" : in.value()});
            }
        }
        fields.add(new String[] {"decision", decision});
        return post(form.action(), fields);
    }

    /** The value of the named field in the first form posting to {@code action}. */
    public static String field(String html, String action, String name) {
        return form(html, action).inputs().stream().filter(i -> name.equals(i.name())).map(Input::value).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + " in form " + action));
    }

    /** The scope checkboxes of a consent page. */
    public static List<String> checkboxes(String html) {
        return form(html, "/authorize/consent").inputs().stream().filter(i -> "checkbox".equals(i.type()))
                .map(Input::value).toList();
    }

    public record Input(String tag, String type, String name, String value, boolean checked) {
    }

    public record Form(String action, List<Input> inputs) {
        List<String[]> fields(Set<String> skip) {
            List<String[]> out = new ArrayList<>();
            for (Input in : inputs) {
                if (in.name() != null && !skip.contains(in.name()) && !in.tag().equals("button")
                        && !"checkbox".equals(in.type()) && !"submit".equals(in.type())) {
                    out.add(new String[] {in.name(), in.value() == null ? "" : in.value()});
                }
            }
            return out;
        }
    }

    public static Form form(String html, String action) {
        Matcher m = FORM.matcher(html);
        while (m.find()) {
            Map<String, String> attrs = attributes(m.group(1));
            if (action.equals(attrs.get("action"))) {
                List<Input> inputs = new ArrayList<>();
                Matcher i = INPUT.matcher(m.group(2));
                while (i.find()) {
                    Map<String, String> a = attributes(i.group(2));
                    inputs.add(new Input(i.group(1).toLowerCase(), a.get("type"), a.get("name"), a.get("value"), a.containsKey("checked")));
                }
                return new Form(action, inputs);
            }
        }
        throw new AssertionError("no form posting to " + action + " in:\n" + html);
    }

    private static Map<String, String> attributes(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(s);
        while (m.find()) {
            String v = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
            out.put(m.group(1).toLowerCase(), v == null ? "" : unescape(v));
        }
        return out;
    }

    static String unescape(String s) {
        Matcher m = Pattern.compile("&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);").matcher(s);
        return m.replaceAll(r -> {
            String e = r.group(1);
            String c = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> new String(Character.toChars(e.startsWith("#x") || e.startsWith("#X")
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1))));
            };
            return Matcher.quoteReplacement(c);
        });
    }

    /** The visible text of a page: tags dropped, character references decoded, white space collapsed. */
    public static String text(String html) {
        return unescape(html.replaceAll("(?s)<head>.*?</head>", " ").replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").trim();
    }

    /** Whether the response is a page with our login form (whatever its status). */
    public static boolean isLoginPage(HttpResponse<String> r) {
        return FORM.matcher(r.body()).results().anyMatch(m -> "/login".equals(attributes(m.group(1)).get("action")));
    }

    /** The query parameters of a redirect's Location. */
    public static Map<String, String> redirectParams(HttpResponse<String> r) {
        String location = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no redirect: " + r.statusCode() + " " + r.body()));
        Map<String, String> out = new LinkedHashMap<>();
        int q = location.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : location.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    public static String location(HttpResponse<String> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode()));
    }

    public static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(TestServer.enc(k)).append('=').append(TestServer.enc(v)));
        return b.toString();
    }

    /** A PKCE pair (RFC 7636 §4.1, §4.2): a 43-character verifier and its S256 challenge. */
    public record Pkce(String verifier, String challenge) {
        public static Pkce generate() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return new Pkce(verifier, challengeOf(verifier));
        }

        public static String challengeOf(String verifier) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : server.url(pathOrUrl));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", c.toString());
        }
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || set.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
