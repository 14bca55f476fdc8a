package dev.scopekeeper.fga.model;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Identifiers;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a parsed model may be used: every referenced type and relation exists, every
 * tuple-to-userset's tupleset is a directly assignable relation, and no relation depends on itself
 * through computed usersets alone in a way that can never resolve.
 *
 * <p>The checks run in this order and the first failure is reported, in declaration order:
 * names and references ({@link #validate}), then cycles of computed usersets and relations without
 * an entrypoint ({@link RelationGraph}). Recursion through tuples ({@code viewer from parent},
 * {@code [group#member]} on {@code group#member}) is valid: it ends where the data ends.
 */
public final class ModelValidator {

    private ModelValidator() {
    }

    /** @throws FgaException {@code INVALID_MODEL} naming the type, relation and problem */
    public static void validate(AuthorizationModel model) {
        if (model.types().isEmpty()) {
            throw invalid("the model defines no types");
        }
        for (TypeDefinition type : model.types().values()) {
            requireName("type", type.name());
            for (Map.Entry<String, Rewrite> relation : type.relations().entrySet()) {
                requireName("relation '" + type.name() + "#" + relation.getKey() + "': relation", relation.getKey());
                new References(model, type.name(), relation.getKey()).check(relation.getValue());
            }
        }
        new RelationGraph(model).requireResolvable();
    }

    static FgaException invalid(String message) {
        return new FgaException(FgaException.Code.INVALID_MODEL, message);
    }

    private static void requireName(String what, String name) {
        if (!Identifiers.isName(name)) {
            throw invalid(what + " '" + Identifiers.printable(name) + "' is not a valid name");
        }
        // OpenFGA: "a type cannot be named 'self' or 'this'", and likewise a relation.
        if (name.equals("self") || name.equals("this")) {
            throw invalid(what + " '" + name + "' uses a reserved name ('self' and 'this' are reserved)");
        }
    }

    /** The reference checks for one relation's rewrite. */
    private static final class References {

        private final AuthorizationModel model;
        private final String type;
        private final String prefix;
        private int directAssignments;

        References(AuthorizationModel model, String type, String relation) {
            this.model = model;
            this.type = type;
            this.prefix = "relation '" + type + "#" + relation + "': ";
        }

        // Java 17: no pattern matching for switch, so the sealed type is walked with instanceof.
        void check(Rewrite r) {
            if (r instanceof Rewrite.This t) {
                direct(t.allowed());
            } else if (r instanceof Rewrite.ComputedUserset c) {
                if (model.relation(type, c.relation()).isEmpty()) {
                    throw invalid(prefix + "'" + c.relation() + "' is not a relation of type '" + type + "'");
                }
            } else if (r instanceof Rewrite.TupleToUserset t) {
                tupleToUserset(t);
            } else if (r instanceof Rewrite.Union u) {
                children(u.children(), "union");
            } else if (r instanceof Rewrite.Intersection i) {
                children(i.children(), "intersection");
            } else if (r instanceof Rewrite.Exclusion e) {
                children(List.of(e.base(), e.subtract()), "exclusion");
            }
        }

        private void children(List<Rewrite> children, String operation) {
            Set<Rewrite> seen = new HashSet<>();
            for (Rewrite child : children) {
                // OpenFGA: a partial definition may not repeat within one operation.
                if (!seen.add(child)) {
                    throw invalid(prefix + "operand " + written(child) + " appears twice in one " + operation);
                }
                check(child);
            }
        }

        private void direct(List<SubjectType> allowed) {
            // OpenFGA keeps one list of directly related types per relation.
            if (++directAssignments > 1) {
                throw invalid(prefix + "more than one direct assignment; list every subject type in one [...]");
            }
            Set<SubjectType> seen = new HashSet<>();
            for (SubjectType st : allowed) {
                if (!seen.add(st)) {
                    throw invalid(prefix + "subject type '" + st + "' is listed twice");
                }
                if (model.type(st.type()).isEmpty()) {
                    throw invalid(prefix + "subject type '" + st + "' names type '" + st.type()
                            + "', which is not defined");
                }
                if (st.relation() != null && model.relation(st.type(), st.relation()).isEmpty()) {
                    throw invalid(prefix + "subject type '" + st + "' names relation '" + st.relation()
                            + "', which is not a relation of type '" + st.type() + "'");
                }
            }
        }

        private void tupleToUserset(Rewrite.TupleToUserset t) {
            String written = "'" + t.computedRelation() + " from " + t.tupleset() + "'";
            Rewrite tupleset = model.relation(type, t.tupleset()).orElseThrow(() -> invalid(prefix + "in " + written
                    + ", '" + t.tupleset() + "' is not a relation of type '" + type + "'"));
            // OpenFGA: the tupleset must be a direct assignment only, of concrete types.
            if (!(tupleset instanceof Rewrite.This direct)) {
                throw invalid(prefix + "in " + written + ", the tupleset '" + type + "#" + t.tupleset()
                        + "' must be a direct assignment only (like [folder]), not " + describe(tupleset));
            }
            boolean defined = false;
            for (SubjectType st : direct.allowed()) {
                if (st.relation() != null || st.wildcard()) {
                    throw invalid(prefix + "in " + written + ", the tupleset '" + type + "#" + t.tupleset()
                            + "' may only allow concrete types, but it allows '" + st + "'");
                }
                defined |= model.relation(st.type(), t.computedRelation()).isPresent();
            }
            // OpenFGA: at least one of the tupleset's types must define the computed relation.
            if (!defined) {
                throw invalid(prefix + "in " + written + ", no type allowed on '" + type + "#" + t.tupleset()
                        + "' " + direct.allowed() + " has a relation '" + t.computedRelation() + "'");
            }
        }

        private static String written(Rewrite r) {
            if (r instanceof Rewrite.ComputedUserset c) {
                return "'" + c.relation() + "'";
            } else if (r instanceof Rewrite.TupleToUserset t) {
                return "'" + t.computedRelation() + " from " + t.tupleset() + "'";
            } else if (r instanceof Rewrite.This t) {
                return "'" + t.allowed() + "'";
            }
            return "(" + describe(r) + ")";
        }

        private static String describe(Rewrite r) {
            if (r instanceof Rewrite.ComputedUserset) {
                return "a computed userset";
            } else if (r instanceof Rewrite.TupleToUserset) {
                return "a tuple-to-userset";
            } else if (r instanceof Rewrite.Union) {
                return "a union";
            } else if (r instanceof Rewrite.Intersection) {
                return "an intersection";
            }
            return "an exclusion";
        }
    }
}
