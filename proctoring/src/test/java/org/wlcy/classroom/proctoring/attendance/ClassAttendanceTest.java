package org.wlcy.classroom.proctoring.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wlcy.classroom.proctoring.attendance.Traces.ALICE;
import static org.wlcy.classroom.proctoring.attendance.Traces.BOB;
import static org.wlcy.classroom.proctoring.attendance.Traces.t;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.participant.UserId;

class ClassAttendanceTest {

    @Test
    void eachTraineeIsJudgedOnTheirOwnTraceAndATraineeWithNoTraceIsAbsentThroughout() {
        AttendancePolicy policy = AttendancePolicy.defaults().withRequiredClassHours(8);
        List<Lesson> lessons = List.of(
                new Lesson("l1", t("01:00"), t("04:00"), LessonMode.ONLINE, 4),
                new Lesson("l2", t("05:00"), t("08:00"), LessonMode.OFFLINE, 4),
                new Lesson("l3", t("09:00"), t("12:00"), LessonMode.ONLINE, 4));
        // Alice joins before l1's session starts (no session id yet) and stays through it.
        Traces traces = new Traces().present(ALICE, null, t("00:50"), t("04:00"))
                .signIn(ALICE, "l2", t("05:02"), "face")
                .present(ALICE, "l3", t("09:00"), t("12:00"));
        UserId carol = new UserId("carol");

        Map<UserId, Eligibility> verdicts = ClassAttendance.assess(lessons, List.of(ALICE, BOB, carol),
                traces.events(), List.of(), policy);

        assertThat(verdicts.keySet()).containsExactly(ALICE, BOB, carol);
        Eligibility alice = verdicts.get(ALICE);
        assertThat(alice.eligible()).isTrue();
        assertThat(alice.lessons()).extracting(LessonAttendance::status).containsOnly(AttendanceStatus.ATTENDED);
        assertThat(alice.figures().countedClassHours()).isEqualByComparingTo("8.00"); // 8 online capped at 4 + 4 offline
        assertThat(alice.figures().onlineUncountedMinutes()).isEqualTo(4 * 45);

        Eligibility bob = verdicts.get(BOB);
        assertThat(bob.eligible()).isFalse();
        assertThat(bob.figures().absencesWithoutLeave()).isEqualTo(3);
        assertThat(bob.blockingReasons()).extracting(Reason::code).containsExactly(
                ReasonCode.ABSENCES_AND_LEAVES_OVER_LIMIT, ReasonCode.CLASS_HOURS_SHORT);
    }
}
