package org.wlcy.classroom.proctoring.attendance;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The settings of the attendance and assessment-eligibility rules, with the defaults a class uses
 * unless its training authority says otherwise. Every default and the article it comes from is
 * documented in {@code docs/attendance-rules.md}.
 *
 * @param classHour                 length of one class hour (课时); default 45 min
 * @param requiredClassHours        class hours a trainee must be credited with (Art. 7(三): 不少于 7 天，56
 *                                  课时); default 56; 0 switches the check off
 * @param lateThreshold             arriving later than lesson start plus this is late (迟到); default 10 min
 * @param earlyLeaveThreshold       leaving earlier than lesson end minus this is leaving early (早退);
 *                                  default 10 min
 * @param minPresencePercent        share of a lesson's teaching time a trainee must be counted present
 *                                  for the lesson to be attended at all; below it the lesson is an
 *                                  absence (旷课) unless leave covers it; default 80
 * @param onlineCapPercent          online class hours count towards {@code requiredClassHours} only up
 *                                  to this share of it (footnote 2: 在规定比例范围内; the 2020 blended
 *                                  guideline's proportion, configurable); default 50
 * @param maxAbsencesAndLeaves      Art. 7(五): more than this many absences without leave or leaves
 *                                  and the trainee may not sit the assessment; default 2
 * @param absenceCounting           whether absences and leaves add up; default {@link AbsenceCounting#COMBINED}
 * @param maxLeaveClassHours        Art. 7(五): 一次请假不能超过 4 课时; default 4
 * @param hiddenTimeCounts          whether time with the page hidden (another tab, minimised) counts as
 *                                  learning time; default false
 * @param blurredTimeCounts         whether time with the page visible but its window unfocused counts;
 *                                  default true (the video is still on screen)
 * @param heartbeatTimeout          a connection silent for longer than this is cut at its last sign of
 *                                  life, {@code presence.left} or not; default 90 s (three missed
 *                                  30-second heartbeats)
 * @param signInRequired            whether an online lesson without a successful sign-in (签到) counts
 *                                  as an absence even if the trainee was connected; default false
 * @param leaveHoursCountTowardRequired whether class hours excused by approved leave count towards
 *                                  {@code requiredClassHours}; default true (otherwise the leaves Art.
 *                                  7(五) allows would make a 56-hour class impossible to pass)
 * @param zone                      the class's time zone, for dates in reasons and reports; default
 *                                  Asia/Shanghai
 */
public record AttendancePolicy(Duration classHour, int requiredClassHours, Duration lateThreshold,
                               Duration earlyLeaveThreshold, int minPresencePercent, int onlineCapPercent,
                               int maxAbsencesAndLeaves, AbsenceCounting absenceCounting, int maxLeaveClassHours,
                               boolean hiddenTimeCounts, boolean blurredTimeCounts, Duration heartbeatTimeout,
                               boolean signInRequired, boolean leaveHoursCountTowardRequired, ZoneId zone) {

    /** The defaults, as documented on each component. */
    public static final AttendancePolicy DEFAULTS = new AttendancePolicy(Duration.ofMinutes(45), 56,
            Duration.ofMinutes(10), Duration.ofMinutes(10), 80, 50, 2, AbsenceCounting.COMBINED, 4,
            false, true, Duration.ofSeconds(90), false, true, ZoneId.of("Asia/Shanghai"));

    public AttendancePolicy {
        Objects.requireNonNull(classHour, "classHour");
        Objects.requireNonNull(lateThreshold, "lateThreshold");
        Objects.requireNonNull(earlyLeaveThreshold, "earlyLeaveThreshold");
        Objects.requireNonNull(absenceCounting, "absenceCounting");
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        Objects.requireNonNull(zone, "zone");
        if (classHour.toSeconds() < 60 || classHour.toSeconds() % 60 != 0 || classHour.toMinutes() > 120) {
            throw new IllegalArgumentException("classHour must be whole minutes between 1 and 120, not " + classHour);
        }
        if (requiredClassHours < 0 || requiredClassHours > 1000) {
            throw new IllegalArgumentException("requiredClassHours must be 0-1000, not " + requiredClassHours);
        }
        if (lateThreshold.isNegative() || earlyLeaveThreshold.isNegative()) {
            throw new IllegalArgumentException("late and early-leave thresholds must not be negative");
        }
        if (minPresencePercent < 1 || minPresencePercent > 100) {
            throw new IllegalArgumentException("minPresencePercent must be 1-100, not " + minPresencePercent);
        }
        if (onlineCapPercent < 0 || onlineCapPercent > 100) {
            throw new IllegalArgumentException("onlineCapPercent must be 0-100, not " + onlineCapPercent);
        }
        if (maxAbsencesAndLeaves < 0) {
            throw new IllegalArgumentException("maxAbsencesAndLeaves must not be negative");
        }
        if (maxLeaveClassHours < 1) {
            throw new IllegalArgumentException("maxLeaveClassHours must be at least 1");
        }
        if (heartbeatTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("heartbeatTimeout must be at least 1 s");
        }
    }

    /** The defaults ({@link #DEFAULTS}). */
    public static AttendancePolicy defaults() {
        return DEFAULTS;
    }

    /** Length of a class hour in whole minutes. */
    public long classHourMinutes() {
        return classHour.toMinutes();
    }

    /** {@link #requiredClassHours} in minutes. */
    public long requiredMinutes() {
        return requiredClassHours * classHourMinutes();
    }

    /** How many online minutes count towards the requirement at most (rounded down to a minute). */
    public long onlineCapMinutes() {
        return requiredMinutes() * onlineCapPercent / 100;
    }

    public AttendancePolicy withClassHour(Duration v) {
        return new AttendancePolicy(v, requiredClassHours, lateThreshold, earlyLeaveThreshold, minPresencePercent,
                onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withRequiredClassHours(int v) {
        return new AttendancePolicy(classHour, v, lateThreshold, earlyLeaveThreshold, minPresencePercent,
                onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withLateThreshold(Duration v) {
        return new AttendancePolicy(classHour, requiredClassHours, v, earlyLeaveThreshold, minPresencePercent,
                onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withEarlyLeaveThreshold(Duration v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, v, minPresencePercent,
                onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withMinPresencePercent(int v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold, v,
                onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withOnlineCapPercent(int v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, v, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withMaxAbsencesAndLeaves(int v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, v, absenceCounting, maxLeaveClassHours, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withAbsenceCounting(AbsenceCounting v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, maxAbsencesAndLeaves, v, maxLeaveClassHours, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withMaxLeaveClassHours(int v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, v, hiddenTimeCounts,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withHiddenTimeCounts(boolean v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours, v,
                blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withBlurredTimeCounts(boolean v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours,
                hiddenTimeCounts, v, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withHeartbeatTimeout(Duration v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours,
                hiddenTimeCounts, blurredTimeCounts, v, signInRequired, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withSignInRequired(boolean v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours,
                hiddenTimeCounts, blurredTimeCounts, heartbeatTimeout, v, leaveHoursCountTowardRequired, zone);
    }

    public AttendancePolicy withLeaveHoursCountTowardRequired(boolean v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours,
                hiddenTimeCounts, blurredTimeCounts, heartbeatTimeout, signInRequired, v, zone);
    }

    public AttendancePolicy withZone(ZoneId v) {
        return new AttendancePolicy(classHour, requiredClassHours, lateThreshold, earlyLeaveThreshold,
                minPresencePercent, onlineCapPercent, maxAbsencesAndLeaves, absenceCounting, maxLeaveClassHours,
                hiddenTimeCounts, blurredTimeCounts, heartbeatTimeout, signInRequired, leaveHoursCountTowardRequired, v);
    }
}
