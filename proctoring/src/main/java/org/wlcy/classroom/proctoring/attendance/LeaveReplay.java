package org.wlcy.classroom.proctoring.attendance;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Comparator;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Rebuilds a class's {@link LeaveBook} from its trace: the trace is the record, the book only a
 * view of it. {@code attendance.leave-requested} data: leaveId, hours, reason, forDate;
 * {@code attendance.leave-decided} data: leaveId, approved, by, note (under the trainee's user id).
 */
public final class LeaveReplay {
    private LeaveReplay() {
    }

    public static LeaveBook of(Collection<TraceEvent> events, AttendancePolicy policy) {
        ReplayClock clock = new ReplayClock();
        LeaveBook book = new LeaveBook(policy, clock);
        events.stream().sorted(Comparator.comparingLong(TraceEvent::index)).forEach(e -> apply(book, clock, e));
        return book;
    }

    private static void apply(LeaveBook book, ReplayClock clock, TraceEvent e) {
        clock.now = e.recordedAt();
        if (e.kind() == TraceKind.LEAVE_REQUESTED) {
            book.request(text(e, "leaveId"), e.classroomId(), e.userId(), text(e, "forDate"),
                    (int) (e.data().get("hours") instanceof Long h ? h : 0), text(e, "reason"));
        } else if (e.kind() == TraceKind.LEAVE_DECIDED) {
            UserId by = new UserId(text(e, "by"));
            String note = e.data().containsKey("note") ? text(e, "note") : null;
            if (Boolean.TRUE.equals(e.data().get("approved"))) {
                book.approve(text(e, "leaveId"), by, Role.LECTURER, note);
            } else {
                book.reject(text(e, "leaveId"), by, Role.LECTURER, note);
            }
        }
    }

    private static String text(TraceEvent e, String key) {
        Object v = e.data().get(key);
        return v == null ? "" : v.toString();
    }

    /** The time of the event being replayed. */
    private static final class ReplayClock implements InstantSource {
        Instant now = Instant.EPOCH;

        @Override
        public Instant instant() {
            return now;
        }
    }
}
