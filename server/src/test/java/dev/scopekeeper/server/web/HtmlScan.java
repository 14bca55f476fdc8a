package dev.scopekeeper.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict scan of the HTML our templates write (every attribute value double-quoted): the
 * elements, the attributes and the text, with character references decoded. Enough to prove that
 * hostile input stayed data and added no element or attribute; throws on anything it cannot read.
 */
record HtmlScan(List<String> elements, List<String> attributeNames, List<String> values) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:-]*");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]+|#x[0-9a-fA-F]+|[a-z]+);");

    static HtmlScan of(String html) {
        List<String> elements = new ArrayList<>();
        List<String> attributeNames = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < html.length()) {
            int lt = html.indexOf('<', i);
            String text = html.substring(i, lt < 0 ? html.length() : lt);
            if (!text.isBlank()) {
                values.add(decode(text));
            }
            if (lt < 0) {
                break;
            }
            if (html.startsWith("<!DOCTYPE html>", lt)) {
                i = lt + "<!DOCTYPE html>".length();
                continue;
            }
            int p = lt + 1;
            boolean closing = html.startsWith("/", p);
            if (closing) {
                p++;
            }
            Matcher name = NAME.matcher(html).region(p, html.length());
            if (!name.lookingAt()) {
                throw new IllegalArgumentException("unreadable markup at " + lt + ": " + snippet(html, lt));
            }
            if (!closing) {
                elements.add(name.group().toLowerCase());
            }
            p = name.end();
            while (true) {
                while (Character.isWhitespace(html.charAt(p))) {
                    p++;
                }
                if (html.startsWith("/>", p)) {
                    p += 2;
                    break;
                }
                if (html.charAt(p) == '>') {
                    p++;
                    break;
                }
                Matcher attribute = NAME.matcher(html).region(p, html.length());
                if (closing || !attribute.lookingAt()) {
                    throw new IllegalArgumentException("unreadable tag at " + lt + ": " + snippet(html, lt));
                }
                attributeNames.add(attribute.group().toLowerCase());
                p = attribute.end();
                if (html.charAt(p) == '=') {
                    if (html.charAt(p + 1) != '"') {
                        throw new IllegalArgumentException("unquoted attribute at " + p + ": " + snippet(html, lt));
                    }
                    int end = html.indexOf('"', p + 2);
                    values.add(decode(html.substring(p + 2, end)));
                    p = end + 1;
                }
            }
            i = p;
        }
        return new HtmlScan(elements, attributeNames, values);
    }

    /** How many text runs and attribute values contain {@code value} once decoded. */
    long countContaining(String value) {
        return values.stream().filter(v -> v.contains(value)).count();
    }

    static String decode(String s) {
        return REFERENCE.matcher(s).replaceAll(m -> {
            String ref = m.group(1);
            String c = switch (ref) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> "\u00a0";
                default -> {
                    if (!ref.startsWith("#")) {
                        throw new IllegalArgumentException("unknown reference &" + ref + ";");
                    }
                    int code = ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1));
                    yield new String(Character.toChars(code));
                }
            };
            return Matcher.quoteReplacement(c);
        });
    }

    private static String snippet(String html, int at) {
        return html.substring(at, Math.min(html.length(), at + 80));
    }
}
