package org.wlcy.classroom.proctoring.attendance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Runs the rules over a whole class: every trainee's attendance of every lesson, and their
 * eligibility. A convenience over {@link LessonAttendance#evaluate} and {@link Eligibility#assess}.
 */
public final class ClassAttendance {
    private ClassAttendance() {
    }

    /**
     * The verdict for each trainee, in the order given.
     *
     * @param lessons  every lesson of the class
     * @param trainees the trainees to judge (a trainee with no events is absent from every lesson)
     * @param events   the class's trace events (any users, any order)
     * @param leaves   the class's leave requests ({@link LeaveBook#all()})
     */
    public static Map<UserId, Eligibility> assess(List<Lesson> lessons, Collection<UserId> trainees,
                                                  Collection<TraceEvent> events, Collection<LeaveRequest> leaves,
                                                  AttendancePolicy policy) {
        Objects.requireNonNull(lessons, "lessons");
        Objects.requireNonNull(trainees, "trainees");
        Objects.requireNonNull(policy, "policy");
        Map<UserId, List<TraceEvent>> byUser = new HashMap<>();
        for (TraceEvent e : events) {
            byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
        }
        Map<UserId, Eligibility> out = new LinkedHashMap<>();
        for (UserId t : trainees) {
            List<TraceEvent> own = byUser.getOrDefault(t, List.of());
            List<LessonAttendance> attendances = LessonAttendance.evaluateAll(t, lessons, own, leaves, policy);
            out.put(t, Eligibility.assess(t, attendances, policy));
        }
        return out;
    }
}
