package dev.scopekeeper.examples.photos;

import dev.scopekeeper.resource.FgaClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The photos API's authorization model ({@code photos.fga}, OpenFGA DSL schema 1.1): users, clients, groups, albums
 * and photos. At start the API makes sure the server has it: when the server's latest model is another text, it
 * writes this one (needs {@code fga.model.write}). Either way the API then names that model id in every request, so
 * a newer model written by someone else cannot change its answers.
 */
public final class PhotosModel {
    /** The DSL as shipped in the jar. */
    public static final String DSL = load();

    private PhotosModel() {
    }

    /** The id of a model on the server with this DSL: the latest one if it is, else a new one. */
    public static String ensure(FgaClient fga) {
        Optional<FgaClient.Model> latest = fga.latestModel();
        if (latest.isPresent() && normalized(latest.get().dsl()).equals(normalized(DSL))) {
            return latest.get().modelId();
        }
        return fga.writeModel(DSL);
    }

    /** The text without comments, blank lines and indentation: what a server that re-indents cannot change. */
    static String normalized(String dsl) {
        return dsl.lines().map(line -> line.strip().replaceAll("\\s+", " "))
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.joining("\n"));
    }

    private static String load() {
        try (InputStream in = PhotosModel.class.getResourceAsStream("photos.fga")) {
            if (in == null) {
                throw new IllegalStateException("photos.fga is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
