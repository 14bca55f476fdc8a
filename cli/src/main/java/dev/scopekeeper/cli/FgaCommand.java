package dev.scopekeeper.cli;

import dev.scopekeeper.fga.ExpandNode;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code scopekeeper fga ...}: the relationship engine straight on the database, with the same
 * validation and limits as the server's {@code /fga} API.
 */
@Command(name = "fga", mixinStandardHelpOptions = true,
        description = "Relationship-based authorization: models, tuples, and the check, list-objects, list-users and expand queries.",
        subcommands = {FgaModelCommand.class, FgaTuplesCommand.class, FgaCommand.Check.class, FgaCommand.ListObjects.class,
                FgaCommand.ListUsers.class, FgaCommand.Expand.class})
final class FgaCommand {

    /** Options every query shares. */
    static final class QueryOptions {
        @Option(names = "--model", paramLabel = "ID", description = "The model to answer with (default: the latest).")
        String model;
        @Option(names = "--context", paramLabel = "TUPLE", description = "A contextual tuple, counted for this query only (repeatable).")
        List<String> contextual = List.of();
    }

    // As grep and diff: 0 yes, 1 no, 2 trouble; so a script can tell a denial from a failure.
    @Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnExecutionException = 2,
            description = "Does SUBJECT have RELATION on OBJECT? Prints allowed or denied.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:allowed", "1:denied", "2:error (bad input, unknown model, depth limit, ...), or invalid usage"})
    static final class Check implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Mixin
        QueryOptions query = new QueryOptions();
        @Parameters(index = "0", paramLabel = "OBJECT", description = "type:id, e.g. doc:1.")
        String object;
        @Parameters(index = "1", paramLabel = "RELATION", description = "e.g. viewer.")
        String relation;
        @Parameters(index = "2", paramLabel = "SUBJECT", description = "user:anne, group:eng#member or user:*.")
        String subject;

        @Override
        public Integer call() {
            Requests.Check request = new Requests.Check(query.model, ObjectRef.parse(object), relation, Subject.parse(subject),
                    FgaArgs.contextual(query.contextual));
            return database.withFga((fga, store) -> {
                boolean allowed = fga.check(request).allowed();
                System.out.println(allowed ? "allowed" : "denied");
                return allowed ? 0 : 1;
            });
        }
    }

    @Command(name = "list-objects", mixinStandardHelpOptions = true,
            description = "Print every object of TYPE on which SUBJECT has RELATION, one a line, sorted (all pages).")
    static final class ListObjects implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Mixin
        QueryOptions query = new QueryOptions();
        @Parameters(index = "0", paramLabel = "TYPE", description = "e.g. doc.")
        String type;
        @Parameters(index = "1", paramLabel = "RELATION", description = "e.g. viewer.")
        String relation;
        @Parameters(index = "2", paramLabel = "SUBJECT", description = "user:anne, group:eng#member or user:*.")
        String subject;

        @Override
        public Integer call() {
            Subject s = Subject.parse(subject);
            return database.withFga((fga, store) -> {
                FgaArgs.printAllPages(continuation -> fga.listObjects(new Requests.ListObjects(query.model, type, relation, s,
                        FgaArgs.contextual(query.contextual), FgaLimits.DEFAULTS.maxPageSize(), continuation)));
                return 0;
            });
        }
    }

    @Command(name = "list-users", mixinStandardHelpOptions = true,
            description = "Print every subject of the given types that has RELATION on OBJECT, one a line, sorted.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Mixin
        QueryOptions query = new QueryOptions();
        @Parameters(index = "0", paramLabel = "OBJECT", description = "type:id, e.g. doc:1.")
        String object;
        @Parameters(index = "1", paramLabel = "RELATION", description = "e.g. viewer.")
        String relation;
        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "A subject type to list: user, or a userset type such as group#member (repeatable).")
        List<String> types;

        @Override
        public Integer call() {
            Requests.ListUsers request = new Requests.ListUsers(query.model, ObjectRef.parse(object), relation, types,
                    FgaArgs.contextual(query.contextual));
            return database.withFga((fga, store) -> {
                fga.listUsers(request).forEach(System.out::println);
                return 0;
            });
        }
    }

    @Command(name = "expand", mixinStandardHelpOptions = true,
            description = "Print the tree that explains who has RELATION on OBJECT, one level deep: expand a userset leaf with another call.")
    static final class Expand implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Option(names = "--model", paramLabel = "ID", description = "The model to answer with (default: the latest).")
        String model;
        @Parameters(index = "0", paramLabel = "OBJECT", description = "type:id, e.g. doc:1.")
        String object;
        @Parameters(index = "1", paramLabel = "RELATION", description = "e.g. viewer.")
        String relation;

        @Override
        public Integer call() {
            Requests.Expand request = new Requests.Expand(model, ObjectRef.parse(object), relation);
            return database.withFga((fga, store) -> {
                ExpandNode tree = fga.expand(request);
                System.out.println(tree.name());
                print(tree, "  ", "");
                return 0;
            });
        }

        // Java 17: no pattern matching for switch, so the sealed type is walked with instanceof.
        private static void print(ExpandNode node, String indent, String label) {
            if (node instanceof ExpandNode.Direct d) {
                System.out.println(indent + label + "direct: " + list(d.subjects().stream().map(Subject::toString).toList()));
            } else if (node instanceof ExpandNode.Computed c) {
                System.out.println(indent + label + "computed: " + c.userset());
            } else if (node instanceof ExpandNode.FromTupleset t) {
                System.out.println(indent + label + "from " + t.tupleset() + ": " + list(t.usersets()));
            } else if (node instanceof ExpandNode.Union u) {
                System.out.println(indent + label + "union");
                u.children().forEach(child -> print(child, indent + "  ", ""));
            } else if (node instanceof ExpandNode.Intersection i) {
                System.out.println(indent + label + "intersection");
                i.children().forEach(child -> print(child, indent + "  ", ""));
            } else if (node instanceof ExpandNode.Exclusion e) {
                System.out.println(indent + label + "exclusion");
                print(e.base(), indent + "  ", "base: ");
                print(e.subtract(), indent + "  ", "but not: ");
            }
        }

        private static String list(List<String> values) {
            return values.isEmpty() ? "(none)" : values.stream().collect(Collectors.joining(", "));
        }
    }
}
