package org.wlcy.classroom.proctoring.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wlcy.classroom.proctoring.attendance.Traces.ALICE;
import static org.wlcy.classroom.proctoring.attendance.Traces.BOB;
import static org.wlcy.classroom.proctoring.attendance.Traces.CLASS;
import static org.wlcy.classroom.proctoring.attendance.Traces.LECTURER;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.testing.MutableClock;

class LeaveBookTest {
    private final MutableClock clock = new MutableClock();
    private final LeaveBook book = new LeaveBook(AttendancePolicy.defaults(), clock);

    @ParameterizedTest(name = "{0} class hours -> accepted={1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # hours | accepted | refusal code
              1     | true     |
              4     | true     |
              5     | false    | LEAVE_OVER_MAX_HOURS
              8     | false    | LEAVE_OVER_MAX_HOURS
              0     | false    | LEAVE_HOURS_NOT_POSITIVE
             -1     | false    | LEAVE_HOURS_NOT_POSITIVE
            """)
    void oneLeaveMayNotExceedFourClassHours(int hours, boolean accepted, ReasonCode refusal) {
        LeaveOutcome out = book.request("r1", CLASS, ALICE, "lesson-3", hours, "家中有事");

        assertThat(out.accepted()).isEqualTo(accepted);
        if (!accepted) {
            assertThat(out.refusal().code()).isEqualTo(refusal);
            assertThat(out.refusal().blocking()).isTrue();
            assertThat(book.all()).isEmpty();
        } else {
            assertThat(out.request().status()).isEqualTo(LeaveStatus.PENDING);
            assertThat(out.request().requestedAt()).isEqualTo(clock.instant());
        }
    }

    @Test
    void theRefusalSaysWhyInBothLanguagesWithTheArticle() {
        Reason r = book.request("r1", CLASS, ALICE, "lesson-3", 5, "看病").refusal();

        assertThat(r.zh()).isEqualTo("一次请假不能超过 4 课时（申请 5 课时）");
        assertThat(r.en()).isEqualTo("one leave may not exceed 4 class hours (5 requested)");
        assertThat(r.article()).contains("第七条（五）").contains("Art. 7(5)");
    }

    @Test
    void theMaximumFollowsThePolicy() {
        LeaveBook strict = new LeaveBook(AttendancePolicy.defaults().withMaxLeaveClassHours(2), clock);

        assertThat(strict.request("r1", CLASS, ALICE, "lesson-3", 3, "看病").refusal().en())
                .isEqualTo("one leave may not exceed 2 class hours (3 requested)");
    }

    @Test
    void aReasonIsRequired() {
        assertThat(book.request("r1", CLASS, ALICE, "lesson-3", 2, "  ").refusal().code())
                .isEqualTo(ReasonCode.LEAVE_REASON_MISSING);
        assertThat(book.request("r2", CLASS, ALICE, "lesson-3", 2, null).refusal().code())
                .isEqualTo(ReasonCode.LEAVE_REASON_MISSING);
    }

    @Test
    void aLecturerApprovesAndTheBookRecordsWhoAndWhen() {
        book.request("r1", CLASS, ALICE, "lesson-3", 4, "家中有事");
        clock.advance(Duration.ofHours(2));

        LeaveOutcome out = book.approve("r1", LECTURER, Role.LECTURER, "同意");

        assertThat(out.accepted()).isTrue();
        assertThat(out.request().status()).isEqualTo(LeaveStatus.APPROVED);
        assertThat(out.request().decidedBy()).isEqualTo(LECTURER);
        assertThat(out.request().decidedAt()).isEqualTo(MutableClock.DEFAULT_START.plus(Duration.ofHours(2)));
        assertThat(out.request().decisionNote()).isEqualTo("同意");
        assertThat(book.find("r1")).contains(out.request());
    }

    @Test
    void onlyALecturerDecides() {
        book.request("r1", CLASS, ALICE, "lesson-3", 4, "家中有事");

        for (Role role : new Role[] {Role.TRAINEE, Role.REGULATOR, Role.ADMIN}) {
            LeaveOutcome out = book.approve("r1", BOB, role, null);
            assertThat(out.refusal().code()).isEqualTo(ReasonCode.LEAVE_DECIDER_NOT_LECTURER);
        }
        assertThat(book.find("r1").orElseThrow().status()).isEqualTo(LeaveStatus.PENDING);
    }

    @Test
    void aDecisionIsFinalButRepeatingItIsHarmless() {
        book.request("r1", CLASS, ALICE, "lesson-3", 4, "家中有事");
        LeaveRequest rejected = book.reject("r1", LECTURER, Role.LECTURER, "课程重要").request();
        clock.advance(Duration.ofMinutes(5));

        assertThat(book.reject("r1", LECTURER, Role.LECTURER, "again").request()).isEqualTo(rejected);
        LeaveOutcome flip = book.approve("r1", LECTURER, Role.LECTURER, null);
        assertThat(flip.refusal().code()).isEqualTo(ReasonCode.LEAVE_ALREADY_DECIDED);
    }

    @Test
    void decidingAnUnknownRequestIsRefused() {
        assertThat(book.approve("nope", LECTURER, Role.LECTURER, null).refusal().code())
                .isEqualTo(ReasonCode.LEAVE_NOT_FOUND);
    }

    @Test
    void resendingTheSameRequestIsIdempotentButReusingItsIdIsNot() {
        LeaveRequest first = book.request("r1", CLASS, ALICE, "lesson-3", 4, "家中有事").request();
        clock.advance(Duration.ofSeconds(3));

        assertThat(book.request("r1", CLASS, ALICE, "lesson-3", 4, "家中有事").request()).isEqualTo(first);
        assertThat(book.request("r1", CLASS, ALICE, "lesson-3", 3, "家中有事").refusal().code())
                .isEqualTo(ReasonCode.LEAVE_ID_CONFLICT);
        assertThat(book.all()).containsExactly(first);
    }

    @Test
    void aSecondOpenRequestForTheSameLessonIsRefused() {
        book.request("r1", CLASS, ALICE, "lesson-3", 4, "家中有事");

        LeaveOutcome dup = book.request("r2", CLASS, ALICE, "lesson-3", 2, "另一个理由");
        assertThat(dup.refusal().code()).isEqualTo(ReasonCode.LEAVE_DUPLICATE);
        assertThat(dup.refusal().en()).contains("r1").contains("lesson-3");

        book.approve("r1", LECTURER, Role.LECTURER, null);
        assertThat(book.request("r3", CLASS, ALICE, "lesson-3", 2, "另一个理由").accepted()).isFalse();
        // Another lesson, or another trainee, is fine.
        assertThat(book.request("r4", CLASS, ALICE, "lesson-4", 4, "家中有事").accepted()).isTrue();
        assertThat(book.request("r5", CLASS, BOB, "lesson-3", 4, "家中有事").accepted()).isTrue();
    }

    @Test
    void afterARejectionOrAWithdrawalANewRequestMayBeMade() {
        book.request("r1", CLASS, ALICE, "lesson-3", 4, "家中有事");
        book.reject("r1", LECTURER, Role.LECTURER, null);
        assertThat(book.request("r2", CLASS, ALICE, "lesson-3", 2, "看病，附证明").accepted()).isTrue();

        assertThat(book.withdraw("r2", ALICE).request().status()).isEqualTo(LeaveStatus.WITHDRAWN);
        assertThat(book.request("r3", CLASS, ALICE, "lesson-3", 2, "看病").accepted()).isTrue();
        assertThat(book.of(ALICE)).extracting(LeaveRequest::requestId).containsExactly("r1", "r2", "r3");
    }

    @Test
    void onlyTheTraineeWithdrawsAndOnlyWhilePending() {
        book.request("r1", CLASS, ALICE, "lesson-3", 4, "家中有事");

        assertThat(book.withdraw("r1", BOB).refusal().code()).isEqualTo(ReasonCode.LEAVE_NOT_OWN);
        book.approve("r1", LECTURER, Role.LECTURER, null);
        assertThat(book.withdraw("r1", ALICE).refusal().code()).isEqualTo(ReasonCode.LEAVE_ALREADY_DECIDED);
        assertThat(book.withdraw("nope", ALICE).refusal().code()).isEqualTo(ReasonCode.LEAVE_NOT_FOUND);
    }
}
