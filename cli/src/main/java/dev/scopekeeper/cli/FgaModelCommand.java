package dev.scopekeeper.cli;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.store.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code scopekeeper fga model write|show}: versions of the authorization model. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Write and show versions of the authorization model.",
        subcommands = {FgaModelCommand.Write.class, FgaModelCommand.Show.class})
final class FgaModelCommand {

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Parse, validate and store a model (OpenFGA DSL, schema 1.1) as the new latest version; prints its id.")
    static final class Write implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(index = "0", paramLabel = "FILE", description = "The DSL file, or - for standard input.")
        Path file;

        @Override
        public Integer call() {
            String dsl = FgaArgs.read(file);
            return database.withFga((fga, store) -> {
                System.out.println(fga.writeModel(dsl));
                return 0;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a model version: a comment line with its id and time, then its DSL (which model write reads back).")
    static final class Show implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The model id (default: the latest).")
        String id;

        @Override
        public Integer call() {
            return database.withStore(store -> {
                StoredModel model = (id == null ? store.fgaModels().latest() : store.fgaModels().find(id)).orElseThrow(() ->
                        new FgaException(FgaException.Code.MODEL_NOT_FOUND,
                                id == null ? "no model has been written yet" : "no model with id '" + id + "'"));
                System.out.println("# model " + model.id() + ", written " + model.createdAt());
                System.out.print(model.dsl().endsWith("\n") ? model.dsl() : model.dsl() + "\n");
                return 0;
            });
        }
    }
}
