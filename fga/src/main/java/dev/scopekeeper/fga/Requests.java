package dev.scopekeeper.fga;

import java.util.List;

/** The engine's request and result values. A null {@code modelId} means the latest model. */
public final class Requests {

    private Requests() {
    }

    public record Check(String modelId, ObjectRef object, String relation, Subject subject, List<Tuple> contextualTuples) {
        public Check {
            contextualTuples = contextualTuples == null ? List.of() : List.copyOf(contextualTuples);
        }

        public static Check of(String object, String relation, String subject) {
            return new Check(null, ObjectRef.parse(object), relation, Subject.parse(subject), List.of());
        }
    }

    /** @param modelId the model the answer was computed with */
    public record CheckResult(boolean allowed, String modelId) { }

    /**
     * All objects of {@code objectType} on which {@code subject} has {@code relation}, sorted by id.
     *
     * @param pageSize at most this many objects on the page (≤ the limit)
     * @param continuation null for the first page, else the token of the previous page
     */
    public record ListObjects(String modelId, String objectType, String relation, Subject subject,
                              List<Tuple> contextualTuples, int pageSize, String continuation) {
        public ListObjects {
            contextualTuples = contextualTuples == null ? List.of() : List.copyOf(contextualTuples);
        }
    }

    /**
     * One page of results.
     *
     * @param continuation null when this is the last page; otherwise pass it to get the next page
     */
    public record Page<T>(List<T> items, String continuation) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * The subjects that have {@code relation} on {@code object}, restricted to the subject types
     * in {@code subjectTypes} ({@code user}, {@code group#member}); a public wildcard comes back as
     * {@code user:*}. Sorted. More than the limit is an error, never a truncated list.
     */
    public record ListUsers(String modelId, ObjectRef object, String relation, List<String> subjectTypes,
                            List<Tuple> contextualTuples) {
        public ListUsers {
            subjectTypes = List.copyOf(subjectTypes);
            contextualTuples = contextualTuples == null ? List.of() : List.copyOf(contextualTuples);
        }
    }

    public record Expand(String modelId, ObjectRef object, String relation) { }

    /** An atomic batch: all of it is applied or none. */
    public record Write(String modelId, List<Tuple> writes, List<Tuple> deletes) {
        public Write {
            writes = writes == null ? List.of() : List.copyOf(writes);
            deletes = deletes == null ? List.of() : List.copyOf(deletes);
        }
    }

    /** @param modelId the model the tuples were validated against */
    public record WriteResult(String modelId) { }
}
