package org.wlcy.classroom.proctoring.attendance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * One trainee's attendance of one lesson, with the figures and reasons behind it.
 *
 * <p>All minute figures are whole minutes, rounded down. {@code countedMinutes} is the learning
 * time inside the lesson window under the policy (connected, minus hidden time unless the policy
 * counts it); {@code creditedMinutes} is that, capped at the lesson's teaching time, or zero when
 * the lesson is {@link AttendanceStatus#ABSENT}; {@code excusedMinutes} is the part of the
 * teaching time an approved leave covers (at most the leave's hours).
 *
 * @param trainee            whose attendance
 * @param lesson             which lesson
 * @param status             the verdict for the lesson
 * @param presentMinutes     connected inside the lesson window (online lessons)
 * @param hiddenMinutes      connected with the page hidden inside the window
 * @param countedMinutes     learning time counted inside the window
 * @param teachingMinutes    the lesson's teaching time ({@code classHours × classHour})
 * @param creditedMinutes    learning time credited towards the class hours
 * @param excusedMinutes     teaching time excused by approved leave
 * @param creditedClassHours {@code creditedMinutes / classHour}, two decimals, rounded down
 * @param firstArrival       first presence (or self sign-in offline) inside the window, or {@code null}
 * @param lastDeparture      end of the last presence inside the window, or {@code null}
 * @param lateMinutes        minutes after the start the trainee arrived (0 if on time)
 * @param leftEarlyMinutes   minutes before the end the trainee left (0 if stayed)
 * @param signIn             the strongest successful sign-in
 * @param signedInAt         the first successful sign-in, or {@code null}
 * @param leaveRequestId     the leave request that bears on the lesson (approved, else pending,
 *                           else rejected), or {@code null}
 * @param reasons            why, in order of weight
 */
public record LessonAttendance(UserId trainee, Lesson lesson, AttendanceStatus status, long presentMinutes,
                               long hiddenMinutes, long countedMinutes, long teachingMinutes, long creditedMinutes,
                               long excusedMinutes, BigDecimal creditedClassHours, Instant firstArrival,
                               Instant lastDeparture, long lateMinutes, long leftEarlyMinutes, SignInMethod signIn,
                               Instant signedInAt, String leaveRequestId, List<Reason> reasons) {

    private static final Set<String> SUCCESS = Set.of("ok", "success");

    public LessonAttendance {
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(lesson, "lesson");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(signIn, "signIn");
        reasons = List.copyOf(reasons);
    }

    /**
     * Evaluates {@code trainee}'s attendance of {@code lesson}.
     *
     * @param events the trainee's trace events around the lesson (other users' events and events
     *               outside the window are ignored for presence; sign-ins count when they carry
     *               the lesson's session id, or no session id and fall inside the window)
     * @param leaves leave requests (any trainee, any state; only the trainee's for this lesson are used)
     * @throws IllegalArgumentException if the lesson's teaching time does not fit between its start and end
     */
    public static LessonAttendance evaluate(UserId trainee, Lesson lesson, Collection<TraceEvent> events,
                                            Collection<LeaveRequest> leaves, AttendancePolicy policy) {
        return evaluate(trainee, lesson, events, leaves, policy, new java.util.HashMap<>());
    }

    /**
     * Evaluates {@code trainee}'s attendance of every lesson, in the order given. An approved leave
     * is one budget of its class hours: a leave that names a day covers that day's lessons in the
     * order they started until its hours are used up (Art. 7(五): 一次请假不能超过 4 课时), so a
     * later lesson it can no longer excuse is an absence ({@link ReasonCode#LEAVE_USED_UP}).
     */
    public static List<LessonAttendance> evaluateAll(UserId trainee, List<Lesson> lessons,
                                                     Collection<TraceEvent> events, Collection<LeaveRequest> leaves,
                                                     AttendancePolicy policy) {
        java.util.Map<String, Long> remaining = new java.util.HashMap<>();
        java.util.Map<Lesson, LessonAttendance> byLesson = new java.util.IdentityHashMap<>();
        lessons.stream().sorted(java.util.Comparator.comparing(Lesson::start))
                .forEach(l -> byLesson.put(l, evaluate(trainee, l, events, leaves, policy, remaining)));
        return lessons.stream().map(byLesson::get).toList();
    }

    /** {@code remaining}: minutes each leave request can still excuse, by request id (filled on first use). */
    private static LessonAttendance evaluate(UserId trainee, Lesson lesson, Collection<TraceEvent> events,
                                             Collection<LeaveRequest> leaves, AttendancePolicy policy,
                                             java.util.Map<String, Long> remaining) {
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(lesson, "lesson");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(leaves, "leaves");
        Objects.requireNonNull(policy, "policy");
        long teaching = lesson.teachingMinutes(policy);
        if (lesson.classHours() > 0 && teaching > lesson.scheduledMinutes()) {
            throw new IllegalArgumentException("lesson " + lesson.id() + " is worth " + lesson.classHours()
                    + " class hours (" + teaching + " min) but lasts only " + lesson.scheduledMinutes() + " min");
        }
        SignIns signIns = SignIns.of(trainee, lesson, events);
        LeaveRequest leave = relevantLeave(trainee, lesson, leaves, policy.zone());

        List<Reason> findings = new ArrayList<>();
        long present;
        long hidden;
        long counted;
        Instant arrival;
        Instant departure;
        long late = 0;
        long early = 0;
        if (lesson.mode() == LessonMode.ONLINE) {
            PresenceTimeline tl = PresenceTimeline.of(trainee, events, policy).within(lesson.start(), lesson.end());
            present = tl.presentMinutes();
            hidden = tl.hiddenTime().toMinutes();
            counted = tl.countedMinutes();
            arrival = tl.firstArrival().orElse(null);
            departure = tl.lastDeparture().orElse(null);
            if (arrival != null && Duration.between(lesson.start(), arrival).compareTo(policy.lateThreshold()) > 0) {
                late = Duration.between(lesson.start(), arrival).toMinutes();
            }
            if (departure != null && Duration.between(departure, lesson.end()).compareTo(policy.earlyLeaveThreshold()) > 0) {
                early = Duration.between(departure, lesson.end()).toMinutes();
            }
            if (tl.hiddenTime().toMinutes() > 0) {
                findings.add(policy.hiddenTimeCounts()
                        ? ReasonCode.HIDDEN_TIME_COUNTED.reason(hidden)
                        : ReasonCode.HIDDEN_TIME_NOT_COUNTED.reason(hidden));
            }
            if (!policy.blurredTimeCounts() && tl.blurredTime().toMinutes() > 0) {
                findings.add(ReasonCode.BLURRED_TIME_NOT_COUNTED.reason(tl.blurredTime().toMinutes()));
            }
            if (tl.silenceCuts() > 0) {
                findings.add(ReasonCode.CONNECTION_SILENCE_CUT.reason(tl.silenceCuts(),
                        policy.heartbeatTimeout().toSeconds()));
            }
        } else {
            present = 0;
            hidden = 0;
            departure = null;
            arrival = signIns.firstSelf;
            if (signIns.best == SignInMethod.NONE) {
                counted = 0;
            } else {
                if (arrival != null && Duration.between(lesson.start(), arrival).compareTo(policy.lateThreshold()) > 0) {
                    late = Duration.between(lesson.start(), arrival).toMinutes();
                }
                counted = Math.max(0, teaching - late);
            }
            findings.add(ReasonCode.OFFLINE_BY_SIGN_IN.reason());
        }
        int percent = (int) Math.min(100, counted * 100 / teaching);
        boolean enough = counted * 100 >= (long) policy.minPresencePercent() * teaching;
        boolean signInMissing = policy.signInRequired() && signIns.best == SignInMethod.NONE;
        long leaveLeft = leave == null ? 0
                : remaining.getOrDefault(leave.requestId(), (long) leave.classHours() * policy.classHourMinutes());
        boolean usedUp = leave != null && leave.approved() && leaveLeft <= 0;
        boolean approved = leave != null && leave.approved() && !usedUp;

        List<Reason> reasons = new ArrayList<>();
        AttendanceStatus status;
        long credited = Math.min(counted, teaching);
        long excused = 0;
        if (enough && !signInMissing && late == 0 && early == 0) {
            status = AttendanceStatus.ATTENDED;
            if (approved) {
                findings.add(ReasonCode.LEAVE_NOT_USED.reason(leave.requestId()));
            }
        } else if (approved) {
            status = AttendanceStatus.ON_LEAVE;
            excused = Math.min(leaveLeft, teaching - credited);
            remaining.put(leave.requestId(), leaveLeft - excused);
            reasons.add(ReasonCode.ON_APPROVED_LEAVE.reason(leave.requestId(), leave.classHours()));
        } else if (!enough || signInMissing) {
            status = AttendanceStatus.ABSENT;
            credited = 0;
            reasons.add(ReasonCode.ABSENT_WITHOUT_LEAVE.reason());
            if (!enough) {
                reasons.add(ReasonCode.BELOW_MIN_PRESENCE.reason(counted, teaching, percent,
                        policy.minPresencePercent()));
            }
            if (signInMissing) {
                reasons.add(ReasonCode.SIGN_IN_REQUIRED.reason());
            }
            if (usedUp) {
                reasons.add(ReasonCode.LEAVE_USED_UP.reason(leave.requestId(), leave.classHours()));
            } else if (leave != null && leave.status() == LeaveStatus.PENDING) {
                reasons.add(ReasonCode.LEAVE_PENDING.reason(leave.requestId()));
            } else if (leave != null && leave.status() == LeaveStatus.REJECTED) {
                reasons.add(ReasonCode.LEAVE_REJECTED.reason(leave.requestId()));
            }
        } else {
            status = late > 0 && early > 0 ? AttendanceStatus.LATE_AND_LEFT_EARLY
                    : late > 0 ? AttendanceStatus.LATE : AttendanceStatus.LEFT_EARLY;
        }
        if (status.late()) {
            reasons.add(ReasonCode.LATE.reason(late, policy.lateThreshold().toMinutes()));
        }
        if (status.leftEarly()) {
            reasons.add(ReasonCode.LEFT_EARLY.reason(early, policy.earlyLeaveThreshold().toMinutes()));
        }
        if (status != AttendanceStatus.ABSENT || enough) {
            reasons.add(ReasonCode.PRESENCE_SUMMARY.reason(counted, teaching, percent, policy.minPresencePercent()));
        }
        reasons.addAll(findings);
        reasons.add(signIns.best == SignInMethod.NONE
                ? ReasonCode.NOT_SIGNED_IN.reason()
                : ReasonCode.SIGNED_IN.reason(signIns.best.wire()));
        if (status != AttendanceStatus.ON_LEAVE) {
            late = status.late() ? late : 0;
            early = status.leftEarly() ? early : 0;
        }
        return new LessonAttendance(trainee, lesson, status, present, hidden, counted, teaching, credited, excused,
                ClassHours.of(credited, policy), arrival, departure, late, early, signIns.best, signIns.first,
                leave == null ? null : leave.requestId(), reasons);
    }

    /** The approved request for the lesson, else the pending one, else the latest rejected one. */
    private static LeaveRequest relevantLeave(UserId trainee, Lesson lesson, Collection<LeaveRequest> leaves,
                                              java.time.ZoneId zone) {
        LeaveRequest best = null;
        for (LeaveRequest r : leaves) {
            if (!r.trainee().equals(trainee) || !r.covers(lesson, zone) || r.status() == LeaveStatus.WITHDRAWN) {
                continue;
            }
            if (best == null || rank(r.status()) <= rank(best.status())) {
                best = r;
            }
        }
        return best;
    }

    private static int rank(LeaveStatus s) {
        return switch (s) {
            case APPROVED -> 0;
            case PENDING -> 1;
            default -> 2;
        };
    }

    /** Whether the lesson counts as attended. */
    public boolean attended() {
        return status.attended();
    }

    /** The first presence, if any. */
    public Optional<Instant> arrival() {
        return Optional.ofNullable(firstArrival);
    }

    /** The successful sign-ins of a trainee for a lesson. */
    private record SignIns(SignInMethod best, Instant first, Instant firstSelf) {
        static SignIns of(UserId trainee, Lesson lesson, Collection<TraceEvent> events) {
            SignInMethod best = SignInMethod.NONE;
            Instant first = null;
            Instant firstSelf = null;
            // The lesson's last roll call of the trainee stands: a later one corrects an earlier one.
            TraceEvent lastRollCall = null;
            for (TraceEvent e : events) {
                if (e.kind() == TraceKind.ROLL_CALL && e.userId().equals(trainee) && belongs(e, lesson)
                        && (lastRollCall == null || later(e, lastRollCall))) {
                    lastRollCall = e;
                }
            }
            for (TraceEvent e : events) {
                if (!e.userId().equals(trainee) || !belongs(e, lesson)) {
                    continue;
                }
                SignInMethod m = null;
                if (e.kind() == TraceKind.SIGN_IN && succeeded(e.data().get("result"))) {
                    m = SignInMethod.fromWire(e.data().get("method"));
                } else if (e == lastRollCall && Boolean.TRUE.equals(e.data().get("present"))) {
                    m = SignInMethod.ROLL_CALL;
                }
                if (m == null) {
                    continue;
                }
                if (m.strongerThan(best)) {
                    best = m;
                }
                if (first == null || e.recordedAt().isBefore(first)) {
                    first = e.recordedAt();
                }
                if (m != SignInMethod.ROLL_CALL && (firstSelf == null || e.recordedAt().isBefore(firstSelf))) {
                    firstSelf = e.recordedAt();
                }
            }
            return new SignIns(best, first, firstSelf);
        }

        private static boolean later(TraceEvent a, TraceEvent b) {
            int byTime = a.recordedAt().compareTo(b.recordedAt());
            return byTime != 0 ? byTime > 0 : a.index() > b.index();
        }

        private static boolean belongs(TraceEvent e, Lesson lesson) {
            if (e.sessionId() != null) {
                return e.sessionId().equals(lesson.id());
            }
            return !e.recordedAt().isBefore(lesson.start()) && e.recordedAt().isBefore(lesson.end());
        }

        private static boolean succeeded(Object result) {
            return Boolean.TRUE.equals(result)
                    || (result instanceof String s && SUCCESS.contains(s.toLowerCase(Locale.ROOT)));
        }
    }
}
