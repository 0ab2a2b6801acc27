package org.wlcy.classroom.enrolment.opening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OpeningApplicationTest {
    private static final Instant T = Instant.parse("2026-12-07T02:00:00Z");
    private static final int CAP = 50;

    /** Seven days of eight class hours from 2027-01-04, the first {@code online} of them online. */
    private static List<LessonDay> week(int online) {
        return IntStream.range(0, 7).mapToObj(i -> new LessonDay(LocalDate.of(2027, 1, 4).plusDays(i), 8, i < online))
                .toList();
    }

    private static ClassPlan plan(List<String> lecturers, List<LessonDay> days) {
        return new ClassPlan("sz-2027-01", "深圳网创第1期", "深圳职训中心", "440305", lecturers, days);
    }

    private static List<String> codes(ClassPlan p) {
        return p.problems(CAP).stream().map(PlanProblem::code).toList();
    }

    @Test
    void aPlanFollowingTheGuidelineHasNoProblem() {
        ClassPlan p = plan(List.of("l01", "l02"), week(3));
        assertThat(p.classHours()).isEqualTo(56);
        assertThat(p.onlineClassHours()).isEqualTo(24);
        assertThat(p.problems(CAP)).isEmpty();
    }

    @Test
    void theGuidelinesLimitsAreNamed() {
        assertThat(codes(plan(List.of("l01"), week(0)))).containsExactly(PlanProblem.LECTURERS);
        assertThat(codes(plan(List.of("l01", "l01"), week(0)))).containsExactly(PlanProblem.LECTURERS);
        assertThat(codes(plan(List.of("l01", "l02"), week(0).subList(0, 6))))
                .containsExactly(PlanProblem.TOO_FEW_DAYS, PlanProblem.TOO_FEW_HOURS);
        assertThat(codes(plan(List.of("l01", "l02"), week(4)))).containsExactly(PlanProblem.ONLINE_SHARE);
        List<LessonDay> twice = new ArrayList<>(week(0));
        twice.set(6, new LessonDay(twice.get(0).date(), 13, false));
        assertThat(plan(List.of("l01", "l02"), twice).problems(CAP)).extracting(PlanProblem::field)
                .containsExactly("days[6].classHours", "days[6].date", "days");
        assertThat(codes(new ClassPlan("c", " ", "i", "44030", List.of("a", "b"), week(0))))
                .containsExactly(PlanProblem.NAME, PlanProblem.REGION);
    }

    @Test
    void anApplicationIsSubmittedReturnedWithAReasonRevisedAndApproved() {
        OpeningApplication a = OpeningApplication.draft(plan(List.of("l01", "l02"), week(4)), "admin-sz", T);
        assertThatThrownBy(() -> a.submit("admin-sz", T, CAP)).isInstanceOf(PlanRefusedException.class)
                .satisfies(e -> assertThat(((PlanRefusedException) e).problems()).extracting(PlanProblem::code)
                        .containsExactly(PlanProblem.ONLINE_SHARE));
        OpeningApplication submitted = a.revise(plan(List.of("l01", "l02"), week(3)), "admin-sz", T)
                .submit("admin-sz", T.plusSeconds(60), CAP);
        assertThat(submitted.approved()).isFalse();
        assertThatThrownBy(() -> submitted.revise(plan(List.of("l01", "l03"), week(3)), "admin-sz", T))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("submitted");
        assertThatThrownBy(() -> submitted.returnWith(" ", "reg-sz", T)).isInstanceOf(IllegalArgumentException.class);
        OpeningApplication returned = submitted.returnWith("讲师 l02 的合格证书已过期", "reg-sz", T.plusSeconds(120));
        assertThat(returned.state()).isEqualTo(OpeningApplication.State.RETURNED);
        assertThatThrownBy(() -> returned.approve("reg-sz", T)).isInstanceOf(IllegalStateException.class);
        OpeningApplication approved = returned.revise(plan(List.of("l01", "l03"), week(3)), "admin-sz", T)
                .submit("admin-sz", T.plusSeconds(180), CAP).approve("reg-sz", T.plusSeconds(240));
        assertThat(approved.approved()).isTrue();
        assertThat(approved.plan().lecturers()).containsExactly("l01", "l03");
        assertThat(approved.steps()).extracting(OpeningApplication.Step::state).containsExactly(
                OpeningApplication.State.DRAFT, OpeningApplication.State.DRAFT, OpeningApplication.State.SUBMITTED,
                OpeningApplication.State.RETURNED, OpeningApplication.State.DRAFT, OpeningApplication.State.SUBMITTED,
                OpeningApplication.State.APPROVED);
        assertThat(approved.steps().get(3).reason()).isEqualTo("讲师 l02 的合格证书已过期");
        assertThatThrownBy(() -> approved.submit("admin-sz", T, CAP)).isInstanceOf(IllegalStateException.class);
    }
}
