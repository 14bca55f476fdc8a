package dev.scopekeeper.fga.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scopekeeper.fga.model.AuthorizationModel;
import dev.scopekeeper.fga.model.Rewrite;
import dev.scopekeeper.fga.model.Rewrite.ComputedUserset;
import dev.scopekeeper.fga.model.Rewrite.Exclusion;
import dev.scopekeeper.fga.model.Rewrite.Intersection;
import dev.scopekeeper.fga.model.Rewrite.This;
import dev.scopekeeper.fga.model.Rewrite.TupleToUserset;
import dev.scopekeeper.fga.model.Rewrite.Union;
import dev.scopekeeper.fga.model.SubjectType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every construct of the DSL parses to the expected model records. */
class ModelDslParseTest {

    private static final String HEADER = "model\n  schema 1.1\n";

    /** The rewrite of {@code doc#r} after parsing {@code define r: <expr>} under a type doc. */
    static Rewrite rewriteOf(String expr) {
        AuthorizationModel m = ModelDsl.parse(HEADER + "type doc\n  relations\n    define r: " + expr + "\n");
        return m.relation("doc", "r").orElseThrow();
    }

    private static This direct(SubjectType... types) {
        return new This(List.of(types));
    }

    private static ComputedUserset cu(String relation) {
        return new ComputedUserset(relation);
    }

    @Test
    void whenOnlyHeaderAndTypesThenTypesHaveNoRelations() {
        AuthorizationModel m = ModelDsl.parse(HEADER + "type user\ntype org\n");

        assertThat(m.schemaVersion()).isEqualTo("1.1");
        assertThat(m.types().keySet()).containsExactly("user", "org");
        assertThat(m.types().get("user").relations()).isEmpty();
    }

    @Test
    void whenHeaderOnlyThenModelHasNoTypes() {
        assertThat(ModelDsl.parse(HEADER).types()).isEmpty();
    }

    @Test
    void whenDirectTypeThenThisWithPlainSubjectType() {
        assertThat(rewriteOf("[user]")).isEqualTo(direct(SubjectType.of("user")));
    }

    @Test
    void whenDirectUsersetAndWildcardThenAllSubjectTypesInOrder() {
        assertThat(rewriteOf("[user, group#member, user:*]")).isEqualTo(direct(
                SubjectType.of("user"), SubjectType.userset("group", "member"), SubjectType.wildcard("user")));
    }

    @Test
    void whenRestrictionsSpanLinesThenTheyAreOneDirectAssignment() {
        assertThat(rewriteOf("[\n      user,\n      group#member\n    ]"))
                .isEqualTo(direct(SubjectType.of("user"), SubjectType.userset("group", "member")));
    }

    @Test
    void whenComputedUsersetThenComputedUserset() {
        assertThat(rewriteOf("owner")).isEqualTo(cu("owner"));
    }

    @Test
    void whenFromThenTupleToUsersetWithTuplesetAndComputedRelation() {
        assertThat(rewriteOf("viewer from parent")).isEqualTo(new TupleToUserset("parent", "viewer"));
    }

    @Test
    void whenOrChainThenOneFlatUnion() {
        assertThat(rewriteOf("[user] or owner or viewer from parent")).isEqualTo(new Union(List.of(
                direct(SubjectType.of("user")), cu("owner"), new TupleToUserset("parent", "viewer"))));
    }

    @Test
    void whenAndChainThenOneFlatIntersection() {
        assertThat(rewriteOf("a and b and c")).isEqualTo(new Intersection(List.of(cu("a"), cu("b"), cu("c"))));
    }

    @Test
    void whenButNotThenExclusionOfBaseAndSubtract() {
        assertThat(rewriteOf("viewer but not blocked")).isEqualTo(new Exclusion(cu("viewer"), cu("blocked")));
    }

    @Test
    void whenParenthesizedUnionButNotThenExclusionOfUnion() {
        assertThat(rewriteOf("([user] or editor or viewer from parent) but not blocked")).isEqualTo(new Exclusion(
                new Union(List.of(direct(SubjectType.of("user")), cu("editor"), new TupleToUserset("parent", "viewer"))),
                cu("blocked")));
    }

    @Test
    void whenParenthesizedGroupInsideUnionThenNestedNotFlattened() {
        assertThat(rewriteOf("a or (b or c)"))
                .isEqualTo(new Union(List.of(cu("a"), new Union(List.of(cu("b"), cu("c"))))));
    }

    @Test
    void whenMixedOperatorsWithParenthesesThenNestedRewrites() {
        assertThat(rewriteOf("a or (b and c)"))
                .isEqualTo(new Union(List.of(cu("a"), new Intersection(List.of(cu("b"), cu("c"))))));
    }

    @Test
    void whenRedundantParenthesesThenInnerRewrite() {
        assertThat(rewriteOf("((owner))")).isEqualTo(cu("owner"));
    }

    @Test
    void whenExclusionSubtractsGroupThenExclusionOfGroup() {
        assertThat(rewriteOf("a but not (b or c)"))
                .isEqualTo(new Exclusion(cu("a"), new Union(List.of(cu("b"), cu("c")))));
    }

    @Test
    void whenDirectAssignmentIsNotFirstOperandThenStillThis() {
        assertThat(rewriteOf("owner or [user]"))
                .isEqualTo(new Union(List.of(cu("owner"), direct(SubjectType.of("user")))));
    }

    @Test
    void whenCommentsBlankLinesAndTrailingCommentsThenIgnored() {
        AuthorizationModel m = ModelDsl.parse("# header comment\n\nmodel  # the model\n  schema 1.1\n\n"
                + "# users\ntype user\n\n\ntype doc # documents\n  relations\n    # who owns it\n"
                + "    define owner: [user] # direct\n");

        assertThat(m.relation("doc", "owner")).contains(direct(SubjectType.of("user")));
    }

    @Test
    void whenCrLfLineEndingsAndNoFinalNewlineThenParsed() {
        AuthorizationModel m = ModelDsl.parse("model\r\n  schema 1.1\r\ntype user\r\ntype doc\r\n  relations\r\n"
                + "    define owner: [user]");

        assertThat(m.relation("doc", "owner")).contains(direct(SubjectType.of("user")));
    }

    @Test
    void whenIndentationIsIrregularThenKeywordsGiveTheStructure() {
        AuthorizationModel m = ModelDsl.parse("model\nschema 1.1\ntype user\n type doc\n relations\n"
                + "        define owner: [user]\n  define viewer: owner\n");

        assertThat(m.types().get("doc").relations().keySet()).containsExactly("owner", "viewer");
    }

    @Test
    void whenNamesUseDigitsUnderscoresAndDashesThenAccepted() {
        AuthorizationModel m = ModelDsl.parse(HEADER + "type _team-2\n  relations\n"
                + "    define can_view-1: [_team-2#can_view-1]\n");

        assertThat(m.relation("_team-2", "can_view-1")).contains(direct(SubjectType.userset("_team-2", "can_view-1")));
    }

    @Test
    void whenSpacesAroundPunctuationThenAccepted() {
        AuthorizationModel m = ModelDsl.parse(HEADER + "type doc\n  relations\n    define r :  [ user , group#member ]  \n");

        assertThat(m.relation("doc", "r")).contains(direct(SubjectType.of("user"), SubjectType.userset("group", "member")));
    }
}
