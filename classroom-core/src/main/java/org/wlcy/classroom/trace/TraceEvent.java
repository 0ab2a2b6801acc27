package org.wlcy.classroom.trace;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/**
 * One event of a class's learning trace: append-only, one leaf of the class's Merkle log.
 *
 * @param index       position in the class's log, assigned when stored ({@code -1} before)
 * @param classroomId the class whose log holds it
 * @param sessionId   the lesson it happened in, or {@code null}
 * @param userId      whose trace it belongs to
 * @param kind        what happened
 * @param recordedAt  server time when the server accepted it (authoritative)
 * @param eventId     unique within the class; duplicates are dropped. Client events use
 *                    {@code "<userId>/<clientSeq>"}, server events {@code "srv/<id>"}.
 * @param clientTime  the client's own clock, as data only, or {@code null}
 * @param data        flat details: values are strings, whole numbers or booleans only (so that
 *                    canonical JSON is simple and exact); sorted by key
 */
public record TraceEvent(long index, ClassroomId classroomId, String sessionId, UserId userId, TraceKind kind,
                         Instant recordedAt, String eventId, Instant clientTime, Map<String, Object> data) {
    public TraceEvent {
        Objects.requireNonNull(classroomId, "classroomId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
        if (eventId.isBlank() || eventId.length() > 160) {
            throw new IllegalArgumentException("eventId must be 1-160 characters");
        }
        TreeMap<String, Object> sorted = new TreeMap<>();
        if (data != null) {
            data.forEach((k, v) -> {
                if (!(v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Boolean)) {
                    throw new IllegalArgumentException("trace data '" + k + "' must be a string, whole number or "
                            + "boolean, not " + (v == null ? "null" : v.getClass().getSimpleName()));
                }
                sorted.put(k, v instanceof Integer i ? Long.valueOf(i) : v);
            });
        }
        data = java.util.Collections.unmodifiableSortedMap(sorted);
    }

    /** The same event at its position in the log. */
    public TraceEvent at(long newIndex) {
        return new TraceEvent(newIndex, classroomId, sessionId, userId, kind, recordedAt, eventId, clientTime, data);
    }
}
