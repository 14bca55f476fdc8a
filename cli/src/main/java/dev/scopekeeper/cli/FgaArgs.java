package dev.scopekeeper.cli;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Tuples and texts as the {@code fga} commands take them: arguments, files, or standard input ({@code -}). */
final class FgaArgs {
    private FgaArgs() {
    }

    /**
     * Prints every item of every page, one a line: {@code page} fetches the page after a continuation
     * (null for the first). Lists are never cut short.
     */
    static void printAllPages(Function<String, Requests.Page<?>> page) {
        String continuation = null;
        do {
            Requests.Page<?> p = page.apply(continuation);
            p.items().forEach(System.out::println);
            continuation = p.continuation();
        } while (continuation != null);
    }

    /** The text of {@code file}, or of standard input for {@code -}. */
    static String read(Path file) {
        try {
            return file.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    /** The tuples named as arguments, then those of the file (one a line; blank lines and {@code #} comments skipped). */
    static List<Tuple> tuples(List<String> args, Path file) {
        List<Tuple> out = new ArrayList<>();
        for (String arg : args) {
            out.add(Tuple.parse(arg));
        }
        if (file != null) {
            List<String> lines = read(file).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    out.add(Tuple.parse(line));
                } catch (FgaException e) {
                    throw new FgaException(e.code(), file + ":" + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("name at least one tuple, as an argument or in --file");
        }
        return out;
    }

    /** Contextual tuples of a query. */
    static List<Tuple> contextual(List<String> args) {
        return args.stream().map(Tuple::parse).toList();
    }
}
