package dev.scopekeeper.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * {@code serve} and {@code demo} without picocli, for the start-up time: building picocli's command model
 * costs ~0.15-0.2 s on a cold JVM (its Java 5 class files are never in a class archive), a fifth of a
 * restart. Only plain option lists are taken ({@code --name value} or {@code --name=value}, each option
 * once, values that convert); anything else (help, unknown options, bad values) is left to picocli, which
 * explains it. The option names are the commands' own: {@code QuickStartTest} checks them against the
 * annotations and the parsed values against picocli's.
 */
final class QuickStart {

    private static final Map<String, BiConsumer<ServerOptions, String>> SERVER = serverOptions();

    private QuickStart() {
    }

    private static Map<String, BiConsumer<ServerOptions, String>> serverOptions() {
        Map<String, BiConsumer<ServerOptions, String>> m = new LinkedHashMap<>();
        m.put("--host", (o, v) -> o.host = v);
        m.put("--port", (o, v) -> o.port = Integer.parseInt(v));
        m.put("--issuer", (o, v) -> o.issuer = v);
        m.put("--alg", (o, v) -> o.algorithm = v);
        m.put("--token-lifetime", (o, v) -> o.tokenLifetimeSeconds = Long.parseLong(v));
        m.put("--database-url", (o, v) -> o.database.url = v);
        m.put("--database-user", (o, v) -> o.database.user = v);
        m.put("--data-dir", (o, v) -> o.database.dataDir = Path.of(v));
        return m;
    }

    /** The options {@code command} takes here: the shared server options and its own. */
    static Set<String> optionNames(String command) {
        Set<String> names = new HashSet<>(SERVER.keySet());
        names.add(command.equals("serve") ? "--config" : "--photos-port");
        return names;
    }

    /** The command {@code args} ask for, ready to run, or null when picocli should parse them. */
    static Callable<Integer> parse(String... args) {
        if (args.length == 0 || !(args[0].equals("serve") || args[0].equals("demo"))) {
            return null;
        }
        ServeCommand serve = args[0].equals("serve") ? new ServeCommand() : null;
        DemoCommand demo = serve == null ? new DemoCommand() : null;
        ServerOptions options = serve != null ? serve.options : demo.options;
        Set<String> known = optionNames(args[0]);
        Set<String> given = new HashSet<>();
        try {
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                String value;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length && !known.contains(args[i + 1])) {
                    value = args[++i];
                } else {
                    return null;
                }
                if (!known.contains(name) || !given.add(name)) {
                    return null;
                }
                if (SERVER.containsKey(name)) {
                    SERVER.get(name).accept(options, value);
                } else if (name.equals("--config")) {
                    serve.config = Path.of(value);
                } else {
                    demo.photosPort = Integer.parseInt(value);
                }
            }
        } catch (RuntimeException badValue) {
            return null; // picocli names the option and the value
        }
        return serve != null ? serve : demo;
    }
}
