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
}
