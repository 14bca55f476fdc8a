package dev.scopekeeper.server.endpoint;

import dev.scopekeeper.server.protocol.FormParameters;
import dev.scopekeeper.server.protocol.OAuthException;
import dev.scopekeeper.server.web.DemoView;
import dev.scopekeeper.server.web.Pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages that only {@code scopekeeper demo} serves, so a newcomer can try the code flow in a browser:
 * {@code /demo} links to each demo app's authorization request, and {@code /demo/callback} plays the
 * app receiving the code and shows the command that exchanges it. The PKCE pair is fixed and
 * public — fine for a demo, never for an app (RFC 7636 §4.1: the verifier must be random per request).
 */
public final class DemoEndpoint {
    public static final String PATH = "/demo";
    public static final String CALLBACK = "/demo/callback";
    public static final String VERIFIER = "scopekeeper-demo-verifier-0123456789-abcdefghijklmnop";
    /** BASE64URL(SHA256(VERIFIER)) (RFC 7636 §4.2). */
    public static final String CHALLENGE = "lxcxC_COmUZmBriX5xyzeM1ys4-UW1vCgTp2lDvza1Y";

    private record App(String clientId, String label, String note, String scope, boolean confidential) {
    }

    private static final List<App> APPS = List.of(
            new App("photoprint", "PhotoPrint", "third-party: asks for consent; untick what you like",
                    "openid offline_access photos.read photos.upload", true),
            new App("events-mobile", "Events mobile app", "public client; bob (participant) cannot create events",
                    "openid offline_access view:events register:events create:events", false),
            new App("events-web", "Events", "first-party: no consent screen", "openid view:events create:events", true));

    private final String issuer;

    public DemoEndpoint(String issuer) {
        this.issuer = issuer;
    }

    public Endpoint home() {
        return request -> {
            List<DemoView.Link> links = new ArrayList<>();
            for (App app : APPS) {
                links.add(new DemoView.Link("Sign in to " + app.label(), app.note(), authorizeUrl(app)));
            }
            links.add(new DemoView.Link("Connected apps", "review and revoke what each app holds", AccountEndpoint.PATH));
            return Pages.demo(new DemoView("Scopekeeper demo",
                    "Sign in as alice (organizer) or bob (participant); the passwords are printed by the demo.",
                    links, null, null, null, List.of()));
        };
    }

    public Endpoint callback() {
        return request -> {
            FormParameters p;
            try {
                p = BrowserForms.parameters(request);
            } catch (OAuthException e) {
                p = FormParameters.EMPTY;
            }
            String code = value(p, "code");
            String state = value(p, "state");
            App app = APPS.stream().filter(a -> ("demo-" + a.clientId()).equals(state)).findFirst().orElse(APPS.get(0));
            List<String> commands = code == null ? List.of() : List.of(exchange(app, code));
            List<DemoView.Link> links = List.of(new DemoView.Link("Back to the demo", "", PATH),
                    new DemoView.Link("Connected apps", "", AccountEndpoint.PATH));
            return Pages.demo(new DemoView(app.label() + " received the answer",
                    "This page plays the app: the authorization server redirected the browser here."
                            + (app.confidential() ? " Set SECRET to the secret the demo printed for " + app.clientId() + "." : ""),
                    links, code, value(p, "error"), value(p, "error_description"), commands));
        };
    }

    private String authorizeUrl(App app) {
        return issuer + MetadataEndpoint.AUTHORIZE + "?response_type=code&client_id=" + enc(app.clientId())
                + "&redirect_uri=" + enc(issuer + CALLBACK) + "&scope=" + enc(app.scope()) + "&state=demo-" + app.clientId()
                + "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256&nonce=demo";
    }

    private String exchange(App app, String code) {
        String auth = app.confidential()
                ? "-u " + app.clientId() + ":\"$SECRET\" "
                : "-d client_id=" + app.clientId() + " ";
        return "curl -s " + auth + "-d grant_type=authorization_code -d code=" + code
                + " -d redirect_uri=" + issuer + CALLBACK + " -d code_verifier=" + VERIFIER + " " + issuer + MetadataEndpoint.TOKEN;
    }

    private static String value(FormParameters p, String name) {
        try {
            return p.single(name);
        } catch (OAuthException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
