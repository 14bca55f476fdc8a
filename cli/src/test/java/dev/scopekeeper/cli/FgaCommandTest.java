package dev.scopekeeper.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code scopekeeper fga ...} on an H2 file database. */
class FgaCommandTest {
    static final String MODEL = """
            model
              schema 1.1

            type user

            type group
              relations
                define member: [user]

            type folder
              relations
                define viewer: [user, group#member]

            type doc
              relations
                define parent: [folder]
                define owner: [user]
                define blocked: [user]
                define viewer: ([user, user:*] or owner or viewer from parent) but not blocked
            """;

    @TempDir
    Path dir;
    String modelId;

    private Cli.Result fga(String... args) {
        List<String> all = new ArrayList<>(List.of("fga"));
        all.addAll(List.of(args));
        all.add("--data-dir");
        all.add(dir.resolve("data").toString());
        return Cli.run(all.toArray(String[]::new));
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Asserts a failure: the exit code and exactly one line on standard error. */
    private static void assertFails(Cli.Result r, int exit, String error) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().lines()).singleElement().isEqualTo(error);
        assertThat(r.out()).isEmpty();
    }

    @BeforeEach
    void model() throws IOException {
        Cli.Result r = fga("model", "write", file("model.fga", MODEL).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        modelId = r.out().strip();
    }

    @Test
    void whenAModelIsWrittenThenItsIdIsPrintedAndShowPrintsItBack() throws IOException {
        assertThat(modelId).matches("[0-9A-Z]{26}");

        Cli.Result latest = fga("model", "show");
        Cli.Result byId = fga("model", "show", modelId);

        assertThat(latest.exit()).isZero();
        assertThat(latest.out()).startsWith("# model " + modelId + ", written ").endsWith("\n" + MODEL);
        assertThat(byId.out()).isEqualTo(latest.out());
        // What show prints is a model file again (the first line is a DSL comment).
        Cli.Result again = fga("model", "write", file("again.fga", latest.out()).toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out().strip()).isNotEqualTo(modelId).isGreaterThan(modelId);
        assertThat(fga("model", "show").out()).startsWith("# model " + again.out().strip() + ",");
    }

    @Test
    void whenTheModelIsBrokenOrUnknownThenOneErrorLine() throws IOException {
        String last = "    define x: [user] or";
        Cli.Result broken = fga("model", "write", file("broken.fga", "model\n  schema 1.1\ntype user\n  relations\n" + last + "\n").toString());
        assertThat(broken.exit()).isEqualTo(1);
        // The operand is missing at the end of line 5.
        assertThat(broken.err().lines()).singleElement().asString()
                .startsWith("error: invalid_dsl: line 5, column " + (last.length() + 1) + ": expected ");

        assertFails(fga("model", "show", "01NOSUCH"), 1, "error: model_not_found: no model with id '01NOSUCH'");
        assertThat(fga("model", "write", dir.resolve("missing.fga").toString()).err()).startsWith("error: cannot read ");
    }

    @Test
    void whenTuplesAreWrittenAndDeletedThenTheListShowsWhatIsLeft() throws IOException {
        Path more = file("tuples.txt", """
                # the folder and its viewers
                doc:1#parent@folder:f

                folder:f#viewer@group:eng#member
                """);

        Cli.Result write = fga("tuples", "write", "doc:1#owner@user:anne", "group:eng#member@user:bob", "--file", more.toString());

        assertThat(write.exit()).as(write.err()).isZero();
        assertThat(write.out()).isEqualTo("wrote 4 tuples (model " + modelId + ")\n");
        assertThat(fga("tuples", "list").out().lines()).containsExactly("doc:1#owner@user:anne", "doc:1#parent@folder:f",
                "folder:f#viewer@group:eng#member", "group:eng#member@user:bob");
        assertThat(fga("tuples", "list", "--object", "doc:").out().lines()).containsExactly("doc:1#owner@user:anne",
                "doc:1#parent@folder:f");
        assertThat(fga("tuples", "list", "--relation", "viewer", "--subject", "group:eng#member").out().lines())
                .containsExactly("folder:f#viewer@group:eng#member");

        Cli.Result delete = fga("tuples", "delete", "doc:1#owner@user:anne");

        assertThat(delete.out()).isEqualTo("deleted 1 tuple (model " + modelId + ")\n");
        assertThat(fga("tuples", "list", "--object", "doc:1").out().lines()).containsExactly("doc:1#parent@folder:f");
    }

    @Test
    void whenOneTupleOfABatchFailsThenNothingIsWritten() throws IOException {
        assertThat(fga("tuples", "write", "doc:1#owner@user:anne").exit()).isZero();

        Cli.Result conflict = fga("tuples", "write", "doc:2#owner@user:anne", "doc:1#owner@user:anne");
        Cli.Result invalid = fga("tuples", "write", "doc:3#owner@user:anne", "doc:3#owner@group:eng");
        Cli.Result missing = fga("tuples", "delete", "doc:1#owner@user:anne", "doc:9#owner@user:zed");

        assertThat(conflict.exit()).isEqualTo(1);
        assertThat(conflict.err().lines()).singleElement().asString().startsWith("error: conflict: ").contains("doc:1#owner@user:anne");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err().lines()).singleElement().asString()
                .startsWith("error: invalid_tuple: tuple 'doc:3#owner@group:eng' is not valid: subject 'group:eng' is not allowed");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().lines()).singleElement().asString().startsWith("error: conflict: ").contains("doc:9#owner@user:zed");
        assertThat(fga("tuples", "list").out().lines()).containsExactly("doc:1#owner@user:anne");
    }

    @Test
    void whenTuplesAreMalformedOrMissingThenOneErrorLine() throws IOException {
        Path bad = file("bad.txt", "doc:1#owner@user:anne\ndoc:1owner@user:bob\n");

        assertFails(fga("tuples", "write", "--file", bad.toString()), 1, "error: invalid_input: " + bad
                + ":2: tuple 'doc:1owner@user:bob' is not of the form type:id#relation@subject");
        assertFails(fga("tuples", "write"), 1, "error: name at least one tuple, as an argument or in --file");
        assertFails(fga("tuples", "list", "--object", "doc"), 1, "error: invalid_input: object: object 'doc' is not of the form type:id");
        assertThat(fga("tuples", "list").out()).isEmpty();
    }

    @Test
    void whenCheckingThenAllowedIsZeroDeniedOneAndAnErrorTwo() {
        fga("tuples", "write", "doc:1#parent@folder:f", "folder:f#viewer@group:eng#member", "group:eng#member@user:bob",
                "doc:1#blocked@user:carl", "group:eng#member@user:carl");

        Cli.Result bob = fga("check", "doc:1", "viewer", "user:bob");
        Cli.Result carl = fga("check", "doc:1", "viewer", "user:carl");
        Cli.Result context = fga("check", "doc:2", "viewer", "user:dora", "--context", "doc:2#viewer@user:dora");
        Cli.Result model = fga("check", "doc:1", "viewer", "user:bob", "--model", modelId);

        assertThat(bob.exit()).isZero();
        assertThat(bob.out()).isEqualTo("allowed\n");
        assertThat(carl.exit()).isEqualTo(1);
        assertThat(carl.out()).isEqualTo("denied\n");
        assertThat(context.exit()).isZero();
        assertThat(model.exit()).isZero();
        assertFails(fga("check", "doc:1", "reader", "user:bob"), 2,
                "error: invalid_input: relation 'reader' is not defined on type 'doc' in model " + modelId);
        assertFails(fga("check", "doc:1", "viewer", "bob"), 2,
                "error: invalid_input: subject 'bob' is not of the form type:id, type:id#relation or type:*");
        assertThat(fga("check", "doc:1", "viewer").exit()).isEqualTo(2);
        assertThat(fga("check", "--help").out()).contains("Exit codes:", "0   allowed", "1   denied", "2   error");
    }

    @Test
    void whenObjectsAndUsersAreListedThenAllArePrintedSorted() {
        fga("tuples", "write", "doc:b#viewer@user:anne", "doc:a#owner@user:anne", "doc:c#viewer@user:*",
                "doc:d#viewer@user:bob", "folder:f#viewer@group:eng#member", "doc:e#parent@folder:f");

        assertThat(fga("list-objects", "doc", "viewer", "user:anne").out().lines()).containsExactly("doc:a", "doc:b", "doc:c");
        assertThat(fga("list-objects", "doc", "viewer", "user:anne", "--context", "doc:z#owner@user:anne").out().lines())
                .containsExactly("doc:a", "doc:b", "doc:c", "doc:z");
        assertThat(fga("list-users", "doc:c", "viewer", "--type", "user").out().lines()).containsExactly("user:*");
        assertThat(fga("list-users", "folder:f", "viewer", "--type", "user", "--type", "group#member").out().lines())
                .containsExactly("group:eng#member");
        assertThat(fga("list-users", "doc:c", "viewer").exit()).isEqualTo(2);
        assertFails(fga("list-objects", "note", "viewer", "user:anne"), 1,
                "error: invalid_input: type 'note' is not defined in model " + modelId);
    }

    @Test
    void whenARelationIsExpandedThenTheTreeIsPrintedIndented() {
        fga("tuples", "write", "doc:1#viewer@user:anne", "doc:1#parent@folder:f", "doc:1#blocked@user:carl");

        Cli.Result r = fga("expand", "doc:1", "viewer");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                doc:1#viewer
                  exclusion
                    base: union
                      direct: user:anne
                      computed: doc:1#owner
                      from doc:1#parent: folder:f#viewer
                    but not: computed: doc:1#blocked
                """);
        assertFails(fga("expand", "doc:1", "nothing"), 1,
                "error: invalid_input: relation 'nothing' is not defined on type 'doc' in model " + modelId);
    }
}
