package dev.scopekeeper.fga.model;

import dev.scopekeeper.fga.FgaException;

/**
 * Decides whether a parsed model may be used: every referenced type and relation exists, every
 * tuple-to-userset's tupleset is a directly assignable relation, and no relation depends on itself
 * through computed usersets alone in a way that can never resolve.
 */
public final class ModelValidator {

    private ModelValidator() {
    }

    /** @throws FgaException {@code INVALID_MODEL} naming the type, relation and problem */
    public static void validate(AuthorizationModel model) {
        throw new UnsupportedOperationException("not built yet");
    }
}
