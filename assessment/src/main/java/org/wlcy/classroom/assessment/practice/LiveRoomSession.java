package org.wlcy.classroom.assessment.practice;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * One trainee's turn as the host (主播) of a practice live room (模拟直播电商, docs/adr/0025), as the
 * {@code commerce.session} trace event under the host records it: practical-training evidence the
 * scoring lecturer reads beside the practical-results record. Money in fen; conversion in
 * permille (buyers per thousand viewers), as on the trace.
 *
 * @param lessonId the lesson the room ran in (the event's session), or {@code ""}
 * @param reason   {@code host-changed}, {@code host-moved}, {@code closed} or {@code lesson-ended}
 * @param groupName the breakout group whose room it was, or {@code ""} for the whole lesson's room
 */
public record LiveRoomSession(String lessonId, String roomId, Instant startedAt, Instant endedAt, long seconds,
                              long viewers, long likes, long orders, long units, long turnoverFen, long buyers,
                              long conversionPermille, long products, String reason,
                              String groupName) {
    public LiveRoomSession {
        Objects.requireNonNull(lessonId, "lessonId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(groupName, "groupName");
    }

    /**
     * The session a {@code commerce.session} event records; empty for any other event, or one
     * without its room or times (a record this reader cannot place is left out, not guessed).
     */
    public static Optional<LiveRoomSession> of(TraceEvent e) {
        if (e.kind() != TraceKind.COMMERCE_SESSION) {
            return Optional.empty();
        }
        Optional<Instant> started = instant(e, "startedAt");
        Optional<Instant> ended = instant(e, "endedAt");
        if (!(e.data().get("roomId") instanceof String room) || room.isBlank() || started.isEmpty() || ended.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LiveRoomSession(e.sessionId() == null ? "" : e.sessionId(), room, started.get(),
                ended.get(), whole(e, "seconds"), whole(e, "viewers"), whole(e, "likes"), whole(e, "orders"),
                whole(e, "units"), whole(e, "turnoverFen"), whole(e, "buyers"), whole(e, "conversionPermille"),
                whole(e, "products"), e.data().get("reason") instanceof String r ? r : "",
                e.data().get("groupName") instanceof String g ? g : ""));
    }

    private static long whole(TraceEvent e, String key) {
        return e.data().get(key) instanceof Long n ? n : 0;
    }

    private static Optional<Instant> instant(TraceEvent e, String key) {
        if (e.data().get(key) instanceof String s) {
            try {
                return Optional.of(Instant.parse(s));
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
