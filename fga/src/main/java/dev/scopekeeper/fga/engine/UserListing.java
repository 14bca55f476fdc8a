package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.Identifiers;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.store.TupleStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * List-users: the subjects of the requested types that have the relation on the object — concrete
 * subjects, the type's wildcard ({@code user:*}) and usersets ({@code group:eng#member}) — sorted.
 * More than the limit is an error, never a truncated list.
 */
public final class UserListing {

    private UserListing() {
    }

    public static List<Subject> list(CompiledModel model, TupleStore store, Requests.ListUsers request, FgaLimits limits) {
        if (request.object() == null) {
            throw FgaException.invalidInput("an object is required");
        }
        model.requireRelation(request.object().type(), request.relation());
        ForwardExpansion.Filter filter = filter(model, request.subjectTypes());
        RelationInfo root = model.relation(request.object().type(), request.relation());
        int maxDepth = Math.min(limits.maxDepth(), Checker.MAX_DEPTH);
        TreeSet<Subject> candidates = ForwardExpansion.candidates(model, store, request.object(), root, filter, maxDepth);
        List<Subject> out = new ArrayList<>();
        for (Subject s : candidates) {
            if (root.exact || Checker.check(model, store, request.object(), request.relation(), s, maxDepth)) {
                if (out.size() == limits.maxListUsers()) {
                    throw new FgaException(FgaException.Code.LIMIT_EXCEEDED, "more than " + limits.maxListUsers()
                            + " subjects have " + request.object() + "#" + request.relation()
                            + "; ask for fewer subject types or use list-objects from the subject's side");
                }
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static ForwardExpansion.Filter filter(CompiledModel model, List<String> subjectTypes) {
        if (subjectTypes.isEmpty()) {
            throw FgaException.invalidInput("at least one subject type is required, e.g. user or group#member");
        }
        Set<String> types = new HashSet<>();
        Set<String> usersets = new HashSet<>();
        for (String st : subjectTypes) {
            if (st == null) {
                throw FgaException.invalidInput("a subject type must not be null");
            }
            int hash = st.indexOf('#');
            String type = hash < 0 ? st : st.substring(0, hash);
            if (!model.hasType(type)) {
                throw FgaException.invalidInput("subject type '" + Identifiers.printable(st)
                        + "' is not defined in model " + model.id() + " (expected type or type#relation)");
            }
            if (hash < 0) {
                types.add(type);
            } else {
                String relation = st.substring(hash + 1);
                if (!model.defines(type, relation)) {
                    throw FgaException.invalidInput("subject type '" + Identifiers.printable(st)
                            + "': relation '" + Identifiers.printable(relation) + "' is not defined on type '"
                            + type + "' in model " + model.id());
                }
                usersets.add(st);
            }
        }
        return new ForwardExpansion.Filter(Set.copyOf(types), Set.copyOf(usersets));
    }
}
