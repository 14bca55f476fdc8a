package dev.scopekeeper.server.store.jdbc;

import dev.scopekeeper.fga.ObjectRef;
import dev.scopekeeper.fga.Subject;
import dev.scopekeeper.fga.Tuple;
import dev.scopekeeper.fga.store.CheckRead;
import dev.scopekeeper.fga.store.TupleFilter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The {@code fga_tuples} table (V4__fga.sql). Every read is one statement on the primary key or the
 * subject index, ordered by the columns of that index so the database returns rows in tuple order
 * without sorting them. A missing subject relation is stored as ''.
 */
final class TupleSql {
    /** Statements per JDBC batch: large batches go to the database in chunks, all in one transaction. */
    static final int CHUNK = 1000;

    /** The primary key, in the order that is the tuples' order. */
    private static final List<String> KEY =
            List.of("object_type", "object_id", "relation", "subject_type", "subject_id", "subject_relation");
    private static final String COLUMNS = String.join(", ", KEY);
    private static final String WHOLE_TUPLE = "object_type = ? AND object_id = ? AND relation = ?"
            + " AND subject_type = ? AND subject_id = ? AND subject_relation = ?";
    private static final String SUBJECT_ORDER = " ORDER BY subject_type, subject_id, subject_relation";

    private TupleSql() {
    }

    /** Inserts every tuple; an existing one fails the batch with a unique violation. Call inside a transaction. */
    static void insert(Connection c, List<Tuple> tuples) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fga_tuples (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int from = 0; from < tuples.size(); from += CHUNK) {
                for (Tuple t : tuples.subList(from, Math.min(tuples.size(), from + CHUNK))) {
                    bindWhole(ps, t);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * Deletes every tuple; returns, for each, whether a row went (the same order as {@code tuples}).
     * Call inside a transaction.
     */
    static boolean[] delete(Connection c, List<Tuple> tuples) throws SQLException {
        boolean[] deleted = new boolean[tuples.size()];
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM fga_tuples WHERE " + WHOLE_TUPLE)) {
            for (int from = 0; from < tuples.size(); from += CHUNK) {
                List<Tuple> chunk = tuples.subList(from, Math.min(tuples.size(), from + CHUNK));
                for (Tuple t : chunk) {
                    bindWhole(ps, t);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                if (counts.length != chunk.size() || Arrays.stream(counts).anyMatch(n -> n < 0)) {
                    // Statement.SUCCESS_NO_INFO: the driver rewrote the batch, so a missing tuple would go unnoticed.
                    throw new SQLException("the driver did not report how many rows each batched delete removed");
                }
                for (int i = 0; i < counts.length; i++) {
                    deleted[from + i] = counts[i] > 0;
                }
            }
        }
        return deleted;
    }

    static boolean exists(Connection c, Tuple t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM fga_tuples WHERE " + WHOLE_TUPLE)) {
            bindWhole(ps, t);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The first of {@code tuples} that is stored, in list order; one lookup each until found. */
    static Optional<Tuple> firstExisting(Connection c, List<Tuple> tuples) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM fga_tuples WHERE " + WHOLE_TUPLE)) {
            for (Tuple t : tuples) {
                bindWhole(ps, t);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(t);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code object#relation@*}; with {@code indirectOnly}, only userset and wildcard subjects. */
    static List<Tuple> read(Connection c, ObjectRef object, String relation, boolean indirectOnly) throws SQLException {
        String sql = "SELECT subject_type, subject_id, subject_relation FROM fga_tuples"
                + " WHERE object_type = ? AND object_id = ? AND relation = ?"
                + (indirectOnly ? " AND (subject_relation <> '' OR subject_id = '" + Subject.WILDCARD + "')" : "")
                + SUBJECT_ORDER;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, object.type());
            ps.setString(2, object.id());
            ps.setString(3, relation);
            List<Tuple> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Tuple(object, relation, subject(rs.getString(1), rs.getString(2), rs.getString(3))));
                }
            }
            return out;
        }
    }

    /** The most object ids in one branch of a check read; a longer list is split into several branches. */
    static final int IDS_PER_BRANCH = 128;

    /**
     * {@link dev.scopekeeper.fga.store.TupleStore#readForCheck}: one statement, a {@code UNION ALL} of one
     * branch per type (and per {@link #IDS_PER_BRANCH} ids), each a set of ranges of the primary key (the
     * objects) filtered to the relations a check reads, keeping the exact subject, usersets, wildcards and
     * every tupleset tuple. Id lists are padded to a power of two by repeating the last id, so that a few
     * statement texts (which the driver prepares once per connection) serve every batch size.
     */
    static List<Tuple> readForCheck(Connection c, List<CheckRead> reads, Subject subject) throws SQLException {
        StringBuilder sql = new StringBuilder();
        List<String> params = new ArrayList<>();
        for (CheckRead read : reads) {
            if (read.relations().isEmpty()) {
                continue;
            }
            List<String> ids = read.objectIds();
            for (int from = 0; from < ids.size(); from += IDS_PER_BRANCH) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_BRANCH));
                params.add(read.objectType());
                sql.append(sql.length() == 0 ? "" : " UNION ALL ")
                        .append("SELECT " + COLUMNS + " FROM fga_tuples WHERE object_type = ? AND object_id IN (");
                appendPadded(sql, params, chunk);
                sql.append(") AND relation IN (")
                        .append("?, ".repeat(read.relations().size() - 1))
                        .append("?) AND ((subject_type = ? AND subject_id = ? AND subject_relation = ?)"
                                + " OR subject_relation <> '' OR subject_id = '" + Subject.WILDCARD + "'");
                if (!read.tuplesets().isEmpty()) {
                    sql.append(" OR relation IN (").append("?, ".repeat(read.tuplesets().size() - 1)).append("?)");
                }
                sql.append(")");
                params.addAll(read.relations());
                params.add(subject.type());
                params.add(subject.id());
                params.add(relationColumn(subject));
                params.addAll(read.tuplesets());
            }
        }
        if (params.isEmpty()) {
            return List.of();
        }
        sql.append(" ORDER BY " + COLUMNS);
        return wholeTuples(c, sql.toString(), params);
    }

    /** Runs a statement that selects {@link #COLUMNS} with string parameters; the rows as tuples. */
    private static List<Tuple> wholeTuples(Connection c, String sql, List<String> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            List<Tuple> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Tuple(new ObjectRef(rs.getString(1), rs.getString(2)), rs.getString(3),
                            subject(rs.getString(4), rs.getString(5), rs.getString(6))));
                }
            }
            return out;
        }
    }

    /**
     * Appends {@code ids} as placeholders, padded to a power of two by repeating the last id, so that a few
     * statement texts (which the driver prepares once per connection) serve every batch size.
     */
    private static void appendPadded(StringBuilder sql, List<String> params, List<String> ids) {
        int padded = Math.max(1, Integer.highestOneBit(ids.size() - 1) << 1);
        sql.append("?, ".repeat(padded - 1)).append("?");
        params.addAll(ids);
        for (int i = ids.size(); i < padded; i++) {
            params.add(ids.get(ids.size() - 1));
        }
    }

    /**
     * {@link dev.scopekeeper.fga.store.TupleStore#readBySubjects}: one statement on the subject index, a branch
     * per subject type and relation (and per {@link #IDS_PER_BRANCH} ids), in tuple order.
     */
    static List<Tuple> readBySubjects(Connection c, String objectType, String relation, Collection<Subject> subjects)
            throws SQLException {
        Map<List<String>, List<String>> idsByKind = new LinkedHashMap<>();
        for (Subject s : new LinkedHashSet<>(subjects)) {
            idsByKind.computeIfAbsent(List.of(s.type(), relationColumn(s)), k -> new ArrayList<>()).add(s.id());
        }
        if (idsByKind.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder();
        List<String> params = new ArrayList<>();
        for (Map.Entry<List<String>, List<String>> kind : idsByKind.entrySet()) {
            List<String> ids = kind.getValue();
            for (int from = 0; from < ids.size(); from += IDS_PER_BRANCH) {
                sql.append(sql.length() == 0 ? "" : " UNION ALL ")
                        .append("SELECT " + COLUMNS + " FROM fga_tuples WHERE object_type = ? AND relation = ?"
                                + " AND subject_type = ? AND subject_relation = ? AND subject_id IN (");
                params.addAll(List.of(objectType, relation, kind.getKey().get(0), kind.getKey().get(1)));
                appendPadded(sql, params, ids.subList(from, Math.min(ids.size(), from + IDS_PER_BRANCH)));
                sql.append(")");
            }
        }
        sql.append(" ORDER BY " + COLUMNS);
        return wholeTuples(c, sql.toString(), params);
    }

    /** The reverse lookup {@code objectType:*#relation@subject}, on the subject index. */
    static List<Tuple> readBySubject(Connection c, String objectType, String relation, Subject subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT object_id FROM fga_tuples WHERE object_type = ? AND relation = ?"
                + " AND subject_type = ? AND subject_id = ? AND subject_relation = ? ORDER BY object_id")) {
            ps.setString(1, objectType);
            ps.setString(2, relation);
            ps.setString(3, subject.type());
            ps.setString(4, subject.id());
            ps.setString(5, relationColumn(subject));
            List<Tuple> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Tuple(new ObjectRef(objectType, rs.getString(1)), relation, subject));
                }
            }
            return out;
        }
    }

    /**
     * One page in primary key order. The cursor is a row-value comparison over the key columns that
     * the filter leaves open: PostgreSQL positions the index scan with it only when no equality is
     * on the same columns (with {@code object_type = ?} inside it too, it scans from the type's first
     * row). The fixed prefix is compared here instead. LIMIT, not setMaxRows, lets PostgreSQL plan for it.
     */
    static List<Tuple> page(Connection c, TupleFilter filter, Tuple after, int limit) throws SQLException {
        String[] fixed = keyOf(filter);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM fga_tuples WHERE 1 = 1");
        List<String> params = new ArrayList<>();
        for (int i = 0; i < KEY.size(); i++) {
            if (fixed[i] != null) {
                sql.append(" AND ").append(KEY.get(i)).append(" = ?");
                params.add(fixed[i]);
            }
        }
        if (after != null) {
            String[] cursor = keyOf(after);
            int prefix = 0;
            int order = 0;
            while (prefix < KEY.size() && fixed[prefix] != null && order == 0) {
                order = cursor[prefix].compareTo(fixed[prefix]);
                prefix++;
            }
            if (order > 0 || (order == 0 && prefix == KEY.size())) {
                return List.of(); // every match sorts before the cursor, or is the cursor itself
            }
            if (order == 0) {
                List<String> open = KEY.subList(prefix, KEY.size());
                sql.append(" AND (").append(String.join(", ", open)).append(") > (")
                        .append(String.join(", ", open.stream().map(col -> "?").toList())).append(")");
                params.addAll(Arrays.asList(cursor).subList(prefix, KEY.size()));
            }
        }
        sql.append(" ORDER BY " + COLUMNS + " LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            ps.setInt(params.size() + 1, limit);
            List<Tuple> out = new ArrayList<>(Math.min(limit, CHUNK));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Tuple(new ObjectRef(rs.getString(1), rs.getString(2)), rs.getString(3),
                            subject(rs.getString(4), rs.getString(5), rs.getString(6))));
                }
            }
            return out;
        }
    }

    /** The filter's value for each key column, null where it matches anything. */
    private static String[] keyOf(TupleFilter f) {
        Subject s = f.subject();
        return new String[] {f.objectType(), f.objectId(), f.relation(),
            s == null ? null : s.type(), s == null ? null : s.id(), s == null ? null : relationColumn(s)};
    }

    private static String[] keyOf(Tuple t) {
        return new String[] {t.object().type(), t.object().id(), t.relation(),
            t.subject().type(), t.subject().id(), relationColumn(t.subject())};
    }

    private static void bindWhole(PreparedStatement ps, Tuple t) throws SQLException {
        ps.setString(1, t.object().type());
        ps.setString(2, t.object().id());
        ps.setString(3, t.relation());
        ps.setString(4, t.subject().type());
        ps.setString(5, t.subject().id());
        ps.setString(6, relationColumn(t.subject()));
    }

    private static String relationColumn(Subject s) {
        return s.relation() == null ? "" : s.relation();
    }

    private static Subject subject(String type, String id, String relation) {
        return new Subject(type, id, relation.isEmpty() ? null : relation);
    }
}
