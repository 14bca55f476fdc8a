package dev.scopekeeper.cli;

import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.TupleFilter;
import dev.scopekeeper.server.fga.TupleFilters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code scopekeeper fga tuples write|delete|list}: the relationship tuples. */
@Command(name = "tuples", mixinStandardHelpOptions = true, description = "Write, delete and list relationship tuples.",
        subcommands = {FgaTuplesCommand.Write.class, FgaTuplesCommand.Delete.class, FgaTuplesCommand.ListTuples.class})
final class FgaTuplesCommand {

    /** What write and delete share: tuples from arguments and a file, and the model to validate them with. */
    abstract static class Batch implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(paramLabel = "TUPLE", arity = "0..*", description = "Tuples object#relation@subject, e.g. doc:1#viewer@user:anne.")
        List<String> tuples = List.of();
        @Option(names = "--file", paramLabel = "FILE", description = "More tuples, one a line (blank lines and # comments skipped); - for standard input.")
        Path file;
        @Option(names = "--model", paramLabel = "ID", description = "The model to validate with (default: the latest).")
        String model;

        abstract Requests.Write request(List<Tuple> batch);

        abstract String verb();

        @Override
        public Integer call() {
            List<Tuple> batch = FgaArgs.tuples(tuples, file);
            return database.withFga((fga, store) -> {
                Requests.WriteResult result = fga.write(request(batch));
                System.out.println(verb() + " " + batch.size() + " tuple" + (batch.size() == 1 ? "" : "s")
                        + " (model " + result.modelId() + ")");
                return 0;
            });
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Write tuples as one atomic batch: all are written, or none (one already there, or not allowed by the model).")
    static final class Write extends Batch {
        @Override
        Requests.Write request(List<Tuple> batch) {
            return new Requests.Write(model, batch, List.of());
        }

        @Override
        String verb() {
            return "wrote";
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete tuples as one atomic batch: all are deleted, or none (one is not there).")
    static final class Delete extends Batch {
        @Override
        Requests.Write request(List<Tuple> batch) {
            return new Requests.Write(model, List.of(), batch);
        }

        @Override
        String verb() {
            return "deleted";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every stored tuple that matches, one a line, sorted.")
    static final class ListTuples implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Option(names = "--object", paramLabel = "OBJECT", description = "type:id, or type: for every object of the type.")
        String object;
        @Option(names = "--relation", paramLabel = "RELATION", description = "Only this relation.")
        String relation;
        @Option(names = "--subject", paramLabel = "SUBJECT", description = "Only this subject: user:anne, group:eng#member or user:*.")
        String subject;

        @Override
        public Integer call() {
            TupleFilter filter = TupleFilters.parse(object, relation, subject);
            return database.withFga((fga, store) -> {
                FgaArgs.printAllPages(continuation -> fga.readTuples(filter, FgaLimits.DEFAULTS.maxPageSize(), continuation));
                return 0;
            });
        }
    }
}
