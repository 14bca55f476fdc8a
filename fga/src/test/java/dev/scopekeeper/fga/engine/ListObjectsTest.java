package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scopekeeper.fga.FgaException;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ListObjectsTest {

    private static final String DRIVE = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type folder",
            "  relations",
            "    define owner: [user]",
            "    define parent: [folder]",
            "    define viewer: [user, user:*, group#member] or owner or viewer from parent",
            "type doc",
            "  relations",
            "    define parent: [folder]",
            "    define owner: [user]",
            "    define editor: [user, group#member] or owner",
            "    define viewer: [user, user:*, group#member] or editor or viewer from parent",
            "    define blocked: [user, group#member]",
            "    define approved: [user]",
            "    define can_read: viewer but not blocked",
            "    define can_publish: editor and approved");

    private static Requests.ListObjects request(String type, String relation, String subject, int pageSize,
                                                String continuation) {
        return new Requests.ListObjects(null, type, relation, Subject.parse(subject), List.of(), pageSize, continuation);
    }

    private static void assertFails(ThrowingCallable call, FgaException.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FgaException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void whenSubjectHasDirectTuplesThenTheyAreListedSortedById() {
        Engine e = new Engine(DRIVE).write("doc:b#viewer@user:anne", "doc:a#owner@user:anne", "doc:c#viewer@user:bob");
        assertThat(e.objects("doc", "viewer", "user:anne")).containsExactly("a", "b");
    }

    @Test
    void whenSubjectIsInNestedGroupsThenObjectsSharedWithAnyOfThemAreListed() {
        Engine e = new Engine(DRIVE).write("group:eng#member@user:anne", "group:all#member@group:eng#member",
                "doc:1#viewer@group:all#member", "doc:2#editor@group:eng#member", "doc:3#viewer@group:ops#member");
        assertThat(e.objects("doc", "viewer", "user:anne")).containsExactly("1", "2");
        assertThat(e.objects("group", "member", "user:anne")).containsExactly("all", "eng");
    }

    @Test
    void whenFoldersAreNestedThenDocumentsInEveryDescendantAreListed() {
        Engine e = new Engine(DRIVE).write("folder:root#owner@user:anne", "folder:a#parent@folder:root",
                "folder:b#parent@folder:a", "doc:1#parent@folder:b", "doc:2#parent@folder:a", "doc:3#parent@folder:other");
        assertThat(e.objects("doc", "viewer", "user:anne")).containsExactly("1", "2");
        assertThat(e.objects("folder", "viewer", "user:anne")).containsExactly("a", "b", "root");
    }

    @Test
    void whenFoldersFormACycleThenListingTerminatesWithEachObjectOnce() {
        Engine e = new Engine(DRIVE).write("folder:a#parent@folder:b", "folder:b#parent@folder:a",
                "folder:a#viewer@user:anne", "doc:1#parent@folder:b");
        assertThat(e.objects("folder", "viewer", "user:anne")).containsExactly("a", "b");
        assertThat(e.objects("doc", "viewer", "user:anne")).containsExactly("1");
    }

    @Test
    void whenAnObjectIsPublicThenEveryUserAndTheWildcardListIt() {
        Engine e = new Engine(DRIVE).write("doc:pub#viewer@user:*", "folder:f#viewer@user:*", "doc:in#parent@folder:f",
                "doc:own#owner@user:anne");
        assertThat(e.objects("doc", "viewer", "user:anne")).containsExactly("in", "own", "pub");
        assertThat(e.objects("doc", "viewer", "user:*")).containsExactly("in", "pub");
    }

    @Test
    void whenSubjectIsAUsersetThenObjectsGrantedToItOrItsContainersAreListed() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@group:eng#member", "group:all#member@group:eng#member",
                "doc:2#viewer@group:all#member", "doc:3#viewer@user:anne");
        assertThat(e.objects("doc", "viewer", "group:eng#member")).containsExactly("1", "2");
        assertThat(e.objects("group", "member", "group:eng#member")).containsExactly("all", "eng");
    }

    @Test
    void whenRelationHasAnExclusionThenBlockedObjectsAreLeftOut() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@user:anne", "doc:2#viewer@user:anne", "doc:3#viewer@user:*",
                "doc:2#blocked@user:anne", "doc:3#blocked@group:bad#member", "group:bad#member@user:anne");
        assertThat(e.objects("doc", "can_read", "user:anne")).containsExactly("1");
        assertThat(e.objects("doc", "can_read", "user:bob")).containsExactly("3");
    }

    @Test
    void whenRelationHasAnIntersectionThenOnlyObjectsWithEveryOperandAreListed() {
        Engine e = new Engine(DRIVE).write("doc:1#owner@user:anne", "doc:1#approved@user:anne", "doc:2#editor@user:anne",
                "doc:3#approved@user:anne");
        assertThat(e.objects("doc", "can_publish", "user:anne")).containsExactly("1");
    }

    @Test
    void whenContextualTuplesAreGivenThenTheyAddObjectsForThatRequestOnly() {
        Engine e = new Engine(DRIVE).write("doc:1#parent@folder:f");
        assertThat(e.objects("doc", "viewer", "user:anne", "folder:f#viewer@user:anne")).containsExactly("1");
        assertThat(e.objects("doc", "viewer", "user:anne")).isEmpty();
    }

    @Test
    void whenThereAre2500ObjectsThenPagesOf1000ConcatenateToTheWholeSortedSet() {
        Engine e = new Engine(DRIVE);
        List<String> t = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            t.add("doc:d" + i + "#parent@folder:f" + (i % 7));
        }
        for (int f = 0; f < 7; f++) {
            t.add("folder:f" + f + "#viewer@group:g#member");
        }
        t.add("group:g#member@user:anne");
        e.write(t.toArray(String[]::new));
        List<String> expected = IntStream.range(0, 2500).mapToObj(i -> "d" + i).sorted().toList();

        List<String> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String continuation = null;
        do {
            Requests.Page<ObjectRef> page = e.fga.listObjects(request("doc", "viewer", "user:anne", 1000, continuation));
            page.items().forEach(o -> all.add(o.id()));
            sizes.add(page.items().size());
            continuation = page.continuation();
        } while (continuation != null);
        assertThat(sizes).containsExactly(1000, 1000, 500);
        assertThat(all).isEqualTo(expected);
    }

    @Test
    void whenAnInexactRelationIsPagedThenPagesStillConcatenateToTheConfirmedSet() {
        Engine e = new Engine(DRIVE);
        List<String> t = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            t.add("doc:d" + (1000 + i) + "#viewer@user:anne");
            if (i % 3 == 0) {
                t.add("doc:d" + (1000 + i) + "#blocked@user:anne");
            }
        }
        e.write(t.toArray(String[]::new));
        List<String> all = new ArrayList<>();
        String continuation = null;
        do {
            Requests.Page<ObjectRef> page = e.fga.listObjects(request("doc", "can_read", "user:anne", 50, continuation));
            assertThat(page.items().size()).isLessThanOrEqualTo(50);
            page.items().forEach(o -> all.add(o.id()));
            continuation = page.continuation();
        } while (continuation != null);
        assertThat(all).hasSize(200).isSorted().allSatisfy(id -> assertThat((Integer.parseInt(id.substring(1)) - 1000) % 3).isNotZero());
    }

    @Test
    void whenResultsFitOnePageThenThereIsNoContinuation() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@user:anne", "doc:2#viewer@user:anne");
        Requests.Page<ObjectRef> page = e.fga.listObjects(request("doc", "viewer", "user:anne", 2, null));
        assertThat(page.items()).extracting(ObjectRef::id).containsExactly("1", "2");
        assertThat(page.continuation()).isNull();
    }

    @Test
    void whenContinuationBelongsToAnotherQueryThenItIsRejected() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@user:anne", "doc:2#viewer@user:anne", "doc:1#viewer@user:bob",
                "doc:2#viewer@user:bob");
        String token = e.fga.listObjects(request("doc", "viewer", "user:anne", 1, null)).continuation();
        assertThat(token).isNotNull();
        assertFails(() -> e.fga.listObjects(request("doc", "viewer", "user:bob", 1, token)),
                FgaException.Code.INVALID_CONTINUATION, "issued for a different query");
        assertFails(() -> e.fga.listObjects(request("doc", "editor", "user:anne", 1, token)),
                FgaException.Code.INVALID_CONTINUATION, "issued for a different query");
        String tupleToken = e.fga.readTuples(null, 1, null).continuation();
        assertFails(() -> e.fga.listObjects(request("doc", "viewer", "user:anne", 1, tupleToken)),
                FgaException.Code.INVALID_CONTINUATION, "issued for a different query");
    }

    @Test
    void whenContinuationIsGarbageThenItIsRejected() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@user:anne");
        String notBase64 = "%%%";
        String wrongShape = Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        for (String token : List.of(notBase64, wrongShape, "")) {
            assertFails(() -> e.fga.listObjects(request("doc", "viewer", "user:anne", 10, token)),
                    FgaException.Code.INVALID_CONTINUATION, "continuation token is malformed");
        }
    }

    @Test
    void whenContinuationNamesAnotherModelThanTheRequestThenItIsRejected() {
        Engine e = new Engine(DRIVE).write("doc:1#viewer@user:anne", "doc:2#viewer@user:anne");
        String token = e.fga.listObjects(request("doc", "viewer", "user:anne", 1, null)).continuation();
        String newer = e.fga.writeModel(DRIVE);
        assertFails(() -> e.fga.listObjects(new Requests.ListObjects(newer, "doc", "viewer", Subject.parse("user:anne"),
                List.of(), 1, token)), FgaException.Code.INVALID_CONTINUATION, "issued for a different query");
        // Without a model id the listing continues on the model of its first page.
        Requests.Page<ObjectRef> next = e.fga.listObjects(request("doc", "viewer", "user:anne", 1, token));
        assertThat(next.items()).extracting(ObjectRef::id).containsExactly("2");
    }

    @Test
    void whenPageSizeIsAboveTheLimitThenListingIsLimitExceeded() {
        Engine e = new Engine(DRIVE);
        assertFails(() -> e.fga.listObjects(request("doc", "viewer", "user:anne", 1001, null)),
                FgaException.Code.LIMIT_EXCEEDED, "page size 1001 is larger than the limit of 1000");
        assertFails(() -> e.fga.listObjects(request("doc", "viewer", "user:anne", 0, null)),
                FgaException.Code.INVALID_INPUT, "page size must be at least 1");
    }

    @Test
    void whenTypeRelationOrSubjectIsUnknownThenListingIsInvalidInput() {
        Engine e = new Engine(DRIVE);
        assertFails(() -> e.objects("photo", "viewer", "user:anne"), FgaException.Code.INVALID_INPUT, "type 'photo' is not defined");
        assertFails(() -> e.objects("doc", "reader", "user:anne"), FgaException.Code.INVALID_INPUT,
                "relation 'reader' is not defined on type 'doc'");
        assertFails(() -> e.objects("doc", "viewer", "robot:x"), FgaException.Code.INVALID_INPUT,
                "subject type 'robot' is not defined");
    }

    @Test
    void whenObjectsAreOnlyReachedBeyondTheDepthLimitThenListingFailsLikeCheck() {
        Engine e = new Engine(new FgaLimits(3, 100, 100, 1000, 1000), DRIVE).write("doc:near#viewer@user:anne",
                "doc:far#viewer@group:g1#member", "group:g1#member@group:g2#member", "group:g2#member@group:g3#member",
                "group:g3#member@group:g4#member", "group:g4#member@user:anne");
        assertFails(() -> e.objects("doc", "viewer", "user:anne"), FgaException.Code.DEPTH_EXCEEDED,
                "listing the doc objects with viewer for user:anne needs more than 3 hops");
        assertFails(() -> e.check("doc:far", "viewer", "user:anne"), FgaException.Code.DEPTH_EXCEEDED, "needs more than 3 hops");
    }

    @Test
    void whenATupleIsWrittenBetweenPagesThenTheNextPageSeesIt() {
        Engine e = new Engine(DRIVE).write("doc:a#viewer@user:anne", "doc:c#viewer@user:anne");
        Requests.Page<ObjectRef> first = e.fga.listObjects(request("doc", "viewer", "user:anne", 1, null));
        e.write("doc:b#viewer@user:anne");
        Requests.Page<ObjectRef> second = e.fga.listObjects(request("doc", "viewer", "user:anne", 5, first.continuation()));
        assertThat(first.items()).extracting(ObjectRef::id).containsExactly("a");
        assertThat(second.items()).extracting(ObjectRef::id).containsExactly("b", "c");
    }
}
