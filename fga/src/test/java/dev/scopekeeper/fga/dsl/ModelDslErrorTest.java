package dev.scopekeeper.fga.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scopekeeper.fga.FgaException;
import org.junit.jupiter.api.Test;

/**
 * Malformed DSL: every error names line and column (1-based), what was expected and what was found.
 * Columns are counted by hand from the text under test.
 */
class ModelDslErrorTest {

    private static final String HEADER = "model\n  schema 1.1\n";
    /** A relation {@code r} on line 5; its expression starts at column 15. */
    private static final String DEFINE_R = HEADER + "type doc\n  relations\n    define r: ";

    private static DslSyntaxError syntaxError(String dsl) {
        FgaException e = catchThrowableOfType(FgaException.class, () -> ModelDsl.parse(dsl));
        assertThat(e).as("parse must fail").isNotNull();
        assertThat(e.code()).isEqualTo(FgaException.Code.INVALID_DSL);
        assertThat(e.getCause()).isInstanceOf(DslSyntaxError.class);
        assertThat(e.getMessage()).isEqualTo(e.getCause().getMessage());
        return (DslSyntaxError) e.getCause();
    }

    private static void assertError(String dsl, int line, int column, String expected, String found) {
        DslSyntaxError e = syntaxError(dsl);
        assertThat(e.line()).as("line").isEqualTo(line);
        assertThat(e.column()).as("column").isEqualTo(column);
        assertThat(e.expected()).as("expected").isEqualTo(expected);
        assertThat(e.found()).as("found").isEqualTo(found);
        assertThat(e.getMessage()).startsWith("line " + line + ", column " + column + ": expected " + expected
                + " but found " + found);
    }

    @Test
    void whenOperatorInsideBracketsThenMessageNamesLineColumnExpectedAndFound() {
        FgaException e = catchThrowableOfType(FgaException.class, () -> ModelDsl.parse(DEFINE_R + "[user or owner]\n"));

        assertThat(e.getMessage()).isEqualTo("line 5, column 21: expected ']' or ',' but found 'or'");
    }

    @Test
    void whenInputIsEmptyThenModelExpected() {
        assertError("", 1, 1, "'model'", "end of input");
    }

    @Test
    void whenHeaderMissingThenModelExpected() {
        assertError("type user\n", 1, 1, "'model'", "'type'");
    }

    @Test
    void whenSchemaLineMissingThenSchemaExpected() {
        assertError("model\ntype user\n", 2, 1, "'schema'", "'type'");
    }

    @Test
    void whenHeaderOnOneLineThenEndOfLineExpected() {
        assertError("model schema 1.1\n", 1, 7, "end of line", "'schema'");
    }

    @Test
    void whenSchemaVersionIsNotOneOneThenRejected() {
        assertError("model\n  schema 1.0\ntype user\n", 2, 10, "the schema version '1.1'", "'1.0'");
        assertThat(syntaxError("model\n  schema 1.2\n").getMessage()).endsWith("(only schema 1.1 is supported)");
    }

    @Test
    void whenSchemaVersionMissingThenVersionExpected() {
        assertError("model\n  schema\n", 2, 9, "the schema version '1.1'", "end of line");
    }

    @Test
    void whenModuleHeaderThenModularModelsUnsupported() {
        assertError("module foo\n", 1, 1, "'model'", "'module'");
        assertThat(syntaxError("module foo\n").getMessage()).endsWith("(modular models are not supported)");
    }

    @Test
    void whenMixingOrAndAndWithoutParenthesesThenError() {
        assertError(DEFINE_R + "a or b and c\n", 5, 22, "'or' or end of line", "'and'");
        assertThat(syntaxError(DEFINE_R + "a or b and c\n").getMessage()).contains("use parentheses");
    }

    @Test
    void whenMixingAndThenOrWithoutParenthesesThenError() {
        assertError(DEFINE_R + "a and b or c\n", 5, 23, "'and' or end of line", "'or'");
    }

    @Test
    void whenOrAfterButNotWithoutParenthesesThenError() {
        assertError(DEFINE_R + "a or b but not c\n", 5, 22, "'or' or end of line", "'but'");
    }

    @Test
    void whenTwoButNotsThenSecondRejected() {
        assertError(DEFINE_R + "a but not b but not c\n", 5, 27, "end of line", "'but'");
    }

    @Test
    void whenOperatorFollowsExclusionThenRejected() {
        assertError(DEFINE_R + "a but not b or c\n", 5, 27, "end of line", "'or'");
    }

    @Test
    void whenMixingInsideParenthesesThenClosingParenthesisExpected() {
        assertError(DEFINE_R + "(a or b and c)\n", 5, 23, "'or' or ')'", "'and'");
    }

    @Test
    void whenButWithoutNotThenNotExpected() {
        assertError(DEFINE_R + "a but b\n", 5, 21, "'not'", "'b'");
    }

    @Test
    void whenOperandMissingAfterOperatorThenOperandExpected() {
        assertError(DEFINE_R + "a or\n", 5, 19, "a relation name, '[' or '('", "end of line");
    }

    @Test
    void whenTwoOperandsWithoutOperatorThenOperatorExpected() {
        assertError(DEFINE_R + "owner editor\n", 5, 21, "'or', 'and', 'but not' or end of line", "'editor'");
    }

    @Test
    void whenExpressionMissingThenOperandExpected() {
        assertError(DEFINE_R + "\n", 5, 15, "a relation name, '[' or '('", "end of line");
    }

    @Test
    void whenFromWithoutTuplesetThenRelationExpected() {
        assertError(DEFINE_R + "viewer from\n", 5, 26, "a relation name after 'from'", "end of line");
    }

    @Test
    void whenFromChainedThenRejected() {
        assertError(DEFINE_R + "viewer from parent from x\n", 5, 34, "'or', 'and', 'but not' or end of line",
                "'from'");
    }

    @Test
    void whenBracketsEmptyThenTypeExpected() {
        assertError(DEFINE_R + "[]\n", 5, 16, "a type name", "']'");
    }

    @Test
    void whenTrailingCommaInBracketsThenTypeExpected() {
        assertError(DEFINE_R + "[user,]\n", 5, 21, "a type name", "']'");
    }

    @Test
    void whenWildcardStarMissingThenStarExpected() {
        assertError(DEFINE_R + "[user:]\n", 5, 21, "'*'", "']'");
    }

    @Test
    void whenUsersetRelationMissingThenRelationExpected() {
        assertError(DEFINE_R + "[group#]\n", 5, 22, "a relation name", "']'");
    }

    @Test
    void whenBracketNeverClosedThenEndOfInputFound() {
        assertError(DEFINE_R + "[user\n", 6, 1, "']' or ','", "end of input");
    }

    @Test
    void whenBracketUnclosedBeforeNextDefineThenDefineFound() {
        assertError(DEFINE_R + "[user\n    define s: [user]\n", 6, 5, "']' or ','", "'define'");
    }

    @Test
    void whenParenthesisNeverClosedThenClosingExpected() {
        assertError(DEFINE_R + "(a or b", 5, 22, "'or' or ')'", "end of input");
    }

    @Test
    void whenExtraClosingParenthesisThenRejected() {
        assertError(DEFINE_R + "a)\n", 5, 16, "'or', 'and', 'but not' or end of line", "')'");
    }

    @Test
    void whenColonMissingThenColonExpected() {
        assertError(HEADER + "type doc\n  relations\n    define r [user]\n", 5, 14, "':'", "'['");
    }

    @Test
    void whenConditionOnRestrictionThenUnsupported() {
        assertError(DEFINE_R + "[user with ip]\n", 5, 21, "']' or ','", "'with'");
        assertThat(syntaxError(DEFINE_R + "[user with ip]\n").getMessage())
                .endsWith("(conditions are not supported)");
    }

    @Test
    void whenConditionBlockThenUnsupported() {
        String dsl = DEFINE_R + "[user]\ncondition ip(x: string) {\n  x == \"a\"\n}\n";

        assertError(dsl, 6, 1, "'define', 'type' or end of input", "'condition'");
        assertThat(syntaxError(dsl).getMessage()).endsWith("(conditions are not supported)");
    }

    @Test
    void whenJunkAfterTypeWithoutRelationsThenRelationsOrTypeExpected() {
        assertError(HEADER + "type doc\n  define r: [user]\n", 4, 3, "'relations', 'type' or end of input",
                "'define'");
    }

    @Test
    void whenRelationsHasNoDefineThenDefineExpected() {
        assertError(HEADER + "type doc\n  relations\ntype user\n", 5, 1, "'define'", "'type'");
    }

    @Test
    void whenKeywordUsedAsRelationNameThenReserved() {
        assertError(HEADER + "type doc\n  relations\n    define or: [user]\n", 5, 12, "a relation name",
                "the keyword 'or'");
    }

    @Test
    void whenTypeNamedSelfThenReserved() {
        assertError(HEADER + "type self\n", 3, 6, "a type name", "the keyword 'self'");
    }

    @Test
    void whenNameStartsWithDigitThenNameRuleExplained() {
        DslSyntaxError e = syntaxError(HEADER + "type doc\n  relations\n    define 1abc: [user]\n");

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(12);
        assertThat(e.expected()).startsWith("a relation name (letters, digits, _ and -");
        assertThat(e.found()).isEqualTo("'1abc'");
    }

    @Test
    void whenNameLongerThan64ThenRejected() {
        String longName = "a".repeat(65);
        DslSyntaxError e = syntaxError(HEADER + "type " + longName + "\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(6);
        assertThat(e.expected()).contains("at most 64 characters");
    }

    @Test
    void whenUnexpectedCharacterThenShownAsFound() {
        assertError(DEFINE_R + "@\n", 5, 15, "a relation name, '[' or '('", "'@'");
    }

    @Test
    void whenNonAsciiLetterInNameThenRejectedAtThatCharacter() {
        assertError(DEFINE_R + "[usér]\n", 5, 18, "']' or ','", "'é'");
    }

    @Test
    void whenTabIndentsThenRejected() {
        assertError("model\n\tschema 1.1\n", 2, 1, "a space", "a tab");
        assertThat(syntaxError("model\n\tschema 1.1\n").getMessage()).endsWith("(indent and separate with spaces)");
    }

    @Test
    void whenTabInsideCommentThenIgnored() {
        assertThat(ModelDsl.parse("model #\tcomment\n  schema 1.1\n").types()).isEmpty();
    }

    @Test
    void whenTypeDefinedTwiceThenErrorAtSecondWithFirstLine() {
        assertError(HEADER + "type user\ntype user\n", 4, 6, "a type name not yet defined", "'user'");
        assertThat(syntaxError(HEADER + "type user\ntype user\n").getMessage())
                .endsWith("(type 'user' is already defined on line 3)");
    }

    @Test
    void whenRelationDefinedTwiceInTypeThenErrorAtSecond() {
        String dsl = DEFINE_R + "[user]\n    define r: [user]\n";

        assertError(dsl, 6, 12, "a relation name not yet defined on type 'doc'", "'r'");
        assertThat(syntaxError(dsl).getMessage()).endsWith("(relation 'r' is already defined on line 5)");
    }

    @Test
    void whenSameRelationNameInTwoTypesThenAccepted() {
        assertThat(ModelDsl.parse(HEADER + "type a\n  relations\n    define r: [a]\ntype b\n  relations\n"
                + "    define r: [a]\n").types()).hasSize(2);
    }

    @Test
    void whenParenthesesNested50DeepThenParsed() {
        assertThat(ModelDslParseTest.rewriteOf("(".repeat(50) + "a" + ")".repeat(50)))
                .isEqualTo(new dev.scopekeeper.fga.model.Rewrite.ComputedUserset("a"));
    }

    @Test
    void whenParenthesesNested51DeepThenNestingErrorAtThe51st() {
        assertError(DEFINE_R + "(".repeat(51) + "a" + ")".repeat(51) + "\n", 5, 65,
                "at most 50 nested parentheses", "'('");
    }

    @Test
    void whenParenthesesNestedVeryDeepThenCleanErrorNotStackOverflow() {
        DslSyntaxError e = syntaxError(DEFINE_R + "(".repeat(100_000) + "a" + ")".repeat(100_000) + "\n");

        assertThat(e.expected()).isEqualTo("at most 50 nested parentheses");
    }

    @Test
    void whenInputLargerThanOneMegabyteThenRejectedBeforeParsing() {
        String huge = HEADER + "#".repeat(ModelDsl.MAX_CHARS);

        assertThatThrownBy(() -> ModelDsl.parse(huge))
                .isInstanceOfSatisfying(FgaException.class,
                        e -> assertThat(e.code()).isEqualTo(FgaException.Code.INVALID_DSL))
                .hasMessageContaining("at most 1048576");
    }

    @Test
    void whenInputNullThenInvalidDsl() {
        assertThatThrownBy(() -> ModelDsl.parse(null))
                .isInstanceOfSatisfying(FgaException.class,
                        e -> assertThat(e.code()).isEqualTo(FgaException.Code.INVALID_DSL))
                .hasMessage("the model DSL is missing");
    }

    @Test
    void whenControlCharacterFoundThenEscapedInMessage() {
        assertError(DEFINE_R + "\u0007\n", 5, 15, "a relation name, '[' or '('", "'U+0007'");
    }
}
