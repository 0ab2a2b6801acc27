package org.wlcy.classroom.proctoring.attendance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/** Builds one class's trace events for tests, in server time, with increasing log indexes. */
final class Traces {
    static final ClassroomId CLASS = new ClassroomId("wlcy-2026-01");
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");
    static final UserId LECTURER = new UserId("lecturer-li");

    private final List<TraceEvent> events = new ArrayList<>();
    private int seq;

    List<TraceEvent> events() {
        return List.copyOf(events);
    }

    Traces add(UserId user, String session, TraceKind kind, Instant at, Object... keyValues) {
        Map<String, Object> data = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        events.add(new TraceEvent(seq, CLASS, session, user, kind, at, "srv/" + seq, null, data));
        seq++;
        return this;
    }

    Traces joined(UserId user, String session, Instant at, String participantId) {
        return add(user, session, TraceKind.JOINED, at, "participantId", participantId, "role", "trainee");
    }

    Traces left(UserId user, String session, Instant at, String participantId) {
        return add(user, session, TraceKind.LEFT, at, "participantId", participantId, "reason", "client_request");
    }

    /** Heartbeats every 30 s in {@code (from, to]}. */
    Traces heartbeats(UserId user, String session, Instant from, Instant to) {
        return heartbeats(user, session, from, to, true);
    }

    /** Heartbeats every 30 s in {@code (from, to]} reporting {@code visible}. */
    Traces heartbeats(UserId user, String session, Instant from, Instant to, boolean visible) {
        for (Instant t = from.plusSeconds(30); !t.isAfter(to); t = t.plusSeconds(30)) {
            add(user, session, TraceKind.HEARTBEAT, t, "visible", visible);
        }
        return this;
    }

    /** Joined at {@code from}, heartbeats every 30 s, left at {@code to}. */
    Traces present(UserId user, String session, Instant from, Instant to) {
        String pid = "p" + seq;
        joined(user, session, from, pid);
        heartbeats(user, session, from, to.minusSeconds(1));
        return left(user, session, to, pid);
    }

    /** A page hidden from {@code from} to {@code to}. */
    Traces hidden(UserId user, String session, Instant from, Instant to) {
        add(user, session, TraceKind.VISIBILITY_HIDDEN, from);
        return add(user, session, TraceKind.VISIBILITY_VISIBLE, to, "hiddenMs", Duration.between(from, to).toMillis());
    }

    Traces signIn(UserId user, String session, Instant at, String method) {
        return add(user, session, TraceKind.SIGN_IN, at, "method", method, "result", "ok");
    }

    static Instant t(String hhmm) {
        return Instant.parse("2026-11-30T" + hhmm + ":00Z");
    }

    static Instant t(String hhmm, int seconds) {
        return t(hhmm).plusSeconds(seconds);
    }
}
