package org.wlcy.classroom.assessment.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.assessment.scoring.Criterion;
import org.wlcy.classroom.assessment.scoring.PracticalScore;
import org.wlcy.classroom.assessment.scoring.Rubric;
import org.wlcy.classroom.assessment.scoring.ScoreSheet;
import org.wlcy.classroom.assessment.scoring.ScoringPolicy;
import org.wlcy.classroom.participant.UserId;

class TraineeResultTest {
    private static final UserId T = new UserId("t01");

    private static PracticalScore scored(boolean full) {
        Rubric r = Rubric.guidelineDefault();
        Map<String, Integer> points = r.criteria().stream()
                .collect(Collectors.toMap(Criterion::id, c -> full ? c.points() : 0));
        return PracticalScore.of(ScoringPolicy.guidelineDefault(), List.of(
                ScoreSheet.checked(r, new UserId("s1"), T, points, Map.of(), "", Instant.EPOCH)));
    }

    @Test
    void passingNeedsAttendanceAScoreOfSixtyAndThePlan() {
        TraineeResult ok = TraineeResult.judge(T, true, scored(true), true);
        assertThat(ok.passed()).isTrue();
        assertThat(ok.reasons()).isEmpty();

        assertThat(TraineeResult.judge(T, false, scored(true), true).reasons())
                .containsExactly(ResultReason.NOT_ELIGIBLE_BY_ATTENDANCE);
        assertThat(TraineeResult.judge(T, true, scored(true), false).reasons())
                .containsExactly(ResultReason.PLAN_NOT_SUBMITTED);
        assertThat(TraineeResult.judge(T, true, scored(false), true).reasons())
                .containsExactly(ResultReason.SCORE_BELOW_PASS_MARK);
        TraineeResult nothing = TraineeResult.judge(T, false,
                PracticalScore.of(ScoringPolicy.guidelineDefault(), List.of()), false);
        assertThat(nothing.passed()).isFalse();
        assertThat(nothing.reasons()).containsExactly(ResultReason.NOT_ELIGIBLE_BY_ATTENDANCE,
                ResultReason.PLAN_NOT_SUBMITTED, ResultReason.NOT_SCORED);
    }
}
