package org.wlcy.classroom.proctoring.attendance;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The numbers an {@link Eligibility} verdict used, so that anyone can redo the sums. Minutes are
 * whole minutes; class-hour figures are derived from them (two decimals, rounded down).
 *
 * @param lessons                 lessons assessed
 * @param attended                lessons attended (on time or not)
 * @param late                    lessons arrived late at
 * @param leftEarly               lessons left early
 * @param absencesWithoutLeave    lessons {@link AttendanceStatus#ABSENT} (无故旷课)
 * @param leaves                  lessons {@link AttendanceStatus#ON_LEAVE} (请假 taken)
 * @param absencesAndLeaves       {@code absencesWithoutLeave + leaves}
 * @param maxAbsencesAndLeaves    the limit (more than it blocks)
 * @param counting                how the limit was applied
 * @param pendingLeaves           missed lessons whose leave request was still pending
 * @param creditedOnlineMinutes   learning minutes credited in online lessons
 * @param creditedOfflineMinutes  learning minutes credited in offline lessons
 * @param excusedMinutes          teaching minutes excused by approved leave
 * @param onlineCapMinutes        most online minutes that count ({@code required × cap%})
 * @param onlineUncountedMinutes  online minutes over the cap, not counted
 * @param countedMinutes          minutes counted towards the requirement
 * @param requiredMinutes         minutes required ({@code requiredClassHours × classHour})
 * @param classHourMinutes        length of a class hour
 * @param onlineCapPercent        the cap, percent
 * @param onlineSharePercent      online share of the credited learning minutes, one decimal, rounded down
 */
public record EligibilityFigures(int lessons, int attended, int late, int leftEarly, int absencesWithoutLeave,
                                 int leaves, int absencesAndLeaves, int maxAbsencesAndLeaves, AbsenceCounting counting,
                                 int pendingLeaves, long creditedOnlineMinutes, long creditedOfflineMinutes,
                                 long excusedMinutes, long onlineCapMinutes, long onlineUncountedMinutes,
                                 long countedMinutes, long requiredMinutes, long classHourMinutes,
                                 int onlineCapPercent, BigDecimal onlineSharePercent) {

    /** Learning class hours credited, online and offline. */
    public BigDecimal creditedClassHours() {
        return hours(creditedOnlineMinutes + creditedOfflineMinutes);
    }

    public BigDecimal creditedOnlineClassHours() {
        return hours(creditedOnlineMinutes);
    }

    public BigDecimal excusedClassHours() {
        return hours(excusedMinutes);
    }

    /** Class hours counted towards the requirement. */
    public BigDecimal countedClassHours() {
        return hours(countedMinutes);
    }

    public BigDecimal requiredClassHours() {
        return hours(requiredMinutes);
    }

    private BigDecimal hours(long minutes) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(classHourMinutes), 2, RoundingMode.DOWN);
    }
}
