package org.wlcy.classroom.proctoring.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/** Mapping between {@link TraceEvent} and {@code trace_event} rows. */
final class PgRows {
    /** The columns {@link #event} reads, in its order. */
    static final String EVENT_COLUMNS =
            "classroom_id, idx, event_id, user_id, session_id, kind, recorded_at, client_time, data";
    static final String INSERT_EVENT = "INSERT INTO trace_event (" + EVENT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private PgRows() {
    }

    static TraceEvent event(ResultSet rs) throws SQLException {
        OffsetDateTime client = rs.getObject(8, OffsetDateTime.class);
        try {
            return new TraceEvent(rs.getLong(2), new ClassroomId(rs.getString(1)), rs.getString(5),
                    new UserId(rs.getString(4)), TraceKind.fromWire(rs.getString(6)),
                    rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(3),
                    client == null ? null : client.toInstant(), TraceRecordCodec.decodeData(rs.getString(9)));
        } catch (IOException | RuntimeException e) {
            throw new SQLException("trace_event " + rs.getString(1) + "/" + rs.getLong(2) + " is invalid: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The row at the cursor as a record: its event, or, if it is not a valid storable event of the
     * class, its placeholder with {@link #rowBytes} as the raw bytes.
     */
    static StoredRecord record(ResultSet rs) throws SQLException {
        ClassroomId classroom = new ClassroomId(rs.getString(1));
        long index = rs.getLong(2);
        TraceEvent e;
        try {
            e = event(rs);
        } catch (SQLException ex) {
            if (ex.getCause() == null) {
                throw ex;
            }
            return setAside(rs, classroom, index, null, StorableEvent.UNREADABLE,
                    "cannot be read: " + ex.getCause().getMessage());
        }
        var problem = StorableEvent.problem(e);
        if (problem.isPresent()) {
            return setAside(rs, classroom, index, e, StorableEvent.NOT_CANONICAL, problem.get().toString());
        }
        return new StoredRecord(e, null);
    }

    private static StoredRecord setAside(ResultSet rs, ClassroomId classroom, long index, TraceEvent decoded,
                                         String reason, String problem) throws SQLException {
        return new StoredRecord(StorableEvent.placeholder(classroom, index, rowBytes(rs), decoded, reason),
                "trace_event row (" + classroom + ", " + index + "): " + problem);
    }

    /**
     * A row's bytes, for a set-aside row's hash: a JSON array (UTF-8, no spaces) of the columns of
     * {@link #EVENT_COLUMNS} in that order, text columns as strings, {@code idx} as a number,
     * times as ISO-8601 UTC strings ({@code Instant.toString}), NULL as null.
     */
    static byte[] rowBytes(ResultSet rs) throws SQLException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        try (com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory()
                .createGenerator(out)) {
            g.writeStartArray();
            g.writeString(rs.getString(1));
            g.writeNumber(rs.getLong(2));
            for (int col = 3; col <= 9; col++) {
                if (col == 7 || col == 8) {
                    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
                    g.writeString(t == null ? null : t.toInstant().toString());
                } else {
                    g.writeString(rs.getString(col));
                }
            }
            g.writeEndArray();
        } catch (IOException ex) {
            throw new SQLException("cannot render trace_event row: " + ex.getMessage(), ex);
        }
        return out.toByteArray();
    }

    static void bindInsert(PreparedStatement ps, TraceEvent e) throws SQLException {
        ps.setString(1, e.classroomId().value());
        ps.setLong(2, e.index());
        ps.setString(3, e.eventId());
        ps.setString(4, e.userId().value());
        ps.setString(5, e.sessionId());
        ps.setString(6, e.kind().wire());
        ps.setObject(7, timestamp(e.recordedAt()));
        ps.setObject(8, e.clientTime() == null ? null : timestamp(e.clientTime()));
        ps.setString(9, TraceRecordCodec.encodeData(e.data()));
    }

    static OffsetDateTime timestamp(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /**
     * A time-range condition on {@code recorded_at} for {@code [from, to)}; bounds beyond what
     * PostgreSQL can hold are left out. Bounds are rounded up to the microsecond (stored times are
     * whole microseconds).
     */
    static String rangeCondition(Instant from, Instant to) {
        return (from.isAfter(EARLIEST) ? " AND recorded_at >= ?" : "")
                + (to.isBefore(LATEST) ? " AND recorded_at < ?" : "");
    }

    /** Binds the parameters of {@link #rangeCondition} from {@code at}; returns the next parameter's position. */
    static int bindRange(PreparedStatement ps, int at, Instant from, Instant to) throws SQLException {
        if (from.isAfter(EARLIEST)) {
            ps.setObject(at++, timestamp(ceilMicros(from)));
        }
        if (to.isBefore(LATEST)) {
            ps.setObject(at++, timestamp(ceilMicros(to)));
        }
        return at;
    }

    private static Instant ceilMicros(Instant t) {
        Instant down = TraceRecordCodec.micros(t);
        return down.equals(t) ? t : down.plusNanos(1000);
    }
}
