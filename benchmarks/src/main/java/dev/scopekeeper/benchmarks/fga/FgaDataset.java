package dev.scopekeeper.benchmarks.fga;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded, reproducible relationship graph of a document-sharing service: users; groups nested
 * three deep (teams in departments in divisions in organisations); folders nested {@code levels}
 * deep; documents in folders. The same seed and shape give the same tuples on every JDK
 * ({@link Random}'s algorithm is specified). The structure is kept in int arrays, so query sets can
 * be labelled without a store ({@link FgaQueries}); tuples are emitted in primary-key order.
 *
 * <p>Ids are zero-padded ({@code u004217}) so that string order is index order: the emitted tuples are
 * sorted as {@code fga_tuples}' primary key sorts them, which makes a bulk load append to its index.
 */
public final class FgaDataset {

    /** The model the benchmarks query: every relation is a union (exact list-objects, no confirming check). */
    public static final String MODEL = String.join("\n",
            "model",
            "  schema 1.1",
            "type user",
            "type group",
            "  relations",
            "    define member: [user, group#member]",
            "type folder",
            "  relations",
            "    define parent: [folder]",
            "    define owner: [user]",
            "    define viewer: [user, group#member] or owner or viewer from parent",
            "type document",
            "  relations",
            "    define parent: [folder]",
            "    define owner: [user]",
            "    define editor: [user] or owner",
            "    define viewer: [user, user:*] or editor or viewer from parent",
            "    define can_delete: owner",
            "");

    public static final long DEFAULT_SEED = 20261203L;

    /** Groups per nesting level, the teams first; a group's parent is in the next level. */
    public static final int GROUP_LEVELS = 4;
    private static final int GROUPS_PER_USER = 3;
    private static final int ROOT_GROUPS = 2;
    private static final double FOLDER_GROUP_SHARE = 0.20;
    private static final double FOLDER_USER_SHARE = 0.30;
    private static final double DOC_EDITOR_SHARE = 0.30;
    private static final double DOC_VIEWER_SHARE = 0.40;
    private static final double DOC_PUBLIC_SHARE = 0.001;

    /**
     * How big the graph is.
     *
     * @param groups groups per level: teams, departments, divisions, organisations
     * @param roots top-level folders; each folder has {@code branching} subfolders down to {@code levels}
     */
    public record Shape(int users, int[] groups, int roots, int branching, int levels, int documents) {
        /** About 1.27 million tuples: 100k users, 10k groups, 60,500 folders 5 levels deep, 300k documents. */
        public static final Shape DEFAULT = new Shape(100_000, new int[] {7_000, 2_000, 800, 200}, 500, 3, 5, 300_000);

        /** This shape with every count multiplied by {@code f} (at least 1 each): smoke runs. */
        public Shape scaled(double f) {
            int[] g = Arrays.stream(groups).map(n -> Math.max(1, (int) (n * f))).toArray();
            return new Shape(Math.max(10, (int) (users * f)), g, Math.max(1, (int) (roots * f)), branching, levels,
                    Math.max(10, (int) (documents * f)));
        }
    }

    /** Receives tuples; a concrete subject has a null {@code subjectRelation}. */
    public interface Sink {
        void accept(String objectType, String objectId, String relation, String subjectType, String subjectId,
                    String subjectRelation);
    }

    /** Tuples per kind, as emitted. */
    public record Counts(long groupUsers, long groupGroups, long folderParents, long folderOwners, long folderViewerUsers,
                         long folderViewerGroups, long docParents, long docOwners, long docEditors, long docViewers,
                         long docPublic) {
        public long total() {
            return groupUsers + groupGroups + folderParents + folderOwners + folderViewerUsers + folderViewerGroups
                    + docParents + docOwners + docEditors + docViewers + docPublic;
        }
    }

    final Shape shape;
    final long seed;
    final int groupCount;
    final int[] groupStart = new int[GROUP_LEVELS + 1];
    final int[] groupParent;
    final int[][] groupChildren;
    final int[][] groupUsers;
    final int[][] userGroups;
    final int folderCount;
    final int[] folderStart;
    final int[] folderParent;
    final int[] folderOwner;
    final int[] folderViewerUser;
    final int[][] folderViewerGroups;
    final int[][] folderDocs;
    final int[] docFolder;
    final int[] docOwner;
    final int[] docEditor;
    final int[] docViewer;
    final boolean[] docPublic;
    private final int userDigits;
    private final int groupDigits;
    private final int folderDigits;
    private final int docDigits;

    public FgaDataset(Shape shape, long seed) {
        this.shape = shape;
        this.seed = seed;
        Random r = new Random(seed);
        int users = shape.users();
        for (int l = 0; l < GROUP_LEVELS; l++) {
            groupStart[l + 1] = groupStart[l] + shape.groups()[l];
        }
        groupCount = groupStart[GROUP_LEVELS];
        groupParent = new int[groupCount];
        for (int l = 0; l < GROUP_LEVELS; l++) {
            for (int g = groupStart[l]; g < groupStart[l + 1]; g++) {
                groupParent[g] = l + 1 < GROUP_LEVELS ? groupStart[l + 1] + r.nextInt(shape.groups()[l + 1]) : -1;
            }
        }
        groupChildren = invert(groupParent, groupCount);
        userGroups = new int[users][];
        int[] teamOf = new int[users * GROUPS_PER_USER];
        for (int u = 0; u < users; u++) {
            int[] gs = distinct(r, GROUPS_PER_USER, shape.groups()[0]);
            userGroups[u] = gs;
            for (int i = 0; i < gs.length; i++) {
                teamOf[u * GROUPS_PER_USER + i] = gs[i];
            }
        }
        groupUsers = invertMany(teamOf, GROUPS_PER_USER, groupCount);

        folderStart = new int[shape.levels() + 1];
        int width = shape.roots();
        for (int l = 0; l < shape.levels(); l++) {
            folderStart[l + 1] = folderStart[l] + width;
            width *= shape.branching();
        }
        folderCount = folderStart[shape.levels()];
        folderParent = new int[folderCount];
        folderOwner = new int[folderCount];
        folderViewerUser = new int[folderCount];
        folderViewerGroups = new int[folderCount][];
        int upperGroups = groupCount - groupStart[1];
        for (int l = 0; l < shape.levels(); l++) {
            for (int f = folderStart[l]; f < folderStart[l + 1]; f++) {
                folderParent[f] = l == 0 ? -1 : folderStart[l - 1] + (f - folderStart[l]) / shape.branching();
                folderOwner[f] = r.nextInt(users);
                folderViewerUser[f] = r.nextDouble() < FOLDER_USER_SHARE ? r.nextInt(users) : -1;
                if (l == 0) {
                    // Top-level folders are shared with whole departments or divisions.
                    int[] gs = distinct(r, Math.min(ROOT_GROUPS, upperGroups), upperGroups);
                    for (int i = 0; i < gs.length; i++) {
                        gs[i] += groupStart[1];
                    }
                    Arrays.sort(gs);
                    folderViewerGroups[f] = gs;
                } else {
                    folderViewerGroups[f] = r.nextDouble() < FOLDER_GROUP_SHARE ? new int[] {r.nextInt(groupCount)} : new int[0];
                }
            }
        }
        int docs = shape.documents();
        docFolder = new int[docs];
        docOwner = new int[docs];
        docEditor = new int[docs];
        docViewer = new int[docs];
        docPublic = new boolean[docs];
        for (int d = 0; d < docs; d++) {
            docFolder[d] = r.nextInt(folderCount);
            docOwner[d] = r.nextInt(users);
            docEditor[d] = r.nextDouble() < DOC_EDITOR_SHARE ? r.nextInt(users) : -1;
            docViewer[d] = r.nextDouble() < DOC_VIEWER_SHARE ? r.nextInt(users) : -1;
            docPublic[d] = r.nextDouble() < DOC_PUBLIC_SHARE;
        }
        folderDocs = invert(docFolder, folderCount);
        userDigits = digits(users);
        groupDigits = digits(groupCount);
        folderDigits = digits(folderCount);
        docDigits = digits(docs);
    }

    /** Emits every tuple once, sorted by (object type, object id, relation, subject); returns the counts. */
    public Counts emit(Sink out) {
        long[] n = new long[11];
        for (int d = 0; d < docFolder.length; d++) {
            String doc = docId(d);
            if (docEditor[d] >= 0) {
                out.accept("document", doc, "editor", "user", userId(docEditor[d]), null);
                n[8]++;
            }
            out.accept("document", doc, "owner", "user", userId(docOwner[d]), null);
            n[7]++;
            out.accept("document", doc, "parent", "folder", folderId(docFolder[d]), null);
            n[6]++;
            if (docPublic[d]) {
                out.accept("document", doc, "viewer", "user", "*", null);
                n[10]++;
            }
            if (docViewer[d] >= 0) {
                out.accept("document", doc, "viewer", "user", userId(docViewer[d]), null);
                n[9]++;
            }
        }
        for (int f = 0; f < folderCount; f++) {
            String folder = folderId(f);
            out.accept("folder", folder, "owner", "user", userId(folderOwner[f]), null);
            n[3]++;
            if (folderParent[f] >= 0) {
                out.accept("folder", folder, "parent", "folder", folderId(folderParent[f]), null);
                n[2]++;
            }
            for (int g : folderViewerGroups[f]) {
                out.accept("folder", folder, "viewer", "group", groupId(g), "member");
                n[5]++;
            }
            if (folderViewerUser[f] >= 0) {
                out.accept("folder", folder, "viewer", "user", userId(folderViewerUser[f]), null);
                n[4]++;
            }
        }
        for (int g = 0; g < groupCount; g++) {
            String group = groupId(g);
            for (int c : groupChildren[g]) {
                out.accept("group", group, "member", "group", groupId(c), "member");
                n[1]++;
            }
            for (int u : groupUsers[g]) {
                out.accept("group", group, "member", "user", userId(u), null);
                n[0]++;
            }
        }
        return new Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10]);
    }

    private Counts counts;

    /** The tuple counts, by emitting once without keeping anything. */
    public synchronized Counts counts() {
        if (counts == null) {
            counts = emit((ot, oid, rel, st, sid, srel) -> { });
        }
        return counts;
    }

    public Shape shape() {
        return shape;
    }

    public long seed() {
        return seed;
    }

    public int folderCount() {
        return folderCount;
    }

    public int groupCount() {
        return groupCount;
    }

    /** The nesting level of a group: 0 for a team (users only), up to {@link #GROUP_LEVELS} - 1. */
    public int groupLevel(int g) {
        int l = 0;
        while (g >= groupStart[l + 1]) {
            l++;
        }
        return l;
    }

    /** The level of a folder: 0 at the top. */
    public int folderLevel(int f) {
        int l = 0;
        while (f >= folderStart[l + 1]) {
            l++;
        }
        return l;
    }

    public String userId(int u) {
        return pad('u', u, userDigits);
    }

    public String groupId(int g) {
        return pad('g', g, groupDigits);
    }

    public String folderId(int f) {
        return pad('f', f, folderDigits);
    }

    public String docId(int d) {
        return pad('d', d, docDigits);
    }

    private static String pad(char prefix, int value, int width) {
        char[] c = new char[width + 1];
        c[0] = prefix;
        for (int i = width; i >= 1; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return new String(c);
    }

    private static int digits(int count) {
        return Math.max(1, String.valueOf(Math.max(0, count - 1)).length());
    }

    /** {@code k} distinct values in [0, bound), sorted. */
    private static int[] distinct(Random r, int k, int bound) {
        int[] out = new int[Math.min(k, bound)];
        for (int i = 0; i < out.length; i++) {
            int v;
            boolean again;
            do {
                v = r.nextInt(bound);
                again = false;
                for (int j = 0; j < i; j++) {
                    again |= out[j] == v;
                }
            } while (again);
            out[i] = v;
        }
        Arrays.sort(out);
        return out;
    }

    /** For each target, the sorted sources pointing at it ({@code -1} points nowhere). */
    private static int[][] invert(int[] pointsTo, int targets) {
        List<List<Integer>> lists = new ArrayList<>(targets);
        for (int t = 0; t < targets; t++) {
            lists.add(new ArrayList<>(0));
        }
        for (int s = 0; s < pointsTo.length; s++) {
            if (pointsTo[s] >= 0) {
                lists.get(pointsTo[s]).add(s);
            }
        }
        int[][] out = new int[targets][];
        for (int t = 0; t < targets; t++) {
            out[t] = lists.get(t).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** As {@link #invert}, where source {@code s} is entry {@code s / per} of {@code pointsTo}. */
    private static int[][] invertMany(int[] pointsTo, int per, int targets) {
        int[] count = new int[targets];
        for (int t : pointsTo) {
            count[t]++;
        }
        int[][] out = new int[targets][];
        for (int t = 0; t < targets; t++) {
            out[t] = new int[count[t]];
        }
        int[] fill = new int[targets];
        for (int i = 0; i < pointsTo.length; i++) {
            int t = pointsTo[i];
            out[t][fill[t]++] = i / per; // ascending, since i is
        }
        return out;
    }
}
