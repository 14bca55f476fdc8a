package dev.scopekeeper.server.web;

import java.util.List;

/**
 * The demo's own pages (only with {@code scopekeeper demo}): the start page lists sign-in links of
 * the demo apps; the callback page plays the app that receives the code, showing it (or the error)
 * and the command that exchanges it. {@code code}, {@code error} and {@code commands} are null or
 * empty on the start page.
 */
public record DemoView(String title, String intro, List<Link> links, String code, String error, String errorDescription,
                       List<String> commands) {
    public DemoView {
        links = List.copyOf(links);
        commands = List.copyOf(commands);
    }

    public record Link(String label, String note, String href) {
    }
}
