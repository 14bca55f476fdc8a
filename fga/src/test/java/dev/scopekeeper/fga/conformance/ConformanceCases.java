package dev.scopekeeper.fga.conformance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The shape of a conformance file as Jackson reads it (see {@code conformance/README.md}). Unknown
 * keys are errors, so a misspelt key cannot silently drop an assertion; {@link ConformanceFiles}
 * checks the rest (one query per assertion, one expectation, values that parse).
 */
final class ConformanceCases {

    private ConformanceCases() {
    }

    record CaseFile(@JsonProperty("tests") List<TestCase> tests) { }

    record TestCase(
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("model") String model,
            @JsonProperty("model_error") String modelError,
            @JsonProperty("tuples") List<String> tuples,
            @JsonProperty("write_error") String writeError,
            @JsonProperty("error_contains") List<String> errorContains,
            @JsonProperty("deletes") List<String> deletes,
            @JsonProperty("assertions") List<Assertion> assertions) {

        TestCase {
            tuples = tuples == null ? List.of() : tuples;
            errorContains = errorContains == null ? List.of() : errorContains;
            deletes = deletes == null ? List.of() : deletes;
            assertions = assertions == null ? List.of() : assertions;
        }
    }

    /**
     * One query and what it must answer. Exactly one of {@code check}, {@code listObjects},
     * {@code listUsers}; exactly one of {@code expect} (a boolean for check, a list otherwise) and
     * {@code error}.
     */
    record Assertion(
            @JsonProperty("check") String check,
            @JsonProperty("list_objects") String listObjects,
            @JsonProperty("list_users") String listUsers,
            @JsonProperty("subject_types") List<String> subjectTypes,
            @JsonProperty("contextual_tuples") List<String> contextualTuples,
            @JsonProperty("expect") JsonNode expect,
            @JsonProperty("error") String error,
            @JsonProperty("error_contains") List<String> errorContains,
            @JsonProperty("why") String why) {

        Assertion {
            contextualTuples = contextualTuples == null ? List.of() : contextualTuples;
            errorContains = errorContains == null ? List.of() : errorContains;
        }
    }
}
