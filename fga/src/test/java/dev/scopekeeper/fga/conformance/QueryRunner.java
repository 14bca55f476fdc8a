package dev.scopekeeper.fga.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.conformance.ConformanceCases.Assertion;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Runs one assertion against an engine. Beyond the expected answer it checks the contracts every
 * answer must keep: list results are sorted and free of duplicates, paging with a small page gives
 * the same list as one large page, and every listed object or subject passes check.
 */
final class QueryRunner {

    /** Small, so that most list-objects answers span several pages. */
    static final int PAGE_SIZE = 3;
    private static final int MAX_PAGES = 10_000;

    private final Fga fga;

    QueryRunner(Fga fga) {
        this.fga = fga;
    }

    void run(Assertion a) {
        List<Tuple> context = a.contextualTuples().stream().map(Tuple::parse).toList();
        if (a.check() != null) {
            check(a, Tuple.parse(a.check()), context);
        } else if (a.listObjects() != null) {
            listObjects(a, Query.listObjects(a.listObjects()), context);
        } else {
            listUsers(a, Query.listUsers(a.listUsers()), context);
        }
    }

    private void check(Assertion a, Tuple q, List<Tuple> context) {
        Requests.Check request = new Requests.Check(null, q.object(), q.relation(), q.subject(), context);
        if (a.error() != null) {
            expectError(() -> fga.check(request), a.error(), a.errorContains());
            return;
        }
        assertThat(fga.check(request).allowed()).as("check %s", q).isEqualTo(a.expect().booleanValue());
    }

    private void listObjects(Assertion a, Query q, List<Tuple> context) {
        if (a.error() != null) {
            expectError(() -> collectObjects(q, context, PAGE_SIZE), a.error(), a.errorContains());
            return;
        }
        List<ObjectRef> paged = collectObjects(q, context, PAGE_SIZE);
        assertThat(paged).as("list_objects %s (all pages)", a.listObjects()).doesNotHaveDuplicates().isSorted();
        assertThat(paged.stream().map(ObjectRef::toString).toList()).as("list_objects %s", a.listObjects())
                .containsExactlyInAnyOrderElementsOf(ConformanceFiles.expectedList(a.listObjects(), a.expect()));
        assertThat(collectObjects(q, context, FgaLimits.DEFAULTS.maxPageSize()))
                .as("list_objects %s in pages of %d", a.listObjects(), FgaLimits.DEFAULTS.maxPageSize()).isEqualTo(paged);
        for (ObjectRef o : paged) {
            assertThat(fga.check(new Requests.Check(null, o, q.relation(), q.subject(), context)).allowed())
                    .as("check of listed object %s#%s@%s", o, q.relation(), q.subject()).isTrue();
        }
    }

    /** Follows the continuation to the end: an answer is complete, never silently truncated. */
    private List<ObjectRef> collectObjects(Query q, List<Tuple> context, int pageSize) {
        List<ObjectRef> all = new ArrayList<>();
        String continuation = null;
        int pages = 0;
        do {
            Requests.Page<ObjectRef> page = fga.listObjects(new Requests.ListObjects(
                    null, q.type(), q.relation(), q.subject(), context, pageSize, continuation));
            assertThat(page.items()).as("page %d", pages + 1).hasSizeLessThanOrEqualTo(pageSize);
            all.addAll(page.items());
            continuation = page.continuation();
            if (++pages > MAX_PAGES) {
                fail("list_objects did not end after %d pages; the continuation does not advance", MAX_PAGES);
            }
        } while (continuation != null);
        return all;
    }

    private void listUsers(Assertion a, Query q, List<Tuple> context) {
        Requests.ListUsers request = new Requests.ListUsers(null, q.object(), q.relation(), a.subjectTypes(), context);
        if (a.error() != null) {
            expectError(() -> fga.listUsers(request), a.error(), a.errorContains());
            return;
        }
        List<Subject> users = fga.listUsers(request);
        assertThat(users).as("list_users %s %s", a.listUsers(), a.subjectTypes()).doesNotHaveDuplicates().isSorted();
        assertThat(users.stream().map(Subject::toString).toList()).as("list_users %s %s", a.listUsers(), a.subjectTypes())
                .containsExactlyInAnyOrderElementsOf(ConformanceFiles.expectedList(a.listUsers(), a.expect()));
        for (Subject s : users) {
            assertThat(fga.check(new Requests.Check(null, q.object(), q.relation(), s, context)).allowed())
                    .as("check of listed subject %s#%s@%s", q.object(), q.relation(), s).isTrue();
        }
    }

    /** The call must fail with exactly this code, and its message must name each part. */
    static void expectError(ThrowingCallable call, String code, List<String> messageParts) {
        Throwable thrown = catchThrowable(call);
        if (thrown == null) {
            fail("expected FgaException %s, but the call succeeded", code);
        }
        if (!(thrown instanceof FgaException e)) {
            throw new AssertionError("expected FgaException " + code + ", got " + thrown, thrown);
        }
        assertThat(e.code()).as("error code (message: %s)", e.getMessage()).isEqualTo(FgaException.Code.valueOf(code));
        for (String part : messageParts) {
            assertThat(e.getMessage()).as("error message").contains(part);
        }
    }

    /** The dynamic test's name: the query and what it must answer. */
    static String label(Assertion a) {
        StringBuilder b = new StringBuilder();
        if (a.check() != null) {
            b.append("check ").append(a.check());
        } else if (a.listObjects() != null) {
            b.append("list_objects ").append(a.listObjects());
        } else {
            b.append("list_users ").append(a.listUsers()).append(' ').append(a.subjectTypes());
        }
        if (!a.contextualTuples().isEmpty()) {
            b.append(" with ").append(a.contextualTuples());
        }
        b.append(" → ");
        if (a.error() != null) {
            return b.append(a.error()).toString();
        }
        if (a.expect().isBoolean()) {
            return b.append(a.expect().booleanValue()).toString();
        }
        List<String> expected = ConformanceFiles.expectedList("", a.expect());
        return b.append(expected.size() <= 6 ? expected.toString() : expected.size() + " entries").toString();
    }
}
