package org.wlcy.classroom.proctoring.attendance;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/**
 * The leave requests of a class: trainees ask, lecturers approve or reject, trainees may withdraw
 * while pending. Refused operations change nothing and say why ({@link LeaveOutcome#refusal()}).
 *
 * <ul>
 *   <li>more than {@link AttendancePolicy#maxLeaveClassHours()} class hours is refused
 *       ({@link ReasonCode#LEAVE_OVER_MAX_HOURS}, Art. 7(五));</li>
 *   <li>resending a request with the same id and the same content returns the stored one; the
 *       same id with different content is refused ({@link ReasonCode#LEAVE_ID_CONFLICT});</li>
 *   <li>a second open (pending or approved) request for the same trainee and lesson is refused
 *       ({@link ReasonCode#LEAVE_DUPLICATE}); after a rejection or withdrawal a new one may be made;</li>
 *   <li>only a {@link Role#LECTURER} decides; deciding again the same way is idempotent, deciding
 *       otherwise is refused ({@link ReasonCode#LEAVE_ALREADY_DECIDED}).</li>
 * </ul>
 *
 * <p>Not thread-safe: use it from the class's single lane.
 */
public final class LeaveBook {
    private final AttendancePolicy policy;
    private final InstantSource clock;
    private final Map<String, LeaveRequest> byId = new LinkedHashMap<>();

    public LeaveBook(AttendancePolicy policy, InstantSource clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A trainee asks for {@code classHours} class hours of leave from one lesson. */
    public LeaveOutcome request(String requestId, ClassroomId classroom, UserId trainee, String lessonId,
                                int classHours, String reason) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(classroom, "classroom");
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(lessonId, "lessonId");
        String why = reason == null ? "" : reason.strip();
        LeaveRequest existing = byId.get(requestId);
        if (existing != null) {
            return existing.sameAsk(classroom, trainee, lessonId, classHours, why)
                    ? LeaveOutcome.accepted(existing)
                    : LeaveOutcome.refused(ReasonCode.LEAVE_ID_CONFLICT.reason(requestId));
        }
        if (classHours < 1) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_HOURS_NOT_POSITIVE.reason(classHours));
        }
        if (classHours > policy.maxLeaveClassHours()) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_OVER_MAX_HOURS.reason(classHours, policy.maxLeaveClassHours()));
        }
        if (why.isEmpty()) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_REASON_MISSING.reason());
        }
        for (LeaveRequest r : byId.values()) {
            if (r.classroomId().equals(classroom) && r.trainee().equals(trainee) && r.lessonId().equals(lessonId)
                    && !r.status().closed()) {
                return LeaveOutcome.refused(ReasonCode.LEAVE_DUPLICATE.reason(r.requestId(), lessonId));
            }
        }
        LeaveRequest created = new LeaveRequest(requestId, classroom, trainee, lessonId, classHours, why,
                clock.instant(), LeaveStatus.PENDING, null, null, null);
        byId.put(requestId, created);
        return LeaveOutcome.accepted(created);
    }

    /** A lecturer approves a pending request. */
    public LeaveOutcome approve(String requestId, UserId lecturer, Role role, String note) {
        return decide(requestId, lecturer, role, LeaveStatus.APPROVED, note);
    }

    /** A lecturer rejects a pending request. */
    public LeaveOutcome reject(String requestId, UserId lecturer, Role role, String note) {
        return decide(requestId, lecturer, role, LeaveStatus.REJECTED, note);
    }

    private LeaveOutcome decide(String requestId, UserId lecturer, Role role, LeaveStatus to, String note) {
        Objects.requireNonNull(lecturer, "lecturer");
        Objects.requireNonNull(role, "role");
        if (role != Role.LECTURER) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_DECIDER_NOT_LECTURER.reason(role.wire()));
        }
        LeaveRequest r = byId.get(requestId);
        if (r == null) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_NOT_FOUND.reason(requestId));
        }
        if (r.status() == to) {
            return LeaveOutcome.accepted(r);
        }
        if (r.status() != LeaveStatus.PENDING) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_ALREADY_DECIDED.reason(requestId, r.status()));
        }
        LeaveRequest decided = r.decided(to, lecturer, clock.instant(), note);
        byId.put(requestId, decided);
        return LeaveOutcome.accepted(decided);
    }

    /** The trainee who asked withdraws a pending request. */
    public LeaveOutcome withdraw(String requestId, UserId trainee) {
        Objects.requireNonNull(trainee, "trainee");
        LeaveRequest r = byId.get(requestId);
        if (r == null) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_NOT_FOUND.reason(requestId));
        }
        if (!r.trainee().equals(trainee)) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_NOT_OWN.reason(requestId));
        }
        if (r.status() == LeaveStatus.WITHDRAWN) {
            return LeaveOutcome.accepted(r);
        }
        if (r.status() != LeaveStatus.PENDING) {
            return LeaveOutcome.refused(ReasonCode.LEAVE_ALREADY_DECIDED.reason(requestId, r.status()));
        }
        LeaveRequest withdrawn = r.decided(LeaveStatus.WITHDRAWN, null, clock.instant(), null);
        byId.put(requestId, withdrawn);
        return LeaveOutcome.accepted(withdrawn);
    }

    /** The request with this id. */
    public Optional<LeaveRequest> find(String requestId) {
        return Optional.ofNullable(byId.get(requestId));
    }

    /** One trainee's requests, in the order they were made. */
    public List<LeaveRequest> of(UserId trainee) {
        List<LeaveRequest> out = new ArrayList<>();
        for (LeaveRequest r : byId.values()) {
            if (r.trainee().equals(trainee)) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    /** Every request, in the order they were made. */
    public List<LeaveRequest> all() {
        return List.copyOf(byId.values());
    }
}
