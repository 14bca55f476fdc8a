package dev.scopekeeper.benchmarks.fga;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Query sets over a {@link FgaDataset}, labelled from the dataset's own structure (not by asking the
 * engine): whether {@code user} may view {@code document}, and at what depth. Depth counts hops as
 * the engine's {@code Checker} does (every userset, computed relation and tuple-to-userset step is
 * one), so a query's depth is the smallest depth budget under which the engine answers it:
 * <ul>
 *   <li>allowed: the length of the shortest granting path (direct viewer 0, editor 1, owner 2, the
 *       document's folder 1 hop up, each ancestor one more, a group one more, each nesting one more);</li>
 *   <li>denied: the deepest node the engine's depth-first walk visits (every ancestor folder, its
 *       owner, its groups and their nested groups, each group walked once per check).</li>
 * </ul>
 * {@link FgaVerify} proves the labels against the engine.
 */
public final class FgaQueries {

    public static final long DEFAULT_SEED = 7L;
    /** Queries per check class and list-objects users. */
    public static final int DEFAULT_SIZE = 1000;
    /** The depth the goals name: "in-process check p99 &lt; 1 ms at depth ≤ 4". */
    public static final int SHALLOW = 4;

    /** One check {@code document:<doc>#viewer@user:<user>} with its expected answer and depth. */
    public record Check(String object, String relation, String subject, boolean allowed, int depth) {
        public String json() {
            return "{\"object\":\"" + object + "\",\"relation\":\"" + relation + "\",\"subject\":\"" + subject + "\"}";
        }
    }

    /** One list-objects query: the documents {@code user} may view. */
    public record ListObjects(String type, String relation, String subject) {
        public String json(int pageSize) {
            return "{\"type\":\"" + type + "\",\"relation\":\"" + relation + "\",\"subject\":\"" + subject
                    + "\",\"page_size\":" + pageSize + "}";
        }
    }

    /** The four check classes the benchmarks report separately. */
    public enum CheckClass {
        ALLOWED_SHALLOW, ALLOWED_DEEP, DENIED_SHALLOW, DENIED_DEEP;

        static CheckClass of(boolean allowed, int depth) {
            boolean shallow = depth <= SHALLOW;
            if (allowed) {
                return shallow ? ALLOWED_SHALLOW : ALLOWED_DEEP;
            }
            return shallow ? DENIED_SHALLOW : DENIED_DEEP;
        }
    }

    private final FgaDataset data;

    public FgaQueries(FgaDataset data) {
        this.data = data;
    }

    /** {@code size} checks of one class, deterministic for a seed. */
    public List<Check> checks(CheckClass wanted, int size, long seed) {
        Random r = new Random(seed * 31 + wanted.ordinal());
        List<Check> out = new ArrayList<>(size);
        boolean allowed = wanted == CheckClass.ALLOWED_SHALLOW || wanted == CheckClass.ALLOWED_DEEP;
        int docs = data.docFolder.length;
        for (long attempt = 0; out.size() < size; attempt++) {
            if (attempt > 10_000L * size) {
                throw new IllegalStateException("the dataset has too few " + wanted + " checks (" + out.size() + " found)");
            }
            // Denied checks in shallow folders are rare in a uniform draw: half the draws come from the top two levels.
            int d = !allowed && attempt % 2 == 1 ? shallowDoc(r) : r.nextInt(docs);
            if (d < 0) {
                continue;
            }
            int u = allowed ? grantee(r, d) : r.nextInt(data.shape.users());
            if (u < 0) {
                continue;
            }
            int depth = allowedDepth(u, d);
            boolean isAllowed = depth >= 0;
            if (!isAllowed) {
                depth = deniedDepth(d);
            }
            if (isAllowed == allowed && CheckClass.of(isAllowed, depth) == wanted) {
                out.add(new Check("document:" + data.docId(d), "viewer", "user:" + data.userId(u), isAllowed, depth));
            }
        }
        return out;
    }

    /** {@code size} random users' list-objects queries on the documents they may view. */
    public List<ListObjects> listObjects(int size, long seed) {
        Random r = new Random(seed * 31 + 99);
        List<ListObjects> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new ListObjects("document", "viewer", "user:" + data.userId(r.nextInt(data.shape.users()))));
        }
        return out;
    }

    /** How many documents {@code user} (an index) may view, by the dataset's structure. */
    public int viewableDocuments(int user) {
        int count = 0;
        int[] nesting = groupNesting(user);
        for (int d = 0; d < data.docFolder.length; d++) {
            if (allowedDepth(nesting, user, d) >= 0) {
                count++;
            }
        }
        return count;
    }

    /** A document in a folder of level 0 or 1, or -1 if that folder has none. */
    private int shallowDoc(Random r) {
        int f = r.nextInt(data.folderStart[Math.min(2, data.shape.levels())]);
        int[] docs = data.folderDocs[f];
        return docs.length == 0 ? -1 : docs[r.nextInt(docs.length)];
    }

    /** A user granted viewer on document {@code d} by one path picked at random among all of them, or -1. */
    private int grantee(Random r, int d) {
        List<int[]> options = new ArrayList<>(); // {kind, folder or group}
        if (data.docViewer[d] >= 0) {
            options.add(new int[] {0, data.docViewer[d]});
        }
        if (data.docEditor[d] >= 0) {
            options.add(new int[] {0, data.docEditor[d]});
        }
        options.add(new int[] {0, data.docOwner[d]});
        for (int f = data.docFolder[d]; f >= 0; f = data.folderParent[f]) {
            if (data.folderViewerUser[f] >= 0) {
                options.add(new int[] {0, data.folderViewerUser[f]});
            }
            options.add(new int[] {0, data.folderOwner[f]});
            for (int g : data.folderViewerGroups[f]) {
                options.add(new int[] {1, g});
            }
        }
        int[] pick = options.get(r.nextInt(options.size()));
        if (pick[0] == 0) {
            return pick[1];
        }
        int g = pick[1];
        while (data.groupChildren[g].length > 0) {
            g = data.groupChildren[g][r.nextInt(data.groupChildren[g].length)];
        }
        int[] users = data.groupUsers[g];
        return users.length == 0 ? -1 : users[r.nextInt(users.length)];
    }

    /** The length of the shortest path granting {@code u} viewer on {@code d}, or -1 if none does. */
    int allowedDepth(int u, int d) {
        return allowedDepth(groupNesting(u), u, d);
    }

    private int allowedDepth(int[] nesting, int u, int d) {
        if (data.docPublic[d] || data.docViewer[d] == u) {
            return 0;
        }
        int best = data.docEditor[d] == u ? 1 : data.docOwner[d] == u ? 2 : Integer.MAX_VALUE;
        int depth = 1;
        for (int f = data.docFolder[d]; f >= 0 && depth < best; f = data.folderParent[f], depth++) {
            if (data.folderViewerUser[f] == u) {
                best = Math.min(best, depth);
            }
            if (data.folderOwner[f] == u) {
                best = Math.min(best, depth + 1);
            }
            for (int g : data.folderViewerGroups[f]) {
                if (nesting[g] >= 0) {
                    best = Math.min(best, depth + 1 + nesting[g]);
                }
            }
        }
        return best == Integer.MAX_VALUE ? -1 : best;
    }

    /** Per group, how many nesting steps separate it from a team {@code u} is in (-1: not in it). Sparse use. */
    private int[] groupNesting(int u) {
        int[] n = new int[data.groupCount];
        Arrays.fill(n, -1);
        for (int team : data.userGroups[u]) {
            int steps = 0;
            for (int g = team; g >= 0; g = data.groupParent[g], steps++) {
                if (n[g] < 0 || n[g] > steps) {
                    n[g] = steps;
                }
            }
        }
        return n;
    }

    /**
     * The deepest node the engine visits to deny viewer on {@code d}: document#viewer (0), #editor (1),
     * #owner (2), then each ancestor folder#viewer at 1, 2, ... with its #owner one deeper and its
     * groups one deeper, a group's nested groups one deeper each, walked only the first time
     * (the checker remembers a group's answer, but still counts the hop to it).
     */
    int deniedDepth(int d) {
        int max = 2;
        Set<Integer> walked = new HashSet<>();
        int depth = 1;
        for (int f = data.docFolder[d]; f >= 0; f = data.folderParent[f], depth++) {
            max = Math.max(max, depth + 1); // folder#owner, and the parent's viewer
            for (int g : data.folderViewerGroups[f]) {
                max = Math.max(max, walkGroup(g, depth + 1, walked));
            }
        }
        return max;
    }

    private int walkGroup(int g, int depth, Set<Integer> walked) {
        int max = depth;
        if (walked.add(g)) {
            for (int c : data.groupChildren[g]) {
                max = Math.max(max, walkGroup(c, depth + 1, walked));
            }
        }
        return max;
    }
}
