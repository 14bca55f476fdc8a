package dev.scopekeeper.fga.dsl;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Identifiers;
import dev.scopekeeper.fga.model.AuthorizationModel;
import dev.scopekeeper.fga.model.Rewrite;
import dev.scopekeeper.fga.model.SubjectType;
import dev.scopekeeper.fga.model.TypeDefinition;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenFGA modeling language (schema 1.1), for the subset this engine supports: types,
 * {@code define} with direct assignment ({@code [user, group#member, user:*]}), computed usersets,
 * {@code x from y}, {@code or}, {@code and}, {@code but not} and parentheses.
 *
 * <p>Layout: indentation is not significant (the keywords give the structure, as in OpenFGA's
 * grammar), but it must be made of spaces — a tab is an error. Line breaks inside {@code [...]} and
 * {@code (...)} are ignored. {@code #} starts a comment at the start of a line or after a space.
 * Not supported: conditions ({@code with}), modules, {@code extend}. Names follow
 * {@link dev.scopekeeper.fga.Identifiers#isName} and may not be a DSL keyword or {@code self}/{@code this}.
 */
public final class ModelDsl {

    /** Larger input is refused before parsing. */
    public static final int MAX_CHARS = 1 << 20;

    private ModelDsl() {
    }

    /**
     * Parses DSL text into a model. Does not validate references; see
     * {@link dev.scopekeeper.fga.model.ModelValidator}.
     *
     * @throws FgaException {@code INVALID_DSL} with line, column and what was expected; its cause
     *     is a {@link DslSyntaxError} carrying the same as data
     */
    public static AuthorizationModel parse(String dsl) {
        if (dsl == null) {
            throw new FgaException(FgaException.Code.INVALID_DSL, "the model DSL is missing");
        }
        if (dsl.length() > MAX_CHARS) {
            throw new FgaException(FgaException.Code.INVALID_DSL, "the model DSL has " + dsl.length()
                    + " characters; at most " + MAX_CHARS + " are accepted");
        }
        try {
            return new DslParser(dsl).parse();
        } catch (DslSyntaxError e) {
            throw new FgaException(FgaException.Code.INVALID_DSL, e.getMessage(), e);
        }
    }

    /**
     * Renders a model as DSL text that {@link #parse} reads back to an equal model: two-space
     * indentation, a blank line before each type, composite operands in parentheses.
     *
     * @throws FgaException {@code INVALID_MODEL} if the model cannot be written so: a name that is
     *     not a name or is a DSL keyword, operations nested deeper than {@code parse} accepts, or a
     *     schema version other than 1.1
     */
    public static String write(AuthorizationModel model) {
        if (!model.schemaVersion().equals(DslParser.SCHEMA_VERSION)) {
            throw new FgaException(FgaException.Code.INVALID_MODEL, "schema " + Identifiers.printable(
                    model.schemaVersion()) + " cannot be written; only schema " + DslParser.SCHEMA_VERSION);
        }
        StringBuilder out = new StringBuilder("model\n  schema ").append(model.schemaVersion()).append('\n');
        for (TypeDefinition type : model.types().values()) {
            out.append("\ntype ").append(writable(type.name())).append('\n');
            if (type.relations().isEmpty()) {
                continue;
            }
            out.append("  relations\n");
            for (Map.Entry<String, Rewrite> relation : type.relations().entrySet()) {
                out.append("    define ").append(writable(relation.getKey())).append(": ");
                render(relation.getValue(), out, 0);
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String writable(String name) {
        if (!Identifiers.isName(name) || DslParser.RESERVED.contains(name)) {
            throw new FgaException(FgaException.Code.INVALID_MODEL,
                    "'" + Identifiers.printable(name) + "' cannot be written as a name in the DSL");
        }
        return name;
    }

    // Java 17: no pattern matching for switch, so the sealed type is walked with instanceof.
    private static void render(Rewrite r, StringBuilder out, int depth) {
        if (r instanceof Rewrite.This t) {
            out.append(t.allowed().stream().map(ModelDsl::subjectType).collect(Collectors.joining(", ", "[", "]")));
        } else if (r instanceof Rewrite.ComputedUserset c) {
            out.append(writable(c.relation()));
        } else if (r instanceof Rewrite.TupleToUserset t) {
            out.append(writable(t.computedRelation())).append(" from ").append(writable(t.tupleset()));
        } else if (r instanceof Rewrite.Union u) {
            join(u.children(), " or ", out, depth);
        } else if (r instanceof Rewrite.Intersection i) {
            join(i.children(), " and ", out, depth);
        } else if (r instanceof Rewrite.Exclusion e) {
            operand(e.base(), out, depth);
            out.append(" but not ");
            operand(e.subtract(), out, depth);
        }
    }

    private static String subjectType(SubjectType st) {
        writable(st.type());
        if (st.relation() != null) {
            writable(st.relation());
        }
        return st.toString();
    }

    private static void join(Iterable<Rewrite> children, String operator, StringBuilder out, int depth) {
        boolean first = true;
        for (Rewrite child : children) {
            if (!first) {
                out.append(operator);
            }
            first = false;
            operand(child, out, depth);
        }
    }

    /** An operand of a set operation: composite ones in parentheses so that nesting survives. */
    private static void operand(Rewrite r, StringBuilder out, int depth) {
        boolean composite = r instanceof Rewrite.Union || r instanceof Rewrite.Intersection
                || r instanceof Rewrite.Exclusion;
        if (!composite) {
            render(r, out, depth);
            return;
        }
        if (depth >= DslParser.MAX_NESTING) {
            throw new FgaException(FgaException.Code.INVALID_MODEL, "operations are nested deeper than "
                    + DslParser.MAX_NESTING + " parentheses, which the DSL does not accept");
        }
        out.append('(');
        render(r, out, depth + 1);
        out.append(')');
    }
}
