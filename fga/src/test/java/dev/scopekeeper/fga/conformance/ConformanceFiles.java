package dev.scopekeeper.fga.conformance;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.Identifiers;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.conformance.ConformanceCases.Assertion;
import dev.scopekeeper.fga.conformance.ConformanceCases.CaseFile;
import dev.scopekeeper.fga.conformance.ConformanceCases.TestCase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads the conformance files named in {@code conformance/index.txt} from the class path (a
 * folder inside a jar cannot be listed) and rejects any file that is not well-formed.
 */
final class ConformanceFiles {

    static final String FOLDER = "conformance/";
    static final String INDEX = FOLDER + "index.txt";
    private static final Set<String> MODEL_ERRORS = Set.of("INVALID_DSL", "INVALID_MODEL");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A key given twice would silently keep the last value.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // `name: 12` or `tuples: doc:1#viewer@user:anne` (a scalar for a list) are mistakes, not values.
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    /** One loaded file: its name in the index and its validated cases. */
    record Loaded(String file, CaseFile cases) { }

    private ConformanceFiles() {
    }

    static List<String> index() {
        List<String> names = new ArrayList<>();
        for (String line : read(INDEX).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException(INDEX + " names no files");
        }
        return names;
    }

    static List<Loaded> loadAll() {
        List<Loaded> out = new ArrayList<>();
        for (String name : index()) {
            out.add(new Loaded(name, parse(name, read(FOLDER + name))));
        }
        return out;
    }

    /** Parses and validates one file. @throws IllegalArgumentException naming the file, test and problem */
    static CaseFile parse(String file, String yaml) {
        CaseFile cases;
        try {
            cases = YAML.readValue(yaml, CaseFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a valid conformance file: " + e.getMessage(), e);
        }
        require(cases != null && cases.tests() != null && !cases.tests().isEmpty(), file + ": no tests");
        Set<String> names = new HashSet<>();
        for (TestCase t : cases.tests()) {
            require(t != null && t.name() != null && t.name().matches("[a-z0-9_]+"),
                    file + ": every test needs a snake_case name");
            require(names.add(t.name()), file + ": test name '" + t.name() + "' is used twice");
            validate(file + " › " + t.name(), t);
        }
        return cases;
    }

    /** How many steps a file's tests run: every assertion, plus one per expected model or write error. */
    static int steps(CaseFile cases) {
        int n = 0;
        for (TestCase t : cases.tests()) {
            n += t.assertions().size() + (t.modelError() != null ? 1 : 0) + (t.writeError() != null ? 1 : 0);
        }
        return n;
    }

    private static void validate(String where, TestCase t) {
        require(t.model() != null && !t.model().isBlank(), where + ": model is missing");
        if (t.modelError() != null) {
            require(MODEL_ERRORS.contains(t.modelError()), where + ": model_error must be one of " + MODEL_ERRORS);
            require(t.tuples().isEmpty() && t.deletes().isEmpty() && t.assertions().isEmpty() && t.writeError() == null,
                    where + ": a test with model_error has no tuples, deletes, write_error or assertions");
            return;
        }
        require(t.errorContains().isEmpty() || t.writeError() != null,
                where + ": error_contains on a test needs model_error or write_error");
        t.tuples().forEach(s -> tuple(where, s));
        t.deletes().forEach(s -> tuple(where, s));
        if (t.writeError() != null) {
            code(where, t.writeError());
            require(!t.tuples().isEmpty() && t.deletes().isEmpty(), where + ": write_error needs tuples and no deletes");
        } else {
            require(!t.assertions().isEmpty(), where + ": no assertions");
        }
        for (int i = 0; i < t.assertions().size(); i++) {
            validate(where + " › assertion " + (i + 1), t.assertions().get(i));
        }
    }

    private static void validate(String where, Assertion a) {
        try {
            validateQuery(where, a);
        } catch (FgaException | IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static void validateQuery(String where, Assertion a) {
        require(a != null, where + ": empty assertion");
        int queries = (a.check() != null ? 1 : 0) + (a.listObjects() != null ? 1 : 0) + (a.listUsers() != null ? 1 : 0);
        require(queries == 1, where + ": needs exactly one of check, list_objects, list_users");
        require((a.expect() == null) != (a.error() == null), where + ": needs exactly one of expect, error");
        require(a.errorContains().isEmpty() || a.error() != null, where + ": error_contains needs error");
        require(a.subjectTypes() == null || a.listUsers() != null, where + ": subject_types belongs to list_users");
        a.contextualTuples().forEach(s -> tuple(where, s));
        if (a.error() != null) {
            code(where, a.error());
        }
        if (a.check() != null) {
            tuple(where, a.check());
            require(a.expect() == null || a.expect().isBoolean(), where + ": a check expects true or false");
        } else if (a.listObjects() != null) {
            Query q = Query.listObjects(a.listObjects());
            for (String s : expectedList(where, a.expect())) {
                ObjectRef o = ObjectRef.parse(s);
                require(o.type().equals(q.type()), where + ": '" + s + "' is not of type " + q.type());
            }
        } else {
            Query.listUsers(a.listUsers());
            require(a.subjectTypes() != null && !a.subjectTypes().isEmpty(), where + ": list_users needs subject_types");
            for (String type : a.subjectTypes()) {
                require(type != null && Arrays.stream(type.split("#", -1)).allMatch(Identifiers::isName)
                        && type.split("#", -1).length <= 2, where + ": subject type '" + type + "' is not type or type#relation");
            }
            expectedList(where, a.expect()).forEach(Subject::parse);
        }
    }

    /** The expected list of a list query; empty when the assertion expects an error. */
    static List<String> expectedList(String where, JsonNode expect) {
        List<String> out = new ArrayList<>();
        if (expect == null) {
            return out;
        }
        require(expect.isArray(), where + ": a list query expects a list");
        for (JsonNode n : expect) {
            require(n.isTextual(), where + ": list entries are strings");
            out.add(n.asText());
        }
        require(new HashSet<>(out).size() == out.size(), where + ": the expected list repeats an entry");
        return out;
    }

    private static void tuple(String where, String s) {
        try {
            Tuple.parse(s);
        } catch (FgaException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": '" + s + "' is not a canonical tuple: " + e.getMessage(), e);
        }
    }

    private static void code(String where, String code) {
        try {
            FgaException.Code.valueOf(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + code + "' is not an FgaException code", e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String read(String resource) {
        try (InputStream in = ConformanceFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
