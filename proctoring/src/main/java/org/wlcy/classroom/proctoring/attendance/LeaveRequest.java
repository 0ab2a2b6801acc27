package org.wlcy.classroom.proctoring.attendance;

import java.time.Instant;
import java.util.Objects;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/**
 * A trainee's request for leave (请假) from one lesson. One request covers one lesson and at most
 * {@link AttendancePolicy#maxLeaveClassHours()} class hours (Art. 7(五): 一次请假不能超过 4 课时); a
 * whole day away takes one request per lesson, each counting as a leave.
 *
 * @param requestId    the caller's id for the request (idempotency key)
 * @param classroomId  the class
 * @param trainee      who asks
 * @param lessonId     the lesson it covers ({@link Lesson#id()})
 * @param classHours   class hours asked for, 1..max
 * @param reason       the trainee's reason (请假事由)
 * @param requestedAt  server time of the request
 * @param status       where it stands
 * @param decidedBy    the lecturer who decided, or {@code null}
 * @param decidedAt    when it was decided or withdrawn, or {@code null}
 * @param decisionNote the lecturer's note, or {@code null}
 */
public record LeaveRequest(String requestId, ClassroomId classroomId, UserId trainee, String lessonId, int classHours,
                           String reason, Instant requestedAt, LeaveStatus status, UserId decidedBy,
                           Instant decidedAt, String decisionNote) {
    public LeaveRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(classroomId, "classroomId");
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(lessonId, "lessonId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(status, "status");
    }

    /** Whether a lecturer approved it. */
    public boolean approved() {
        return status == LeaveStatus.APPROVED;
    }

    /**
     * Whether it names {@code lesson}: by the lesson's id, or by its date ({@code 2026-12-01} in the
     * class's zone) — trainees ask for leave for a day before the lesson exists on the server.
     */
    public boolean covers(Lesson lesson, java.time.ZoneId zone) {
        return lessonId.equals(lesson.id()) || lessonId.equals(lesson.date(zone).toString());
    }

    /** Whether it asks for the same thing as another request (ignoring its id and state). */
    boolean sameAsk(ClassroomId c, UserId t, String lesson, int hours, String why) {
        return classroomId.equals(c) && trainee.equals(t) && lessonId.equals(lesson) && classHours == hours
                && reason.equals(why);
    }

    LeaveRequest decided(LeaveStatus newStatus, UserId by, Instant at, String note) {
        return new LeaveRequest(requestId, classroomId, trainee, lessonId, classHours, reason, requestedAt, newStatus,
                by, at, note);
    }
}
