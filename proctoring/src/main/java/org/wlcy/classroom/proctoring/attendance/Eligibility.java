package org.wlcy.classroom.proctoring.attendance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.wlcy.classroom.participant.UserId;

/**
 * Whether a trainee may sit the assessment, judged on all the lessons of the class.
 *
 * <ul>
 *   <li>Art. 7(五) 无故旷课或请假超过 2 次…将不能参加考核: absences without leave and leaves taken
 *       are counted (by default together, see {@link AbsenceCounting}); <em>more than</em>
 *       {@link AttendancePolicy#maxAbsencesAndLeaves()} (three or more by default) blocks;
 *       exactly two does not.</li>
 *   <li>Art. 7(三) 不少于 56 课时: learning minutes credited, plus minutes excused by approved leave
 *       (unless the policy says otherwise), must reach the required class hours; online minutes
 *       count only up to {@link AttendancePolicy#onlineCapPercent()} of the requirement
 *       (footnote 2, the 2020 blended guideline's proportion).</li>
 *   <li>Lateness and early leaving (严禁迟到早退) are reported but do not block: the article names
 *       only absences and leaves as grounds for exclusion.</li>
 * </ul>
 *
 * @param trainee  whose verdict
 * @param eligible whether no reason blocks
 * @param reasons  every reason, blocking first, then warnings, then how the figures were reached
 * @param figures  the numbers used
 * @param lessons  the lesson attendances judged, in lesson order
 */
public record Eligibility(UserId trainee, boolean eligible, List<Reason> reasons, EligibilityFigures figures,
                          List<LessonAttendance> lessons) {
    public Eligibility {
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(figures, "figures");
        reasons = List.copyOf(reasons);
        lessons = List.copyOf(lessons);
    }

    /**
     * The verdict for {@code trainee} from their attendance of every lesson of the class.
     *
     * @throws IllegalArgumentException if a lesson attendance is another trainee's, or a lesson appears twice
     */
    public static Eligibility assess(UserId trainee, List<LessonAttendance> lessons, AttendancePolicy policy) {
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(lessons, "lessons");
        Objects.requireNonNull(policy, "policy");
        Set<String> seen = new HashSet<>();
        int attended = 0;
        int late = 0;
        int early = 0;
        int absences = 0;
        int leaves = 0;
        int pending = 0;
        long online = 0;
        long offline = 0;
        long excused = 0;
        for (LessonAttendance a : lessons) {
            if (!a.trainee().equals(trainee)) {
                throw new IllegalArgumentException("lesson " + a.lesson().id() + " is " + a.trainee() + "'s, not "
                        + trainee + "'s");
            }
            if (!seen.add(a.lesson().id())) {
                throw new IllegalArgumentException("lesson " + a.lesson().id() + " assessed twice");
            }
            attended += a.status().attended() ? 1 : 0;
            late += a.status().late() ? 1 : 0;
            early += a.status().leftEarly() ? 1 : 0;
            absences += a.status() == AttendanceStatus.ABSENT ? 1 : 0;
            leaves += a.status() == AttendanceStatus.ON_LEAVE ? 1 : 0;
            if (a.status() == AttendanceStatus.ABSENT
                    && a.reasons().stream().anyMatch(r -> r.code() == ReasonCode.LEAVE_PENDING)) {
                pending++;
            }
            if (a.lesson().mode() == LessonMode.ONLINE) {
                online += a.creditedMinutes();
            } else {
                offline += a.creditedMinutes();
            }
            excused += a.excusedMinutes();
        }
        long cap = policy.onlineCapMinutes();
        long uncounted = Math.max(0, online - cap);
        long counted = offline + Math.min(online, cap) + (policy.leaveHoursCountTowardRequired() ? excused : 0);
        long required = policy.requiredMinutes();
        BigDecimal share = online + offline == 0 ? BigDecimal.ZERO.setScale(1)
                : BigDecimal.valueOf(online * 100).divide(BigDecimal.valueOf(online + offline), 1, RoundingMode.DOWN);
        int max = policy.maxAbsencesAndLeaves();
        EligibilityFigures figures = new EligibilityFigures(lessons.size(), attended, late, early, absences, leaves,
                absences + leaves, max, policy.absenceCounting(), pending, online, offline, excused, cap, uncounted,
                counted, required, policy.classHourMinutes(), policy.onlineCapPercent(), share);

        List<Reason> reasons = new ArrayList<>();
        if (policy.absenceCounting() == AbsenceCounting.COMBINED) {
            reasons.add((absences + leaves > max ? ReasonCode.ABSENCES_AND_LEAVES_OVER_LIMIT
                    : ReasonCode.ABSENCES_AND_LEAVES_WITHIN_LIMIT).reason(absences, leaves, absences + leaves, max));
        } else {
            if (absences > max) {
                reasons.add(ReasonCode.ABSENCES_OVER_LIMIT.reason(absences, max));
            }
            if (leaves > max) {
                reasons.add(ReasonCode.LEAVES_OVER_LIMIT.reason(leaves, max));
            }
            if (absences <= max && leaves <= max) {
                reasons.add(ReasonCode.ABSENCES_AND_LEAVES_EACH_WITHIN_LIMIT.reason(absences, leaves, max));
            }
        }
        if (required > 0) {
            String learned = ClassHours.text(offline + Math.min(online, cap), policy);
            String excusedText = ClassHours.text(policy.leaveHoursCountTowardRequired() ? excused : 0, policy);
            reasons.add((counted >= required ? ReasonCode.CLASS_HOURS_MET : ReasonCode.CLASS_HOURS_SHORT)
                    .reason(ClassHours.text(counted, policy), policy.requiredClassHours(), learned, excusedText));
        }
        if (uncounted > 0) {
            reasons.add(ReasonCode.ONLINE_HOURS_OVER_CAP.reason(ClassHours.text(online, policy),
                    policy.onlineCapPercent(), ClassHours.text(cap, policy), ClassHours.text(uncounted, policy)));
        } else if (online > 0) {
            reasons.add(ReasonCode.ONLINE_HOURS_WITHIN_CAP.reason(ClassHours.text(online, policy),
                    share.toPlainString(), policy.onlineCapPercent()));
        }
        if (late + early > 0) {
            reasons.add(ReasonCode.LATENESS_RECORDED.reason(late, early));
        }
        if (pending > 0) {
            reasons.add(ReasonCode.LEAVES_PENDING.reason(pending));
        }
        reasons.sort(Comparator.comparing(Reason::severity));
        boolean eligible = reasons.stream().noneMatch(Reason::blocking);
        List<LessonAttendance> ordered = new ArrayList<>(lessons);
        ordered.sort(Comparator.comparing((LessonAttendance a) -> a.lesson().start())
                .thenComparing(a -> a.lesson().id()));
        return new Eligibility(trainee, eligible, reasons, figures, ordered);
    }

    /** The blocking reasons (empty when eligible). */
    public List<Reason> blockingReasons() {
        return reasons.stream().filter(Reason::blocking).toList();
    }

    /** Whether a reason of {@code code} is among the reasons. */
    public boolean has(ReasonCode code) {
        return reasons.stream().anyMatch(r -> r.code() == code);
    }
}
