package dev.scopekeeper.fga.engine;

import static dev.scopekeeper.fga.engine.Engine.model;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * List-objects and list-users agree with check on random data, cycles included: an object is listed
 * exactly when check says yes, and a subject is listed only when check says yes.
 */
class ListConsistencyTest {

    private static final String MODEL = model(
            "type user",
            "type group",
            "  relations",
            "    define member: [user, user:*, group#member]",
            "type folder",
            "  relations",
            "    define owner: [user, group#member]",
            "    define parent: [folder]",
            "    define viewer: [user, user:*, group#member] or owner or viewer from parent",
            "    define banned: [user, group#member]",
            "    define can_view: viewer but not banned",
            "type doc",
            "  relations",
            "    define parent: [folder]",
            "    define owner: [user]",
            "    define editor: [user, group#member] or owner",
            "    define viewer: [user, user:*, group#member] or editor or viewer from parent",
            "    define blocked: [user, group#member]",
            "    define can_read: viewer but not blocked",
            "    define can_edit: editor and viewer from parent",
            "    define can_view: can_view from parent or (owner but not blocked)");

    private static final int N = 6;
    private static final String[][] RELATIONS = {
            {"group", "member"}, {"folder", "viewer"}, {"folder", "can_view"}, {"doc", "viewer"}, {"doc", "editor"},
            {"doc", "can_read"}, {"doc", "can_edit"}, {"doc", "can_view"}};

    private static String pick(Random r, String prefix) {
        return prefix + r.nextInt(N);
    }

    private static String subject(Random r, boolean wildcard, boolean userset) {
        int k = r.nextInt(10);
        if (wildcard && k == 0) {
            return "user:*";
        }
        if (userset && k < 4) {
            return "group:" + pick(r, "g") + "#member";
        }
        return "user:" + pick(r, "u");
    }

    private static List<String> randomTuples(Random r) {
        Set<String> t = new LinkedHashSet<>();
        for (int i = 0; i < 45; i++) {
            switch (r.nextInt(9)) {
                case 0 -> t.add("group:" + pick(r, "g") + "#member@" + subject(r, true, true));
                case 1 -> t.add("folder:" + pick(r, "f") + "#owner@" + subject(r, false, true));
                case 2 -> t.add("folder:" + pick(r, "f") + "#parent@folder:" + pick(r, "f"));
                case 3 -> t.add("folder:" + pick(r, "f") + "#viewer@" + subject(r, true, true));
                case 4 -> t.add("folder:" + pick(r, "f") + "#banned@" + subject(r, false, true));
                case 5 -> t.add("doc:" + pick(r, "d") + "#parent@folder:" + pick(r, "f"));
                case 6 -> t.add("doc:" + pick(r, "d") + "#editor@" + subject(r, false, true));
                case 7 -> t.add("doc:" + pick(r, "d") + "#viewer@" + subject(r, true, true));
                default -> t.add("doc:" + pick(r, "d") + "#" + (r.nextBoolean() ? "blocked@" + subject(r, false, true)
                        : "owner@user:" + pick(r, "u")));
            }
        }
        return new ArrayList<>(t);
    }

    private static List<String> subjects() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            out.add("user:u" + i);
            out.add("group:g" + i + "#member");
        }
        out.add("user:*");
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void whenDataIsRandomThenListObjectsEqualsCheck(long seed) {
        Engine e = new Engine(MODEL).write(randomTuples(new Random(seed)).toArray(String[]::new));
        for (String[] rel : RELATIONS) {
            String prefix = rel[0].equals("group") ? "g" : rel[0].equals("folder") ? "f" : "d";
            for (String s : subjects()) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < N; i++) {
                    if (e.check(rel[0] + ":" + prefix + i, rel[1], s)) {
                        expected.add(prefix + i);
                    }
                }
                assertThat(e.objects(rel[0], rel[1], s)).as("seed %d: %s %s for %s", seed, rel[0], rel[1], s)
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void whenDataIsRandomThenListUsersAgreesWithCheck(long seed) {
        Engine e = new Engine(MODEL).write(randomTuples(new Random(seed)).toArray(String[]::new));
        for (String[] rel : RELATIONS) {
            String prefix = rel[0].equals("group") ? "g" : rel[0].equals("folder") ? "f" : "d";
            for (int i = 0; i < N; i++) {
                String object = rel[0] + ":" + prefix + i;
                List<String> listed = e.users(object, rel[1], "user", "group#member");
                List<String> usersets = new ArrayList<>();
                for (String s : subjects()) {
                    boolean allowed = e.check(object, rel[1], s);
                    if (listed.contains(s)) {
                        assertThat(allowed).as("seed %d: %s#%s lists %s", seed, object, rel[1], s).isTrue();
                    }
                    if (allowed && s.startsWith("group:")) {
                        usersets.add(s);
                    }
                    if (allowed && s.startsWith("user:u")) {
                        // A user granted only through user:* is covered by listing user:*.
                        assertThat(listed).as("seed %d: %s#%s misses %s", seed, object, rel[1], s)
                                .containsAnyOf(s, "user:*");
                    }
                }
                assertThat(listed.stream().filter(s -> s.startsWith("group:")).toList())
                        .as("seed %d: usersets of %s#%s", seed, object, rel[1]).isEqualTo(usersets);
                assertThat(listed).isSorted();
            }
        }
    }

}
