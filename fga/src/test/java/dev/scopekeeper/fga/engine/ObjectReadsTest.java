package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scopekeeper.fga.Fga;
import dev.scopekeeper.fga.FgaLimits;
import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Requests;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.store.InMemoryModelStore;
import dev.scopekeeper.fga.store.ObjectReadingStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectReadsTest {

    private static final String DRIVE = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type folder",
            "  relations",
            "    define owner: [user]",
            "    define parent: [folder]",
            "    define viewer: [user, group#member] or owner or viewer from parent",
            "type doc",
            "  relations",
            "    define parent: [folder]",
            "    define owner: [user]",
            "    define editor: [user] or owner",
            "    define viewer: [user, user:*] or editor or viewer from parent");

    private final ObjectReadingStore store = new ObjectReadingStore();
    private final Fga fga = new Fga(store, new InMemoryModelStore(), FgaLimits.DEFAULTS);

    ObjectReadsTest() {
        fga.writeModel(DRIVE);
        fga.write(new Requests.Write(null, Engine.tuples(
                "group:eng#member@user:anne", "group:all#member@group:eng#member",
                "folder:root#viewer@group:all#member", "folder:mid#parent@folder:root", "folder:leaf#parent@folder:mid",
                "doc:1#parent@folder:leaf", "doc:1#owner@user:carl", "doc:2#viewer@user:*"), List.of()));
        store.resetReads();
    }

    private boolean check(String object, String relation, String subject) {
        return fga.check(new Requests.Check(null, ObjectRef.parse(object), relation, Subject.parse(subject), List.of())).allowed();
    }

    @Test
    void whenCheckWalksAFolderChainThenEachObjectIsReadOnceAndNothingElse() {
        // doc:1 → folder:leaf → folder:mid → folder:root → group:all → group:eng: six objects.
        assertThat(check("doc:1", "viewer", "user:anne")).isTrue();

        assertThat(store.reads()).isEqualTo(Map.of("readForCheck", 6));
    }

    @Test
    void whenCheckIsDeniedThenEveryObjectIsStillReadOnlyOnce() {
        assertThat(check("doc:1", "viewer", "user:bob")).isFalse();

        assertThat(store.reads()).isEqualTo(Map.of("readForCheck", 6));
    }

    @Test
    void whenAnswersComeFromObjectReadsThenTheyEqualThePlainEngine() {
        Engine plain = new Engine(DRIVE).write("group:eng#member@user:anne", "group:all#member@group:eng#member",
                "folder:root#viewer@group:all#member", "folder:mid#parent@folder:root", "folder:leaf#parent@folder:mid",
                "doc:1#parent@folder:leaf", "doc:1#owner@user:carl", "doc:2#viewer@user:*");
        List<String> relations = List.of("doc:1#viewer", "doc:1#editor", "doc:1#owner", "doc:2#viewer",
                "folder:mid#viewer", "folder:leaf#owner", "group:all#member", "group:eng#member");
        for (String objectRelation : relations) {
            String object = objectRelation.substring(0, objectRelation.indexOf('#'));
            String relation = objectRelation.substring(objectRelation.indexOf('#') + 1);
            for (String subject : List.of("user:anne", "user:bob", "user:carl", "group:eng#member", "user:*")) {
                assertThat(check(object, relation, subject)).as("%s@%s", objectRelation, subject)
                        .isEqualTo(plain.check(object, relation, subject));
            }
        }
    }

    @Test
    void whenCheckFansOutThroughNestedGroupsThenEachLevelIsOneRead() {
        fga.write(new Requests.Write(null, Engine.tuples("doc:3#parent@folder:wide",
                "folder:wide#viewer@group:t1#member", "folder:wide#viewer@group:t2#member", "folder:wide#viewer@group:t3#member",
                "group:t1#member@group:s1#member", "group:t1#member@group:s2#member", "group:t2#member@group:s3#member",
                "group:s3#member@user:zed"), List.of()));
        store.resetReads();

        assertThat(check("doc:3", "viewer", "user:zed")).isTrue();

        // doc:3, then folder:wide, then its three groups together, then their three subgroups together.
        assertThat(store.checkReads()).extracting(reads -> reads.get(0).objectType() + reads.get(0).objectIds())
                .containsExactly("doc[3]", "folder[wide]", "group[t1, t2, t3]", "group[s1, s2, s3]");
        store.resetReads();
        assertThat(check("doc:3", "viewer", "user:nobody")).isFalse();
        assertThat(store.reads()).isEqualTo(Map.of("readForCheck", 4));
    }

    @Test
    void whenCheckFansOutWiderThanOneBatchThenReadsAreSplitAndTheAnswerStands() {
        List<String> tuples = new java.util.ArrayList<>(List.of("doc:4#parent@folder:huge"));
        for (int i = 0; i < ObjectReads.MAX_BATCH + 50; i++) {
            tuples.add(String.format("folder:huge#viewer@group:g%03d#member", i));
        }
        tuples.add(String.format("group:g%03d#member@user:last", ObjectReads.MAX_BATCH + 49));
        for (int from = 0; from < tuples.size(); from += 100) {
            fga.write(new Requests.Write(null, Engine.tuples(tuples.subList(from, Math.min(tuples.size(), from + 100))
                    .toArray(String[]::new)), List.of()));
        }
        store.resetReads();

        assertThat(check("doc:4", "viewer", "user:last")).isTrue();

        assertThat(store.checkReads()).extracting(reads -> reads.get(0).objectIds().size())
                .containsExactly(1, 1, ObjectReads.MAX_BATCH, 50);
    }
}
