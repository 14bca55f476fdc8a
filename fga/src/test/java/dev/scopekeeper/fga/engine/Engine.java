package dev.scopekeeper.fga.engine;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.InMemoryTupleStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test fixture: an engine on in-memory stores with one model, and short forms of its calls. */
final class Engine {

    final InMemoryTupleStore tuples = new InMemoryTupleStore();
    final InMemoryModelStore models = new InMemoryModelStore();
    final Fga fga;
    final String modelId;

    Engine(String dsl) {
        this(FgaLimits.DEFAULTS, dsl);
    }

    Engine(FgaLimits limits, String dsl) {
        this.fga = new Fga(tuples, models, limits);
        this.modelId = fga.writeModel(dsl);
    }

    /** A model given as its type lines, {@code model / schema 1.1} added. */
    static String model(String... lines) {
        return "model\n  schema 1.1\n" + String.join("\n", lines) + "\n";
    }

    Engine write(String... canonical) {
        List<Tuple> batch = tuples(canonical);
        // Large fixtures go straight to the store; the engine's batch limit is tested on its own.
        if (batch.size() > 100) {
            tuples.write(batch, List.of());
        } else {
            fga.write(new Requests.Write(null, batch, List.of()));
        }
        return this;
    }

    static List<Tuple> tuples(String... canonical) {
        return Arrays.stream(canonical).map(Tuple::parse).toList();
    }

    boolean check(String object, String relation, String subject, String... contextual) {
        return fga.check(new Requests.Check(null, ObjectRef.parse(object), relation, Subject.parse(subject),
                tuples(contextual))).allowed();
    }

    /** Check against a given model version. */
    boolean checkIn(String model, String object, String relation, String subject) {
        return fga.check(new Requests.Check(model, ObjectRef.parse(object), relation, Subject.parse(subject),
                List.of())).allowed();
    }

    /** All pages of list-objects, as ids. */
    List<String> objects(String type, String relation, String subject, String... contextual) {
        List<String> out = new ArrayList<>();
        String continuation = null;
        do {
            Requests.Page<ObjectRef> page = fga.listObjects(new Requests.ListObjects(null, type, relation,
                    Subject.parse(subject), tuples(contextual), 1000, continuation));
            page.items().forEach(o -> out.add(o.id()));
            continuation = page.continuation();
        } while (continuation != null);
        return out;
    }

    List<String> users(String object, String relation, String... subjectTypes) {
        return fga.listUsers(new Requests.ListUsers(null, ObjectRef.parse(object), relation, List.of(subjectTypes),
                List.of())).stream().map(Subject::toString).toList();
    }
}
