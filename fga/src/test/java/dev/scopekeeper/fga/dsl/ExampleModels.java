package dev.scopekeeper.fga.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The example models under {@code src/test/resources/models}. */
public final class ExampleModels {

    private ExampleModels() {
    }

    /** The text of {@code models/<file>}. */
    public static String read(String file) {
        try (InputStream in = ExampleModels.class.getResourceAsStream("/models/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no example model " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
