package dev.scopekeeper.fga.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.scopekeeper.fga.model.AuthorizationModel;
import dev.scopekeeper.fga.model.ModelValidator;
import dev.scopekeeper.fga.model.Rewrite.ComputedUserset;
import dev.scopekeeper.fga.model.Rewrite.Exclusion;
import dev.scopekeeper.fga.model.Rewrite.Intersection;
import dev.scopekeeper.fga.model.Rewrite.This;
import dev.scopekeeper.fga.model.Rewrite.TupleToUserset;
import dev.scopekeeper.fga.model.Rewrite.Union;
import dev.scopekeeper.fga.model.SubjectType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example models parse, validate, and mean what the model says. */
class ExampleModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"documents.fga", "github.fga", "drive.fga", "photos.fga"})
    void whenExampleModelParsedThenItValidates(String file) {
        AuthorizationModel m = ModelDsl.parse(ExampleModels.read(file));

        assertThat(m.types()).isNotEmpty();
        assertThatCode(() -> ModelValidator.validate(m)).doesNotThrowAnyException();
    }

    @Test
    void whenDocumentsModelParsedThenRelationsAreTheExpectedRewrites() {
        AuthorizationModel m = ModelDsl.parse(ExampleModels.read("documents.fga"));

        assertThat(m.types().keySet()).containsExactly("user", "group", "folder", "document");
        assertThat(m.relation("group", "member")).contains(
                new This(List.of(SubjectType.of("user"), SubjectType.userset("group", "member"))));
        assertThat(m.relation("folder", "viewer")).contains(new Union(List.of(
                new This(List.of(SubjectType.of("user"), SubjectType.wildcard("user"),
                        SubjectType.userset("group", "member"))),
                new ComputedUserset("owner"),
                new TupleToUserset("parent", "viewer"))));
        assertThat(m.relation("document", "viewer")).contains(new Exclusion(
                new Union(List.of(new This(List.of(SubjectType.of("user"))), new ComputedUserset("editor"),
                        new TupleToUserset("parent", "viewer"))),
                new ComputedUserset("blocked")));
        assertThat(m.relation("document", "can_delete")).contains(
                new Intersection(List.of(new ComputedUserset("owner"), new ComputedUserset("editor"))));
        assertThat(m.types().get("document").relations().keySet())
                .containsExactly("parent", "owner", "blocked", "editor", "viewer", "can_delete");
    }

    @Test
    void whenGithubModelParsedThenOrganizationRolesReachRepositories() {
        AuthorizationModel m = ModelDsl.parse(ExampleModels.read("github.fga"));

        assertThat(m.relation("repo", "admin")).contains(new Union(List.of(
                new This(List.of(SubjectType.of("user"), SubjectType.userset("team", "member"))),
                new TupleToUserset("owner", "repo_admin"))));
        assertThat(m.directlyAssignable("repo", "owner")).containsExactly(SubjectType.of("organization"));
    }
}
