package dev.scopekeeper.fga.dsl;

import dev.scopekeeper.fga.Identifiers;
import dev.scopekeeper.fga.dsl.DslLexer.Kind;
import dev.scopekeeper.fga.dsl.DslLexer.Token;
import dev.scopekeeper.fga.model.AuthorizationModel;
import dev.scopekeeper.fga.model.Rewrite;
import dev.scopekeeper.fga.model.SubjectType;
import dev.scopekeeper.fga.model.TypeDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for the schema 1.1 subset, one token of lookahead:
 *
 * <pre>
 * model    := 'model' NL 'schema' '1.1' NL type*
 * type     := 'type' NAME NL ('relations' NL define+)?
 * define   := 'define' NAME ':' expr NL
 * expr     := operand (('or' operand)+ | ('and' operand)+ | 'but' 'not' operand)?
 * operand  := '[' subject (',' subject)* ']' | '(' expr ')' | NAME ('from' NAME)?
 * subject  := NAME (':' '*' | '#' NAME)?
 * </pre>
 *
 * As in OpenFGA, different operators at one level need parentheses, and {@code but not} takes
 * exactly one base and one subtracted operand. Unlike OpenFGA, a direct assignment may be any
 * operand, not only the first (the meaning is the same; it lets {@link ModelDsl#write} render
 * every model).
 */
final class DslParser {

    static final String SCHEMA_VERSION = "1.1";
    static final int MAX_NESTING = 50;

    /** Keywords of the OpenFGA DSL, and the names OpenFGA reserves ({@code self}, {@code this}). */
    static final Set<String> RESERVED = Set.of("model", "schema", "type", "relations", "define", "or", "and",
            "but", "from", "with", "condition", "module", "extend", "self", "this");

    private static final String NAME_RULE = "letters, digits, _ and -, starting with a letter or _, at most "
            + Identifiers.MAX_NAME_LENGTH + " characters";

    private final DslLexer lexer;
    private Token next;

    DslParser(String text) {
        this.lexer = new DslLexer(text);
        this.next = lexer.next();
    }

    AuthorizationModel parse() {
        if (next.isWord("module")) {
            throw error("'model'", "modular models are not supported");
        }
        keyword("model");
        endOfLine();
        keyword("schema");
        Token version = next;
        if (version.kind() != Kind.WORD) {
            throw error("the schema version '" + SCHEMA_VERSION + "'", null);
        }
        if (!version.text().equals(SCHEMA_VERSION)) {
            throw error("the schema version '" + SCHEMA_VERSION + "'", "only schema " + SCHEMA_VERSION
                    + " is supported");
        }
        advance();
        endOfLine();
        Map<String, TypeDefinition> types = new LinkedHashMap<>();
        Map<String, Integer> typeLines = new HashMap<>();
        boolean lastHasRelations = true;
        while (next.isWord("type")) {
            advance();
            Token nameToken = next;
            String name = name("a type name");
            Integer firstLine = typeLines.putIfAbsent(name, nameToken.line());
            if (firstLine != null) {
                throw new DslSyntaxError(nameToken.line(), nameToken.column(), "a type name not yet defined",
                        nameToken.describe(), "type '" + name + "' is already defined on line " + firstLine);
            }
            endOfLine();
            TypeDefinition type = new TypeDefinition(name, relations(name));
            types.put(name, type);
            lastHasRelations = !type.relations().isEmpty();
        }
        if (next.kind() != Kind.EOF) {
            throw error((lastHasRelations ? "" : "'relations', ") + "'type' or end of input", unsupported());
        }
        return new AuthorizationModel(SCHEMA_VERSION, types);
    }

    private Map<String, Rewrite> relations(String type) {
        Map<String, Rewrite> relations = new LinkedHashMap<>();
        if (!next.isWord("relations")) {
            return relations;
        }
        advance();
        endOfLine();
        Map<String, Integer> lines = new HashMap<>();
        do {
            keyword("define");
            Token nameToken = next;
            String name = name("a relation name");
            Integer firstLine = lines.putIfAbsent(name, nameToken.line());
            if (firstLine != null) {
                throw new DslSyntaxError(nameToken.line(), nameToken.column(),
                        "a relation name not yet defined on type '" + type + "'", nameToken.describe(),
                        "relation '" + name + "' is already defined on line " + firstLine);
            }
            expect(Kind.COLON, "':'");
            relations.put(name, expression(0));
            endOfLine();
        } while (next.isWord("define"));
        if (next.kind() != Kind.EOF && !next.isWord("type")) {
            throw error("'define', 'type' or end of input", unsupported());
        }
        return relations;
    }

    /** An expression at parenthesis depth {@code depth}; stops before its closing token. */
    private Rewrite expression(int depth) {
        String closing = depth == 0 ? "end of line" : "')'";
        Rewrite first = operand(depth);
        String op = operator();
        if (op == null) {
            return finish(first, "'or', 'and', 'but not' or " + closing, depth);
        }
        if (op.equals("but not")) {
            advanceOperator();
            Rewrite subtract = operand(depth);
            return finish(new Rewrite.Exclusion(first, subtract), closing, depth);
        }
        List<Rewrite> children = new ArrayList<>();
        children.add(first);
        while (op.equals(operator())) {
            advanceOperator();
            children.add(operand(depth));
        }
        Rewrite combined = op.equals("or") ? new Rewrite.Union(children) : new Rewrite.Intersection(children);
        return finish(combined, "'" + op + "' or " + closing, depth);
    }

    private Rewrite finish(Rewrite result, String expected, int depth) {
        Kind closing = depth == 0 ? Kind.NEWLINE : Kind.RPAREN;
        if (next.kind() != closing) {
            // OpenFGA: operators of different kinds at one level need parentheses.
            String hint = operator() == null ? null
                    : "use parentheses to combine different operators or more than one 'but not'";
            throw error(expected, hint);
        }
        return result;
    }

    private Rewrite operand(int depth) {
        switch (next.kind()) {
            case LBRACKET:
                return direct();
            case LPAREN: {
                if (depth >= MAX_NESTING) {
                    throw error("at most " + MAX_NESTING + " nested parentheses", "nesting is too deep");
                }
                advance();
                Rewrite inner = expression(depth + 1);
                advance(); // the ')' that expression() stopped at
                return inner;
            }
            case WORD: {
                String relation = name("a relation name");
                if (!next.isWord("from")) {
                    return new Rewrite.ComputedUserset(relation);
                }
                advance();
                String tupleset = name("a relation name after 'from'");
                return new Rewrite.TupleToUserset(tupleset, relation);
            }
            default:
                throw error("a relation name, '[' or '('", null);
        }
    }

    private Rewrite direct() {
        advance();
        List<SubjectType> allowed = new ArrayList<>();
        while (true) {
            allowed.add(subjectType());
            if (next.kind() == Kind.RBRACKET) {
                advance();
                return new Rewrite.This(allowed);
            }
            if (next.kind() != Kind.COMMA) {
                throw error("']' or ','", unsupported());
            }
            advance();
        }
    }

    private SubjectType subjectType() {
        String type = name("a type name");
        if (next.kind() == Kind.COLON) {
            advance();
            expect(Kind.STAR, "'*'");
            return SubjectType.wildcard(type);
        }
        if (next.kind() == Kind.HASH) {
            advance();
            return SubjectType.userset(type, name("a relation name"));
        }
        return SubjectType.of(type);
    }

    /** A hint when the lookahead starts an OpenFGA feature this engine does not support, else null. */
    private String unsupported() {
        if (next.isWord("with") || next.isWord("condition")) {
            return "conditions are not supported";
        }
        return next.isWord("extend") ? "modular models are not supported" : null;
    }

    /** The operator at the lookahead ("or", "and", "but not"), or null. */
    private String operator() {
        if (next.isWord("or") || next.isWord("and")) {
            return next.text();
        }
        return next.isWord("but") ? "but not" : null;
    }

    private void advanceOperator() {
        boolean but = next.isWord("but");
        advance();
        if (but) {
            keyword("not");
        }
    }

    private String name(String what) {
        Token t = next;
        if (t.kind() != Kind.WORD) {
            throw error(what, null);
        }
        if (RESERVED.contains(t.text())) {
            throw new DslSyntaxError(t.line(), t.column(), what, "the keyword " + t.describe(),
                    "'" + t.text() + "' is reserved");
        }
        if (!Identifiers.isName(t.text())) {
            throw new DslSyntaxError(t.line(), t.column(), what + " (" + NAME_RULE + ")", t.describe(), null);
        }
        advance();
        return t.text();
    }

    private void keyword(String word) {
        if (!next.isWord(word)) {
            throw error("'" + word + "'", null);
        }
        advance();
    }

    private void expect(Kind kind, String what) {
        if (next.kind() != kind) {
            throw error(what, null);
        }
        advance();
    }

    private void endOfLine() {
        expect(Kind.NEWLINE, "end of line");
    }

    private void advance() {
        next = lexer.next();
    }

    private DslSyntaxError error(String expected, String hint) {
        return new DslSyntaxError(next.line(), next.column(), expected, next.describe(), hint);
    }
}
