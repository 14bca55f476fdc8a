package dev.scopekeeper.fga.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.dsl.ModelDsl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Models that parse but must not be used, and recursive models that must be accepted. */
class ModelValidatorTest {

    private static final String HEADER = "model\n  schema 1.1\ntype user\n";

    private static AuthorizationModel model(String types) {
        return ModelDsl.parse(HEADER + types);
    }

    private static void assertValid(String types) {
        assertThatCode(() -> ModelValidator.validate(model(types))).doesNotThrowAnyException();
    }

    private static void assertInvalid(String types, String message) {
        assertInvalid(model(types), message);
    }

    private static void assertInvalid(AuthorizationModel model, String message) {
        assertThatThrownBy(() -> ModelValidator.validate(model))
                .isInstanceOfSatisfying(FgaException.class,
                        e -> assertThat(e.code()).isEqualTo(FgaException.Code.INVALID_MODEL))
                .hasMessage(message);
    }

    @Test
    void whenModelHasNoTypesThenInvalid() {
        assertInvalid(ModelDsl.parse("model\n  schema 1.1\n"), "the model defines no types");
    }

    @Test
    void whenOnlyTypesWithoutRelationsThenValid() {
        assertValid("type org\n");
    }

    @Test
    void whenComputedUsersetNamesUndefinedRelationThenInvalid() {
        assertInvalid("type doc\n  relations\n    define editor: [user]\n    define viewer: editr\n",
                "relation 'doc#viewer': 'editr' is not a relation of type 'doc'");
    }

    @Test
    void whenUndefinedRelationIsDeepInsideOperationsThenInvalid() {
        assertInvalid("type doc\n  relations\n    define a: [user]\n    define b: (a or [user]) but not (a and missing)\n",
                "relation 'doc#b': 'missing' is not a relation of type 'doc'");
    }

    @Test
    void whenTuplesetUndefinedThenInvalid() {
        assertInvalid("type doc\n  relations\n    define viewer: [user] or viewer from parnt\n",
                "relation 'doc#viewer': in 'viewer from parnt', 'parnt' is not a relation of type 'doc'");
    }

    @Test
    void whenTuplesetIsAUnionThenInvalid() {
        assertInvalid("type folder\n  relations\n    define root: [folder]\n    define parent: [folder] or root\n"
                        + "    define viewer: [user] or viewer from parent\n",
                "relation 'folder#viewer': in 'viewer from parent', the tupleset 'folder#parent' must be a direct"
                        + " assignment only (like [folder]), not a union");
    }

    @Test
    void whenTuplesetIsAComputedUsersetThenInvalid() {
        assertInvalid("type folder\n  relations\n    define root: [folder]\n    define parent: root\n"
                        + "    define viewer: [user] or viewer from parent\n",
                "relation 'folder#viewer': in 'viewer from parent', the tupleset 'folder#parent' must be a direct"
                        + " assignment only (like [folder]), not a computed userset");
    }

    @Test
    void whenTuplesetAllowsUsersetThenInvalid() {
        assertInvalid("type folder\n  relations\n    define parent: [folder, folder#parent]\n"
                        + "    define viewer: [user] or viewer from parent\n",
                "relation 'folder#viewer': in 'viewer from parent', the tupleset 'folder#parent' may only allow"
                        + " concrete types, but it allows 'folder#parent'");
    }

    @Test
    void whenTuplesetAllowsWildcardThenInvalid() {
        assertInvalid("type doc\n  relations\n    define parent: [doc, doc:*]\n"
                        + "    define viewer: [user] or viewer from parent\n",
                "relation 'doc#viewer': in 'viewer from parent', the tupleset 'doc#parent' may only allow"
                        + " concrete types, but it allows 'doc:*'");
    }

    @Test
    void whenNoTypeOnTuplesetDefinesComputedRelationThenInvalid() {
        assertInvalid("type org\n  relations\n    define member: [user]\ntype doc\n  relations\n"
                        + "    define parent: [org]\n    define viewer: [user] or viewer from parent\n",
                "relation 'doc#viewer': in 'viewer from parent', no type allowed on 'doc#parent' [org] has a"
                        + " relation 'viewer'");
    }

    @Test
    void whenOneTypeOnTuplesetDefinesComputedRelationThenValid() {
        assertValid("type org\n  relations\n    define member: [user]\ntype team\n  relations\n"
                + "    define viewer: [user]\ntype doc\n  relations\n    define parent: [org, team]\n"
                + "    define viewer: [user] or viewer from parent\n");
    }

    @Test
    void whenDirectRestrictionNamesUndefinedTypeThenInvalid() {
        assertInvalid("type doc\n  relations\n    define viewer: [user, usr]\n",
                "relation 'doc#viewer': subject type 'usr' names type 'usr', which is not defined");
    }

    @Test
    void whenUsersetRestrictionNamesUndefinedRelationThenInvalid() {
        assertInvalid("type group\n  relations\n    define member: [user]\ntype doc\n  relations\n"
                        + "    define viewer: [group#membr]\n",
                "relation 'doc#viewer': subject type 'group#membr' names relation 'membr', which is not a"
                        + " relation of type 'group'");
    }

    @Test
    void whenUsersetRestrictionNamesUndefinedTypeThenInvalid() {
        assertInvalid("type doc\n  relations\n    define viewer: [team#member]\n",
                "relation 'doc#viewer': subject type 'team#member' names type 'team', which is not defined");
    }

    @Test
    void whenWildcardOnUndefinedTypeThenInvalid() {
        assertInvalid("type doc\n  relations\n    define viewer: [usr:*]\n",
                "relation 'doc#viewer': subject type 'usr:*' names type 'usr', which is not defined");
    }

    @Test
    void whenSubjectTypeListedTwiceThenInvalid() {
        assertInvalid("type doc\n  relations\n    define viewer: [user, user:*, user]\n",
                "relation 'doc#viewer': subject type 'user' is listed twice");
    }

    @Test
    void whenTwoDirectAssignmentsInOneRelationThenInvalid() {
        assertInvalid("type doc\n  relations\n    define viewer: [user] or [doc]\n",
                "relation 'doc#viewer': more than one direct assignment; list every subject type in one [...]");
    }

    @Test
    void whenOperandRepeatedInUnionThenInvalid() {
        assertInvalid("type doc\n  relations\n    define viewer: [user]\n    define editor: viewer or viewer\n",
                "relation 'doc#editor': operand 'viewer' appears twice in one union");
    }

    @Test
    void whenExclusionSubtractsItsBaseThenInvalid() {
        assertInvalid("type doc\n  relations\n    define parent: [doc]\n    define viewer: [user]\n"
                        + "    define r: viewer from parent but not viewer from parent\n",
                "relation 'doc#r': operand 'viewer from parent' appears twice in one exclusion");
    }

    @Test
    void whenTwoRelationsNameEachOtherThenCycleInvalid() {
        assertInvalid("type doc\n  relations\n    define a: b\n    define b: a\n",
                "relation 'doc#a': computed usersets form a cycle that never resolves: a -> b -> a");
    }

    @Test
    void whenRelationNamesItselfThenCycleInvalid() {
        assertInvalid("type doc\n  relations\n    define viewer: viewer\n",
                "relation 'doc#viewer': computed usersets form a cycle that never resolves: viewer -> viewer");
    }

    @Test
    void whenCycleHidesBehindADirectAssignmentInAUnionThenStillInvalid() {
        assertInvalid("type doc\n  relations\n    define editor: [user] or viewer\n    define viewer: [user] or editor\n",
                "relation 'doc#editor': computed usersets form a cycle that never resolves: editor -> viewer -> editor");
    }

    @Test
    void whenCycleRunsThroughExclusionSubtractsThenInvalid() {
        assertInvalid("type doc\n  relations\n    define admin: [user]\n    define action1: admin but not action2\n"
                        + "    define action2: admin but not action3\n    define action3: admin but not action1\n",
                "relation 'doc#action1': computed usersets form a cycle that never resolves:"
                        + " action1 -> action2 -> action3 -> action1");
    }

    @Test
    void whenRelationOnlyLeadsIntoACycleThenCycleItselfIsNamed() {
        assertInvalid("type doc\n  relations\n    define entry: [user] and loop1\n    define loop1: loop2\n"
                        + "    define loop2: [user] and loop1\n",
                "relation 'doc#loop1': computed usersets form a cycle that never resolves: loop1 -> loop2 -> loop1");
    }

    @Test
    void whenRecursionThroughTupleToUsersetThenValid() {
        assertValid("type folder\n  relations\n    define parent: [folder]\n"
                + "    define viewer: [user] or viewer from parent\n");
    }

    @Test
    void whenRecursionThroughUsersetRestrictionThenValid() {
        assertValid("type group\n  relations\n    define member: [user, group#member]\n");
    }

    @Test
    void whenTupleToUsersetIsTheOnlyPathAndLoopsThenNoEntrypoint() {
        assertInvalid("type group\n  relations\n    define parent: [group]\n    define viewer: viewer from parent\n",
                "relation 'group#viewer' is impossible: no path reaches a directly assigned type or wildcard"
                        + " (no entrypoint)");
    }

    @Test
    void whenTwoTypesOnlyInheritFromEachOtherThenNoEntrypoint() {
        assertInvalid("type team\n  relations\n    define parent: [group]\n    define viewer: viewer from parent\n"
                        + "type group\n  relations\n    define parent: [team]\n    define viewer: viewer from parent\n",
                "relation 'team#viewer' is impossible: no path reaches a directly assigned type or wildcard"
                        + " (no entrypoint)");
    }

    @Test
    void whenOnlyRestrictionIsTheRelationItselfThenNoEntrypoint() {
        assertInvalid("type group\n  relations\n    define viewer: [group#viewer]\n",
                "relation 'group#viewer' is impossible: no path reaches a directly assigned type or wildcard"
                        + " (no entrypoint)");
    }

    @Test
    void whenIntersectionChildHasNoEntrypointThenIntersectionHasNone() {
        assertInvalid("type doc\n  relations\n    define editor: [user]\n    define viewer: [doc#viewer] and editor\n",
                "relation 'doc#viewer' is impossible: no path reaches a directly assigned type or wildcard"
                        + " (no entrypoint)");
    }

    @Test
    void whenExclusionSubtractHasNoEntrypointThenExclusionHasNone() {
        assertInvalid("type folder\n  relations\n    define parent: [folder]\n"
                        + "    define viewer: [user] but not viewer from parent\n",
                "relation 'folder#viewer' is impossible: no path reaches a directly assigned type or wildcard"
                        + " (no entrypoint)");
    }

    @Test
    void whenUnionHasOneEntrypointThenValid() {
        assertValid("type doc\n  relations\n    define parent: [doc]\n"
                + "    define viewer: [user:*, doc#viewer] or viewer from parent\n");
    }

    @Test
    void whenEntrypointIsAWildcardThenValid() {
        assertValid("type doc\n  relations\n    define viewer: [user:*]\n    define can_view: viewer\n");
    }

    @Test
    void whenEntrypointIsReachedThroughAnotherTypesUsersetThenValid() {
        assertValid("type group\n  relations\n    define member: [user]\ntype doc\n  relations\n"
                + "    define viewer: [group#member]\n    define can_view: viewer and viewer from parent\n"
                + "    define parent: [doc]\n");
    }

    @Test
    void whenTypeNameInvalidInAProgrammaticModelThenInvalid() {
        AuthorizationModel m = AuthorizationModel.of(List.of(new TypeDefinition("bad name", Map.of())));

        assertInvalid(m, "type 'bad name' is not a valid name");
    }

    @Test
    void whenRelationNamedThisThenReserved() {
        AuthorizationModel m = AuthorizationModel.of(List.of(new TypeDefinition("user", Map.of()),
                new TypeDefinition("doc", Map.of("this", new Rewrite.This(List.of(SubjectType.of("user")))))));

        assertInvalid(m, "relation 'doc#this': relation 'this' uses a reserved name ('self' and 'this' are reserved)");
    }

    @Test
    void whenThousandsOfChainedComputedUsersetsThenValidWithoutStackOverflow() {
        StringBuilder b = new StringBuilder("type doc\n  relations\n");
        for (int i = 0; i < 5000; i++) {
            b.append("    define r").append(i).append(": r").append(i + 1).append('\n');
        }
        b.append("    define r5000: [user]\n");

        assertValid(b.toString());
    }

    @Test
    void whenLongChainEndsInACycleThenCycleReported() {
        StringBuilder b = new StringBuilder("type doc\n  relations\n");
        for (int i = 0; i < 5000; i++) {
            b.append("    define r").append(i).append(": r").append(i + 1).append('\n');
        }
        b.append("    define r5000: r4999\n");

        assertInvalid(b.toString(),
                "relation 'doc#r4999': computed usersets form a cycle that never resolves: r4999 -> r5000 -> r4999");
    }
}
