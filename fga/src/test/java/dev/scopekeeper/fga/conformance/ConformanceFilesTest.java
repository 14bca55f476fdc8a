package dev.scopekeeper.fga.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.conformance.ConformanceCases.CaseFile;
import dev.scopekeeper.fga.conformance.ConformanceCases.TestCase;
import dev.scopekeeper.fga.conformance.ConformanceFiles.Loaded;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The conformance files themselves: all listed, well-formed, and many enough. */
class ConformanceFilesTest {

    private static final String HEAD = "tests:\n  - name: t\n    model: |\n      model\n        schema 1.1\n      type user\n";

    @Test
    void whenIndexIsReadThenItListsEveryYamlFileOfTheFolder() throws URISyntaxException {
        URL folder = getClass().getClassLoader().getResource(ConformanceFiles.FOLDER);
        assertThat(folder).isNotNull();
        assertThat(folder.getProtocol()).as("read from target/test-classes in this module").isEqualTo("file");
        Set<String> onDisk = Arrays.stream(new File(folder.toURI()).list())
                .filter(n -> n.endsWith(".yaml")).collect(Collectors.toSet());
        assertThat(ConformanceFiles.index()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void whenAllFilesAreLoadedThenTheyHoldManyDozensOfCases() {
        List<Loaded> files = ConformanceFiles.loadAll();
        int tests = files.stream().mapToInt(f -> f.cases().tests().size()).sum();
        int steps = files.stream().mapToInt(f -> ConformanceFiles.steps(f.cases())).sum();
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        assertThat(tests).isGreaterThanOrEqualTo(40);
        assertThat(steps).isGreaterThanOrEqualTo(80);
    }

    @Test
    void whenAllFilesAreLoadedThenEveryRewriteAndErrorKindIsExercised() {
        List<TestCase> all = ConformanceFiles.loadAll().stream().flatMap(f -> f.cases().tests().stream()).toList();
        String models = all.stream().map(TestCase::model).collect(Collectors.joining("\n"));
        assertThat(models).contains(" or ", " and ", " but not ", " from ", "#member]", "user:*", "((");
        Set<String> errors = all.stream().flatMap(t -> t.assertions().stream()).map(a -> a.error())
                .filter(e -> e != null).collect(Collectors.toSet());
        assertThat(errors).contains("DEPTH_EXCEEDED", "INVALID_INPUT", "INVALID_TUPLE");
        assertThat(all).extracting(TestCase::modelError).contains("INVALID_DSL", "INVALID_MODEL");
        assertThat(all).extracting(TestCase::writeError).contains("INVALID_TUPLE");
        assertThat(all).anySatisfy(t -> assertThat(t.assertions()).anySatisfy(a -> assertThat(a.contextualTuples()).isNotEmpty()));
        assertThat(all).anySatisfy(t -> assertThat(t.assertions()).anySatisfy(a -> assertThat(a.listUsers()).isNotNull()));
    }

    @Test
    void whenAValidFileIsParsedThenItsCasesAreKept() {
        CaseFile file = ConformanceFiles.parse("ok.yaml", HEAD
                + "    tuples: [doc:1#viewer@user:anne]\n"
                + "    assertions:\n"
                + "      - check: doc:1#viewer@user:anne\n        expect: true\n"
                + "      - list_objects: doc#viewer@user:anne\n        expect: [doc:1]\n"
                + "      - list_users: doc:1#viewer\n        subject_types: [user, group#member]\n        expect: []\n");
        assertThat(file.tests()).singleElement().satisfies(t -> assertThat(t.assertions()).hasSize(3));
        assertThat(ConformanceFiles.steps(file)).isEqualTo(3);
    }

    @Test
    void whenAKeyIsMisspeltThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("typo.yaml", HEAD
                + "    assertions:\n      - check: doc:1#viewer@user:anne\n        expct: true\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("typo.yaml").hasMessageContaining("expct");
    }

    @Test
    void whenAKeyIsRepeatedThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("dup.yaml", HEAD
                + "    assertions:\n      - check: doc:1#viewer@user:anne\n        expect: true\n        expect: false\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expect");
    }

    @Test
    void whenAnAssertionHasNoExpectationThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD
                + "    assertions:\n      - check: doc:1#viewer@user:anne\n"))
                .hasMessageContaining("f.yaml › t › assertion 1").hasMessageContaining("exactly one of expect, error");
    }

    @Test
    void whenAnAssertionHasTwoQueriesThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD
                + "    assertions:\n      - check: doc:1#viewer@user:anne\n        list_objects: doc#viewer@user:anne\n"
                + "        expect: true\n"))
                .hasMessageContaining("exactly one of check, list_objects, list_users");
    }

    @Test
    void whenACheckExpectsAListThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD
                + "    assertions:\n      - check: doc:1#viewer@user:anne\n        expect: [doc:1]\n"))
                .hasMessageContaining("a check expects true or false");
    }

    @Test
    void whenAListObjectsExpectsAnotherTypeThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD
                + "    assertions:\n      - list_objects: doc#viewer@user:anne\n        expect: [folder:1]\n"))
                .hasMessageContaining("'folder:1' is not of type doc");
    }

    @Test
    void whenAnErrorCodeIsUnknownThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD
                + "    assertions:\n      - check: doc:1#viewer@user:anne\n        error: TOO_DEEP\n"))
                .hasMessageContaining("'TOO_DEEP' is not an FgaException code");
    }

    @Test
    void whenATupleIsNotCanonicalThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD
                + "    tuples: [doc:1@user:anne]\n    assertions:\n      - check: doc:1#viewer@user:anne\n        expect: true\n"))
                .hasMessageContaining("'doc:1@user:anne' is not a canonical tuple");
    }

    @Test
    void whenAScalarStandsForAListThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD
                + "    tuples: doc:1#viewer@user:anne\n    assertions:\n      - check: doc:1#viewer@user:anne\n        expect: true\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f.yaml");
    }

    @Test
    void whenTestNamesRepeatThenTheFileIsRejected() {
        String test = "  - name: same\n    model: m\n    assertions:\n      - check: doc:1#viewer@user:anne\n        expect: true\n";
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", "tests:\n" + test + test))
                .hasMessageContaining("test name 'same' is used twice");
    }

    @Test
    void whenAModelErrorTestAlsoHasAssertionsThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD + "    model_error: INVALID_MODEL\n"
                + "    assertions:\n      - check: doc:1#viewer@user:anne\n        expect: true\n"))
                .hasMessageContaining("a test with model_error has no tuples, deletes, write_error or assertions");
    }

    @Test
    void whenATestHasNothingToAssertThenTheFileIsRejected() {
        assertThatThrownBy(() -> ConformanceFiles.parse("f.yaml", HEAD + "    tuples: [doc:1#viewer@user:anne]\n"))
                .hasMessageContaining("f.yaml › t: no assertions");
    }
}
