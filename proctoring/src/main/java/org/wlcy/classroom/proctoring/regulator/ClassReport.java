package org.wlcy.classroom.proctoring.regulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/**
 * What a regulator sees of one class over a range of time, computed from its trace alone.
 *
 * @param attendanceRate    lessons attended (attended, late, left early) ÷ lessons expected, 0..1
 * @param averageClassHours credited class hours per trainee
 * @param faceFlags         face checks that found no face or several
 */
public record ClassReport(ClassroomId classroomId, String institution, String region, List<LessonView> lessons,
                          List<TraineeReport> trainees, double attendanceRate, double averageClassHours,
                          int tabSwitches, int faceFlags, int eligible, int notEligible,
                          Double exerciseScoreRate) {

    /** One lesson (class session) as it happened. */
    public record LessonView(String sessionId, Instant start, Instant end, String mode) {
    }

    /** A reason in both languages, with its article. */
    public record ReasonView(String code, String severity, String article, String zh, String en) {
    }

    /**
     * One trainee's figures and verdict. Exercises (随堂练习, class performance, Art. 24(2)): scored
     * answers given, points won, points possible ({@code exerciseScoreRate} = won ÷ possible, null
     * when no scored exercise ran). On-demand lessons and replays (点播, 直播回放, Art. 25): minutes
     * credited by the watch rules that count as learning ({@code videoMinutes}, whole minutes) and
     * videos completed, in the range.
     */
    public record TraineeReport(UserId userId, String name, int lessons, int attended, int late, int leftEarly,
                                int absences, int leaves, BigDecimal creditedClassHours,
                                BigDecimal onlineClassHours, int tabSwitches, int faceFlags, int signedIn,
                                boolean eligible, List<ReasonView> reasons, int exercisesAnswered,
                                long exercisePoints, long exercisePointsPossible, Double exerciseScoreRate,
                                long videoMinutes, int videosCompleted) {
    }
}
