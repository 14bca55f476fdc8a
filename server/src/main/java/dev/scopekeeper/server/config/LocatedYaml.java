package dev.scopekeeper.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a Jackson tree plus the line of every node, keyed by JSON pointer
 * ({@code /clients/1/secret}), so that errors found after parsing can still name their line.
 */
final class LocatedYaml {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final JsonNode root;
    private final Map<String, Integer> lines;

    private LocatedYaml(JsonNode root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    static LocatedYaml parse(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new LocatedYaml(NODES.objectNode(), lines);
            }
            return new LocatedYaml(read(p, "", lines), lines);
        }
    }

    /** The line of the node at {@code pointer}, or of its nearest ancestor that has one; 0 if none. */
    int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    private static JsonNode read(JsonParser p, String pointer, Map<String, Integer> lines) throws IOException {
        lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                    int line = p.currentTokenLocation().getLineNr();
                    // YAML 1.2 §3.2.1.1: keys are unique; a repeated key would silently replace the first.
                    if (o.has(name)) {
                        throw new DuplicateKeyException(child, line);
                    }
                    lines.put(child, line);
                    p.nextToken();
                    o.set(name, read(p, child, lines));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, pointer + "/" + i++, lines));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IOException("unexpected YAML token " + p.currentToken());
        }
    }

    /** A mapping that has the same key twice; {@code line} is the second one's. */
    static final class DuplicateKeyException extends IOException {
        final String pointer;
        final int line;

        DuplicateKeyException(String pointer, int line) {
            super("duplicate key " + pointer);
            this.pointer = pointer;
            this.line = line;
        }
    }

    /** {@code /clients/1/secret} → {@code clients[1].secret}. */
    static String fieldName(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                b.append('[').append(part).append(']');
            } else {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return b.toString();
    }
}
