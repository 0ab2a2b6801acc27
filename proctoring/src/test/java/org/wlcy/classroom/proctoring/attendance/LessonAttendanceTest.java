package org.wlcy.classroom.proctoring.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wlcy.classroom.proctoring.attendance.Traces.ALICE;
import static org.wlcy.classroom.proctoring.attendance.Traces.CLASS;
import static org.wlcy.classroom.proctoring.attendance.Traces.LECTURER;
import static org.wlcy.classroom.proctoring.attendance.Traces.t;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceKind;

/** A lesson of 4 class hours, 01:00-04:00 UTC (09:00-12:00 in Beijing), 180 teaching minutes. */
class LessonAttendanceTest {
    private static final AttendancePolicy POLICY = AttendancePolicy.defaults();
    private static final String S = "lesson-1";
    private static final Lesson ONLINE = new Lesson(S, t("01:00"), t("04:00"), LessonMode.ONLINE, 4);
    private static final Lesson OFFLINE = new Lesson(S, t("01:00"), t("04:00"), LessonMode.OFFLINE, 4);

    private static LessonAttendance evaluate(Lesson lesson, Traces traces, List<LeaveRequest> leaves,
                                             AttendancePolicy policy) {
        return LessonAttendance.evaluate(ALICE, lesson, traces.events(), leaves, policy);
    }

    private static LessonAttendance evaluate(Traces traces) {
        return evaluate(ONLINE, traces, List.of(), POLICY);
    }

    private static List<ReasonCode> codes(LessonAttendance a) {
        return a.reasons().stream().map(Reason::code).toList();
    }

    @Test
    void presentThroughoutIsAttendedWithFourClassHours() {
        LessonAttendance a = evaluate(new Traces().present(ALICE, S, t("00:55"), t("04:05"))
                .signIn(ALICE, S, t("00:58"), "face"));

        assertThat(a.status()).isEqualTo(AttendanceStatus.ATTENDED);
        assertThat(a.presentMinutes()).isEqualTo(180);
        assertThat(a.creditedMinutes()).isEqualTo(180);
        assertThat(a.creditedClassHours()).isEqualByComparingTo("4.00");
        assertThat(a.lateMinutes()).isZero();
        assertThat(a.signIn()).isEqualTo(SignInMethod.FACE);
        assertThat(a.signedInAt()).isEqualTo(t("00:58"));
        assertThat(codes(a)).containsExactly(ReasonCode.PRESENCE_SUMMARY, ReasonCode.SIGNED_IN);
        assertThat(a.reasons().get(0).en()).isEqualTo("counted 180 min of the lesson's 180 teaching min (100%; minimum 80%)");
    }

    @ParameterizedTest(name = "arrives {0}, leaves {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # arrival  | departure | status              | late | early | credited
              01:10    | 04:00     | ATTENDED            | 0    | 0     | 170
              01:11    | 04:00     | LATE                | 11   | 0     | 169
              01:00    | 03:50     | ATTENDED            | 0    | 0     | 170
              01:00    | 03:49     | LEFT_EARLY          | 0    | 11    | 169
              01:15    | 03:45     | LATE_AND_LEFT_EARLY | 15   | 15    | 150
              01:36    | 04:00     | LATE                | 36   | 0     | 144
              01:37    | 04:00     | ABSENT              | 0    | 0     | 0
              01:00    | 03:24     | LEFT_EARLY          | 0    | 36    | 144
              01:00    | 03:23     | ABSENT              | 0    | 0     | 0
            """)
    void lateAndEarlyThresholdsAndTheEightyPercentFloor(String arrival, String departure, AttendanceStatus status,
                                                        long late, long early, long credited) {
        LessonAttendance a = evaluate(new Traces().present(ALICE, S, t(arrival), t(departure)));

        assertThat(a.status()).isEqualTo(status);
        assertThat(a.lateMinutes()).isEqualTo(late);
        assertThat(a.leftEarlyMinutes()).isEqualTo(early);
        assertThat(a.creditedMinutes()).isEqualTo(credited);
    }

    @Test
    void theReasonsOfALateArrivalNameTheArticle() {
        LessonAttendance a = evaluate(new Traces().present(ALICE, S, t("01:20"), t("04:00")));

        Reason late = a.reasons().get(0);
        assertThat(late.code()).isEqualTo(ReasonCode.LATE);
        assertThat(late.zh()).isEqualTo("迟到 20 分钟（超过 10 分钟计迟到；严禁迟到早退）");
        assertThat(late.article()).startsWith("第七条（五）");
    }

    @Test
    void noPresenceAtAllIsAnAbsenceWithoutLeave() {
        LessonAttendance a = evaluate(new Traces());

        assertThat(a.status()).isEqualTo(AttendanceStatus.ABSENT);
        assertThat(a.firstArrival()).isNull();
        assertThat(codes(a)).containsExactly(ReasonCode.ABSENT_WITHOUT_LEAVE, ReasonCode.BELOW_MIN_PRESENCE,
                ReasonCode.NOT_SIGNED_IN);
    }

    @Test
    void aDroppedConnectionWithoutLeftCountsOnlyUntilItsLastHeartbeat() {
        LessonAttendance a = evaluate(new Traces().joined(ALICE, S, t("01:00"), "p1")
                .heartbeats(ALICE, S, t("01:00"), t("02:00")));

        assertThat(a.presentMinutes()).isEqualTo(60);
        assertThat(a.status()).isEqualTo(AttendanceStatus.ABSENT);
    }

    @Test
    void aShortGapCostsItsMinutesButNotTheLesson() {
        LessonAttendance a = evaluate(new Traces().present(ALICE, S, t("01:00"), t("02:00"))
                .present(ALICE, S, t("02:20"), t("04:00")));

        assertThat(a.status()).isEqualTo(AttendanceStatus.ATTENDED);
        assertThat(a.creditedMinutes()).isEqualTo(160);
        assertThat(a.creditedClassHours()).isEqualByComparingTo("3.55");
    }

    @Test
    void aSilentConnectionIsCutAndSaysSo() {
        LessonAttendance a = evaluate(new Traces().joined(ALICE, S, t("01:00"), "p1")
                .heartbeats(ALICE, S, t("01:00"), t("02:00"))
                .heartbeats(ALICE, S, t("02:05"), t("04:00"))
                .left(ALICE, S, t("04:00"), "p1"));

        assertThat(a.creditedMinutes()).isEqualTo(60 + 114);
        assertThat(codes(a)).contains(ReasonCode.CONNECTION_SILENCE_CUT);
    }

    @Test
    void hiddenTimeIsNotLearningTimeByDefault() {
        Traces traces = new Traces().present(ALICE, S, t("01:00"), t("04:00")).hidden(ALICE, S, t("02:00"), t("02:40"));

        LessonAttendance a = evaluate(traces);
        assertThat(a.presentMinutes()).isEqualTo(180);
        assertThat(a.hiddenMinutes()).isEqualTo(40);
        assertThat(a.countedMinutes()).isEqualTo(140);
        assertThat(a.status()).isEqualTo(AttendanceStatus.ABSENT); // 140/180 = 77% < 80%
        assertThat(codes(a)).contains(ReasonCode.HIDDEN_TIME_NOT_COUNTED);

        LessonAttendance counted = evaluate(ONLINE, traces, List.of(), POLICY.withHiddenTimeCounts(true));
        assertThat(counted.status()).isEqualTo(AttendanceStatus.ATTENDED);
        assertThat(counted.creditedMinutes()).isEqualTo(180);
        assertThat(codes(counted)).contains(ReasonCode.HIDDEN_TIME_COUNTED);
    }

    @Test
    void approvedLeaveCoveringAMissedLessonMakesItOnLeave() {
        LeaveBook book = new LeaveBook(POLICY, new MutableClock());
        book.request("r1", CLASS, ALICE, S, 4, "家中有事");
        book.approve("r1", LECTURER, Role.LECTURER, null);

        LessonAttendance a = evaluate(ONLINE, new Traces(), book.all(), POLICY);

        assertThat(a.status()).isEqualTo(AttendanceStatus.ON_LEAVE);
        assertThat(a.excusedMinutes()).isEqualTo(180);
        assertThat(a.creditedMinutes()).isZero();
        assertThat(a.leaveRequestId()).isEqualTo("r1");
        assertThat(codes(a).get(0)).isEqualTo(ReasonCode.ON_APPROVED_LEAVE);
    }

    @Test
    void aPartLeaveExcusesItsHoursAndTheRestIsCredited() {
        LeaveBook book = new LeaveBook(POLICY, new MutableClock());
        book.request("r1", CLASS, ALICE, S, 2, "上午看病");
        book.approve("r1", LECTURER, Role.LECTURER, null);

        LessonAttendance a = evaluate(ONLINE, new Traces().present(ALICE, S, t("02:30"), t("04:00")), book.all(), POLICY);

        assertThat(a.status()).isEqualTo(AttendanceStatus.ON_LEAVE);
        assertThat(a.creditedMinutes()).isEqualTo(90);
        assertThat(a.excusedMinutes()).isEqualTo(90);
        assertThat(a.lateMinutes()).isEqualTo(90);
    }

    @Test
    void aLeaveForADayExcusesAtMostItsHoursAcrossThatDaysLessons() {
        Lesson morning = new Lesson("am", t("01:00"), t("04:00"), LessonMode.ONLINE, 4);
        Lesson afternoon = new Lesson("pm", t("05:00"), t("08:00"), LessonMode.ONLINE, 4);
        LeaveBook book = new LeaveBook(POLICY, new MutableClock());
        String day = morning.date(POLICY.zone()).toString();
        assertThat(afternoon.date(POLICY.zone()).toString()).isEqualTo(day);
        book.request("r1", CLASS, ALICE, day, 4, "家中有事");
        book.approve("r1", LECTURER, Role.LECTURER, null);

        List<LessonAttendance> both = LessonAttendance.evaluateAll(ALICE, List.of(afternoon, morning),
                new Traces().events(), book.all(), POLICY);

        assertThat(both.get(1).status()).as("the earlier lesson uses the leave").isEqualTo(AttendanceStatus.ON_LEAVE);
        assertThat(both.get(1).excusedMinutes()).isEqualTo(180);
        assertThat(both.get(0).status()).as("4 class hours are used up: the later lesson is missed")
                .isEqualTo(AttendanceStatus.ABSENT);
        assertThat(both.get(0).excusedMinutes()).isZero();
        assertThat(codes(both.get(0))).contains(ReasonCode.ABSENT_WITHOUT_LEAVE, ReasonCode.LEAVE_USED_UP);
    }

    @Test
    void aDayLeaveSharesItsHoursBetweenTwoShortLessons() {
        Lesson first = new Lesson("a", t("01:00"), t("02:30"), LessonMode.ONLINE, 2);
        Lesson second = new Lesson("b", t("03:00"), t("04:30"), LessonMode.ONLINE, 2);
        LeaveBook book = new LeaveBook(POLICY, new MutableClock());
        book.request("r1", CLASS, ALICE, first.date(POLICY.zone()).toString(), 4, "外出办事");
        book.approve("r1", LECTURER, Role.LECTURER, null);

        List<LessonAttendance> both = LessonAttendance.evaluateAll(ALICE, List.of(first, second),
                new Traces().events(), book.all(), POLICY);

        assertThat(both).extracting(LessonAttendance::status)
                .containsExactly(AttendanceStatus.ON_LEAVE, AttendanceStatus.ON_LEAVE);
        assertThat(both).extracting(LessonAttendance::excusedMinutes).containsExactly(90L, 90L);
    }

    @Test
    void aLeaveThatWasNotNeededIsNotALeave() {
        LeaveBook book = new LeaveBook(POLICY, new MutableClock());
        book.request("r1", CLASS, ALICE, S, 4, "可能有事");
        book.approve("r1", LECTURER, Role.LECTURER, null);

        LessonAttendance a = evaluate(ONLINE, new Traces().present(ALICE, S, t("01:00"), t("04:00")), book.all(), POLICY);

        assertThat(a.status()).isEqualTo(AttendanceStatus.ATTENDED);
        assertThat(a.excusedMinutes()).isZero();
        assertThat(codes(a)).contains(ReasonCode.LEAVE_NOT_USED);
    }

    @Test
    void pendingRejectedOrOtherLessonsLeaveDoesNotExcuse() {
        LeaveBook book = new LeaveBook(POLICY, new MutableClock());
        book.request("pending", CLASS, ALICE, S, 4, "家中有事");
        assertThat(codes(evaluate(ONLINE, new Traces(), book.all(), POLICY)))
                .containsSubsequence(ReasonCode.ABSENT_WITHOUT_LEAVE, ReasonCode.LEAVE_PENDING);

        book.reject("pending", LECTURER, Role.LECTURER, "理由不充分");
        LessonAttendance rejected = evaluate(ONLINE, new Traces(), book.all(), POLICY);
        assertThat(rejected.status()).isEqualTo(AttendanceStatus.ABSENT);
        assertThat(codes(rejected)).contains(ReasonCode.LEAVE_REJECTED);

        book.request("other", CLASS, ALICE, "lesson-2", 4, "家中有事");
        book.approve("other", LECTURER, Role.LECTURER, null);
        assertThat(evaluate(ONLINE, new Traces(), book.all(), POLICY).status()).isEqualTo(AttendanceStatus.ABSENT);
    }

    @Test
    void theStrongestSuccessfulSignInIsReported() {
        Traces traces = new Traces().present(ALICE, S, t("01:00"), t("04:00"))
                .signIn(ALICE, S, t("01:01"), "click")
                .add(ALICE, S, TraceKind.SIGN_IN, t("01:02"), "method", "face", "result", "no-face")
                .add(ALICE, S, TraceKind.ROLL_CALL, t("01:30"), "present", true, "by", "lecturer-li")
                .signIn(ALICE, "another-lesson", t("01:40"), "face");

        LessonAttendance a = evaluate(traces);
        assertThat(a.signIn()).isEqualTo(SignInMethod.ROLL_CALL);
        assertThat(a.signedInAt()).isEqualTo(t("01:01"));
    }

    @Test
    void whenSignInIsRequiredAConnectedTraineeWhoNeverSignedInIsAbsent() {
        Traces traces = new Traces().present(ALICE, S, t("01:00"), t("04:00"));

        assertThat(evaluate(traces).status()).isEqualTo(AttendanceStatus.ATTENDED);
        LessonAttendance a = evaluate(ONLINE, traces, List.of(), POLICY.withSignInRequired(true));
        assertThat(a.status()).isEqualTo(AttendanceStatus.ABSENT);
        assertThat(a.creditedMinutes()).isZero();
        assertThat(codes(a)).contains(ReasonCode.SIGN_IN_REQUIRED);
    }

    @ParameterizedTest(name = "offline, {0} at {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # how       | at    | status   | credited
              face      | 00:58 | ATTENDED | 180
              click     | 01:10 | ATTENDED | 180
              face      | 01:20 | LATE     | 160
              roll-call | 03:00 | ATTENDED | 180
              none      | 01:00 | ABSENT   | 0
            """)
    void offlineLessonsRestOnSignInOrRollCall(String how, String at, AttendanceStatus status, long credited) {
        Traces traces = new Traces();
        switch (how) {
            case "roll-call" -> traces.add(ALICE, S, TraceKind.ROLL_CALL, t(at), "present", true, "by", "lecturer-li");
            case "none" -> traces.present(ALICE, S, t("01:00"), t("04:00")); // online presence does not count offline
            default -> traces.signIn(ALICE, S, t(at), how);
        }

        LessonAttendance a = evaluate(OFFLINE, traces, List.of(), POLICY);
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.creditedMinutes()).isEqualTo(credited);
        assertThat(a.reasons()).extracting(Reason::code).contains(ReasonCode.OFFLINE_BY_SIGN_IN);
    }

    @Test
    void aLessonMustBeLongEnoughForItsClassHours() {
        Lesson tooShort = new Lesson(S, t("01:00"), t("03:00"), LessonMode.ONLINE, 4);

        assertThatThrownBy(() -> evaluate(tooShort, new Traces(), List.of(), POLICY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lasts only 120 min");
        assertThat(Lesson.timed("x", t("01:00"), t("04:10"), LessonMode.ONLINE, POLICY).classHours()).isEqualTo(4);
    }

    @Test
    void creditIsCappedAtTheTeachingTimeWhenTheLessonHasBreaks() {
        // 01:00-04:30 with 4 class hours: 210 minutes scheduled, 180 of teaching.
        Lesson withBreaks = new Lesson(S, t("01:00"), t("04:30"), LessonMode.ONLINE, 4);
        LessonAttendance a = evaluate(withBreaks, new Traces().present(ALICE, S, t("01:00"), t("04:30")), List.of(),
                POLICY);

        assertThat(a.countedMinutes()).isEqualTo(210);
        assertThat(a.creditedMinutes()).isEqualTo(180);
        assertThat(a.creditedClassHours()).isEqualTo(new BigDecimal("4.00"));
    }
}
