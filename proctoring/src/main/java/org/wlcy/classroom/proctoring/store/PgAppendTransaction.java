package org.wlcy.classroom.proctoring.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.wlcy.classroom.lane.Stage;
import org.wlcy.classroom.lane.StageTimes;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * One transaction that appends several batches: locks the touched classes' counter rows (in class
 * order, so concurrent transactions cannot deadlock), looks up which eventIds are already stored,
 * inserts the new events with the next indexes and moves the counters. Running it again after an
 * unknown outcome (a connection lost during COMMIT) is safe: what was committed comes back as
 * duplicates, answered with the stored originals.
 */
final class PgAppendTransaction {
    private PgAppendTransaction() {
    }

    /** Appends {@code batches} in one transaction and commits; returns each batch's stored events. */
    static List<List<TraceEvent>> run(Connection c, List<List<TraceEvent>> batches) throws SQLException {
        c.setAutoCommit(false);
        try {
            List<List<TraceEvent>> results = appendAll(c, batches);
            long commit = System.nanoTime();
            c.commit();
            StageTimes.since(Stage.PG_COMMIT, commit);
            return results;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static List<List<TraceEvent>> appendAll(Connection c, List<List<TraceEvent>> batches)
            throws SQLException {
        TreeSet<String> classes = new TreeSet<>();
        List<String> keyClasses = new ArrayList<>();
        List<String> keyIds = new ArrayList<>();
        for (List<TraceEvent> batch : batches) {
            for (TraceEvent e : batch) {
                Objects.requireNonNull(e, "event");
                classes.add(e.classroomId().value());
                keyClasses.add(e.classroomId().value());
                keyIds.add(e.eventId());
            }
        }
        if (classes.isEmpty()) {
            return batches.stream().map(b -> List.<TraceEvent>of()).toList();
        }
        long start = System.nanoTime();
        Map<String, Long> next = lockCounters(c, classes);
        long locked = System.nanoTime();
        StageTimes.record(Stage.PG_LOCK, locked - start);
        Map<String, TraceEvent> known = existing(c, keyClasses, keyIds);
        StageTimes.since(Stage.PG_LOOKUP, locked);
        List<List<TraceEvent>> results = new ArrayList<>(batches.size());
        List<TraceEvent> fresh = new ArrayList<>();
        for (List<TraceEvent> batch : batches) {
            List<TraceEvent> out = new ArrayList<>(batch.size());
            for (TraceEvent e : batch) {
                String key = key(e.classroomId().value(), e.eventId());
                TraceEvent stored = known.get(key);
                if (stored == null) {
                    long index = next.merge(e.classroomId().value(), 1L, Long::sum) - 1;
                    stored = TraceRecordCodec.normalize(e, index);
                    known.put(key, stored);
                    fresh.add(stored);
                }
                out.add(stored);
            }
            results.add(out);
        }
        long insert = System.nanoTime();
        insert(c, fresh);
        updateCounters(c, next);
        StageTimes.since(Stage.PG_INSERT, insert);
        return results;
    }

    private static Map<String, Long> lockCounters(Connection c, TreeSet<String> classes) throws SQLException {
        Array ids = c.createArrayOf("text", classes.toArray());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trace_class (classroom_id, next_idx)"
                + " SELECT id, 0 FROM unnest(?::text[]) AS k (id) ORDER BY id ON CONFLICT DO NOTHING")) {
            ps.setArray(1, ids);
            ps.executeUpdate();
        }
        Map<String, Long> next = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT classroom_id, next_idx FROM trace_class"
                + " WHERE classroom_id = ANY (?) ORDER BY classroom_id FOR UPDATE")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    next.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return next;
    }

    private static Map<String, TraceEvent> existing(Connection c, List<String> classes, List<String> ids)
            throws SQLException {
        Map<String, TraceEvent> known = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed() + " FROM trace_event e"
                + " JOIN unnest(?::text[], ?::text[]) AS k (classroom_id, event_id)"
                + " ON e.classroom_id = k.classroom_id AND e.event_id = k.event_id")) {
            Array a = c.createArrayOf("text", classes.toArray());
            Array b = c.createArrayOf("text", ids.toArray());
            ps.setArray(1, a);
            ps.setArray(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // keyed by the row's own columns: a set-aside row answers with its placeholder
                    known.put(key(rs.getString(1), rs.getString(3)), PgRows.record(rs).event());
                }
            }
        }
        return known;
    }

    private static void insert(Connection c, List<TraceEvent> fresh) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(PgRows.INSERT_EVENT)) {
            for (TraceEvent e : fresh) {
                PgRows.bindInsert(ps, e);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void updateCounters(Connection c, Map<String, Long> next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE trace_class t SET next_idx = n.next_idx"
                + " FROM unnest(?::text[], ?::bigint[]) AS n (classroom_id, next_idx)"
                + " WHERE t.classroom_id = n.classroom_id AND t.next_idx <> n.next_idx")) {
            ps.setArray(1, c.createArrayOf("text", next.keySet().toArray()));
            ps.setArray(2, c.createArrayOf("bigint", next.values().toArray()));
            ps.executeUpdate();
        }
    }

    private static String prefixed() {
        return "e." + PgRows.EVENT_COLUMNS.replace(", ", ", e.");
    }

    private static String key(String classroom, String eventId) {
        return classroom + '\n' + eventId;
    }
}
