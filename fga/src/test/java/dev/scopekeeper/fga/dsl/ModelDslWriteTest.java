package dev.scopekeeper.fga.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.model.AuthorizationModel;
import dev.scopekeeper.fga.model.Rewrite;
import dev.scopekeeper.fga.model.Rewrite.ComputedUserset;
import dev.scopekeeper.fga.model.Rewrite.Exclusion;
import dev.scopekeeper.fga.model.Rewrite.Intersection;
import dev.scopekeeper.fga.model.Rewrite.This;
import dev.scopekeeper.fga.model.Rewrite.TupleToUserset;
import dev.scopekeeper.fga.model.Rewrite.Union;
import dev.scopekeeper.fga.model.SubjectType;
import dev.scopekeeper.fga.model.TypeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ModelDsl#write} renders canonical DSL that {@link ModelDsl#parse} reads back to an equal model. */
class ModelDslWriteTest {

    private static AuthorizationModel single(Rewrite rewrite) {
        return AuthorizationModel.of(List.of(new TypeDefinition("user", Map.of()),
                new TypeDefinition("doc", Map.of("r", rewrite))));
    }

    private static ComputedUserset cu(String relation) {
        return new ComputedUserset(relation);
    }

    @ParameterizedTest
    @ValueSource(strings = {"documents.fga", "github.fga", "drive.fga", "photos.fga"})
    void whenExampleModelWrittenThenParsesBackToEqualModel(String file) {
        AuthorizationModel parsed = ModelDsl.parse(ExampleModels.read(file));

        String written = ModelDsl.write(parsed);

        assertThat(ModelDsl.parse(written)).isEqualTo(parsed);
        assertThat(ModelDsl.write(ModelDsl.parse(written))).as("canonical form is stable").isEqualTo(written);
    }

    @Test
    void whenModelWrittenThenCanonicalLayout() {
        AuthorizationModel m = ModelDsl.parse("model\nschema 1.1\ntype user\ntype group\nrelations\n"
                + "define member:[user,group#member,user:*]\n define admin: (member and [user]) but not (owner or member)"
                + "\n define owner :[user]\n");

        assertThat(ModelDsl.write(m)).isEqualTo("model\n  schema 1.1\n\ntype user\n\ntype group\n  relations\n"
                + "    define member: [user, group#member, user:*]\n"
                + "    define admin: (member and [user]) but not (owner or member)\n"
                + "    define owner: [user]\n");
    }

    @Test
    void whenUnionNestedInUnionThenParenthesesKeepTheNesting() {
        Rewrite nested = new Union(List.of(cu("a"), new Union(List.of(cu("b"), cu("c")))));

        assertThat(ModelDsl.write(single(nested))).contains("define r: a or (b or c)\n");
        assertThat(ModelDsl.parse(ModelDsl.write(single(nested)))).isEqualTo(single(nested));
    }

    @Test
    void whenExclusionOfExclusionThenBothSidesParenthesized() {
        Rewrite r = new Exclusion(new Exclusion(cu("a"), cu("b")), new Intersection(List.of(cu("c"),
                new TupleToUserset("parent", "viewer"))));

        assertThat(ModelDsl.write(single(r))).contains("define r: (a but not b) but not (c and viewer from parent)\n");
        assertThat(ModelDsl.parse(ModelDsl.write(single(r)))).isEqualTo(single(r));
    }

    @Test
    void whenNameIsAKeywordThenWriteRefuses() {
        assertThatThrownBy(() -> ModelDsl.write(single(cu("or"))))
                .isInstanceOfSatisfying(FgaException.class,
                        e -> assertThat(e.code()).isEqualTo(FgaException.Code.INVALID_MODEL))
                .hasMessage("'or' cannot be written as a name in the DSL");
    }

    @Test
    void whenNestingDeeperThanParseAcceptsThenWriteRefuses() {
        Rewrite r = cu("a");
        for (int i = 0; i < 60; i++) {
            r = new Union(List.of(cu("x"), r));
        }
        Rewrite deep = r;

        assertThatThrownBy(() -> ModelDsl.write(single(deep)))
                .isInstanceOfSatisfying(FgaException.class,
                        e -> assertThat(e.code()).isEqualTo(FgaException.Code.INVALID_MODEL))
                .hasMessageContaining("nested deeper than 50");
    }

    @Test
    void whenSchemaVersionIsNotOneOneThenWriteRefuses() {
        AuthorizationModel m = new AuthorizationModel("1.0", Map.of());

        assertThatThrownBy(() -> ModelDsl.write(m)).hasMessageContaining("only schema 1.1");
    }

    /** Property: random rewrite trees (fixed seed, so failures reproduce) survive write then parse. */
    @Test
    void whenRandomModelsWrittenThenEachParsesBackToEqualModel() {
        Random random = new Random(20240605L);
        for (int n = 0; n < 300; n++) {
            Map<String, Rewrite> relations = new LinkedHashMap<>();
            int count = 1 + random.nextInt(5);
            for (int i = 0; i < count; i++) {
                relations.put("r" + i, randomRewrite(random, 4));
            }
            AuthorizationModel m = AuthorizationModel.of(List.of(new TypeDefinition("user", Map.of()),
                    new TypeDefinition("doc", relations)));

            String written = ModelDsl.write(m);

            assertThat(ModelDsl.parse(written)).as(written).isEqualTo(m);
        }
    }

    private static Rewrite randomRewrite(Random random, int depth) {
        int kind = random.nextInt(depth == 0 ? 3 : 6);
        switch (kind) {
            case 0: {
                List<SubjectType> allowed = new ArrayList<>();
                allowed.add(SubjectType.of("user"));
                if (random.nextBoolean()) {
                    allowed.add(SubjectType.userset("doc", "r0"));
                }
                if (random.nextBoolean()) {
                    allowed.add(0, SubjectType.wildcard("user"));
                }
                return new This(allowed);
            }
            case 1:
                return cu("r" + random.nextInt(5));
            case 2:
                return new TupleToUserset("r" + random.nextInt(5), "r" + random.nextInt(5));
            case 3:
                return new Union(children(random, depth));
            case 4:
                return new Intersection(children(random, depth));
            default:
                return new Exclusion(randomRewrite(random, depth - 1), randomRewrite(random, depth - 1));
        }
    }

    private static List<Rewrite> children(Random random, int depth) {
        List<Rewrite> children = new ArrayList<>();
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            children.add(randomRewrite(random, depth - 1));
        }
        return children;
    }
}
