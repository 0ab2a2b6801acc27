package org.wlcy.classroom.proctoring.regulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.attendance.Lesson;
import org.wlcy.classroom.proctoring.attendance.LessonMode;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Offline lessons of the class's plan count towards the 56 class hours with the online cap
 * (Art. 7(三) and its note 2, docs/attendance-rules.md): 28 h offline by roll call + 28 h online is
 * enough; 56 h online only is not (online counts up to 50 % × 56 = 28 h). A later roll call of the
 * same trainee and day corrects an earlier one.
 */
class OfflineLessonsReportTest {
    private static final ClassroomId CLASS = new ClassroomId("c-blended");
    private static final AttendancePolicy POLICY = AttendancePolicy.defaults();
    private static final Instant DAY1 = Instant.parse("2026-11-02T01:00:00Z"); // 09:00 Asia/Shanghai
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    private final List<TraceEvent> events = new ArrayList<>();

    private void add(String user, String session, TraceKind kind, Instant at, Object... keyValues) {
        Map<String, Object> data = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        events.add(new TraceEvent(events.size(), CLASS, session, new UserId(user), kind, at, "srv/" + events.size(),
                null, data));
    }

    /** A live lesson of 7 class hours (315 min, as long as it ran) attended throughout by {@code trainees}. */
    private void liveDay(int day, String... trainees) {
        String sid = "live-" + day;
        Instant start = DAY1.plus(Duration.ofDays(day));
        Instant end = start.plus(Duration.ofMinutes(7 * 45));
        add("lecturer-li", sid, TraceKind.SESSION_STARTED, start, "sessionId", sid);
        for (String t : trainees) {
            add(t, sid, TraceKind.JOINED, start, "participantId", "p-" + t + day, "role", "trainee", "name", t);
            for (Instant h = start.plusSeconds(30); h.isBefore(end); h = h.plusSeconds(30)) {
                add(t, sid, TraceKind.HEARTBEAT, h, "visible", true);
            }
            add(t, sid, TraceKind.LEFT, end, "participantId", "p-" + t + day);
        }
        add("lecturer-li", sid, TraceKind.SESSION_ENDED, end, "sessionId", sid);
    }

    /** An offline day of the plan worth 7 class hours (09:00 to 16:00 in the class's zone). */
    private static Lesson offlineDay(int day) {
        Instant start = DAY1.plus(Duration.ofDays(day));
        return new Lesson("offline-" + day, start, start.plus(Duration.ofHours(7)), LessonMode.OFFLINE, 7);
    }

    private void rollCall(String trainee, int day, boolean present, Instant at) {
        add(trainee, "offline-" + day, TraceKind.ROLL_CALL, at, "present", present, "by", "lecturer-li");
    }

    private static ClassReport.TraineeReport of(ClassReport r, String user) {
        return r.trainees().stream().filter(t -> t.userId().value().equals(user)).findFirst().orElseThrow();
    }

    @Test
    void twentyEightHoursOfflineAndTwentyEightOnlineAreEnough() {
        List<Lesson> planned = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            if (d % 2 == 0) {
                liveDay(d, "t01");
            } else {
                planned.add(offlineDay(d));
                rollCall("t01", d, true, offlineDay(d).end().plus(Duration.ofHours(1)));
            }
        }

        ClassReport report = ClassReports.build(CLASS, events, planned, FROM, TO, TO, POLICY);

        assertThat(report.lessons()).hasSize(8);
        assertThat(report.lessons()).extracting(ClassReport.LessonView::mode)
                .containsExactly("online", "offline", "online", "offline", "online", "offline", "online", "offline");
        ClassReport.TraineeReport t01 = of(report, "t01");
        assertThat(t01.creditedClassHours()).isEqualByComparingTo(new BigDecimal("56"));
        assertThat(t01.onlineClassHours()).isEqualByComparingTo(new BigDecimal("28"));
        assertThat(t01.attended()).isEqualTo(8);
        assertThat(t01.eligible()).as("28 h offline + 28 h online = 56 h, online at the cap").isTrue();
    }

    @Test
    void fiftySixHoursOnlineOnlyAreNotEnough() {
        for (int d = 0; d < 8; d++) {
            liveDay(d, "t02");
        }

        ClassReport report = ClassReports.build(CLASS, events, List.of(), FROM, TO, TO, POLICY);

        ClassReport.TraineeReport t02 = of(report, "t02");
        assertThat(t02.onlineClassHours()).isEqualByComparingTo(new BigDecimal("56"));
        assertThat(t02.eligible()).as("online counts up to 28 of the 56 class hours").isFalse();
        assertThat(t02.reasons()).extracting(ClassReport.ReasonView::code)
                .contains("CLASS_HOURS_SHORT", "ONLINE_HOURS_OVER_CAP");
    }

    @Test
    void theLastRollCallOfADayStandsAndPlannedDaysStillToComeAreNotMissed() {
        List<Lesson> planned = List.of(offlineDay(1), offlineDay(2), offlineDay(20));
        Instant after = offlineDay(2).end().plus(Duration.ofHours(1));
        rollCall("t03", 1, false, after);
        rollCall("t03", 1, true, after.plusSeconds(60)); // corrected: present
        rollCall("t03", 2, true, after);
        rollCall("t03", 2, false, after.plusSeconds(60)); // corrected: absent
        Instant now = offlineDay(3).start();

        ClassReport report = ClassReports.build(CLASS, events, planned, FROM, TO, now, POLICY);

        assertThat(report.lessons()).extracting(ClassReport.LessonView::sessionId)
                .as("day 20 has not come").containsExactly("offline-1", "offline-2");
        ClassReport.TraineeReport t03 = of(report, "t03");
        assertThat(t03.attended()).isEqualTo(1);
        assertThat(t03.absences()).isEqualTo(1);
        assertThat(t03.creditedClassHours()).isEqualByComparingTo(new BigDecimal("7"));
        assertThat(ClassReports.attendance(events, planned, new UserId("t03"), FROM, TO, now, POLICY))
                .extracting(a -> a.lesson().id() + ":" + a.status())
                .containsExactly("offline-1:ATTENDED", "offline-2:ABSENT");
    }
}
