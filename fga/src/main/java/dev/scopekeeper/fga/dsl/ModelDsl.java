package dev.scopekeeper.fga.dsl;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.model.AuthorizationModel;

/**
 * The OpenFGA modeling language (schema 1.1), for the subset this engine supports: types,
 * {@code define} with direct assignment ({@code [user, group#member, user:*]}), computed usersets,
 * {@code x from y}, {@code or}, {@code and}, {@code but not} and parentheses.
 */
public final class ModelDsl {

    private ModelDsl() {
    }

    /**
     * Parses DSL text into a model. Does not validate references; see
     * {@link dev.scopekeeper.fga.model.ModelValidator}.
     *
     * @throws FgaException {@code INVALID_DSL} with line, column and what was expected
     */
    public static AuthorizationModel parse(String dsl) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Renders a model as DSL text that {@link #parse} reads back to an equal model. */
    public static String write(AuthorizationModel model) {
        throw new UnsupportedOperationException("not built yet");
    }
}
