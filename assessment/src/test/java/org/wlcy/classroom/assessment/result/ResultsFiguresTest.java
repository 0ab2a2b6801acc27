package org.wlcy.classroom.assessment.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.assessment.forms.FormKind;
import org.wlcy.classroom.assessment.scoring.PracticalScore;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/** Adding classes up: rates over all trainees, the average over scored ones, ratings weighted by how many were given. */
class ResultsFiguresTest {
    private static ClassResults.TraineeRow row(String id, String score, boolean passed, String cert) {
        return new ClassResults.TraineeRow(new UserId(id), id, true, score == null ? PracticalScore.Status.NOT_SCORED
                : PracticalScore.Status.FINAL, score == null ? null : new BigDecimal(score), passed, passed, List.of(),
                cert == null ? null : "110105-2026-0000015", cert);
    }

    @Test
    void groupsAddUpTheirClasses() {
        ClassResults a = new ClassResults(new ClassroomId("a"), "机构甲", "110105",
                List.of(row("t1", "65", true, "valid"), row("t2", "45", false, null)),
                List.of(new ClassResults.FormFigures("daily-2026-11-09", FormKind.DAILY_FEEDBACK, "2026-11-09", 2,
                        new BigDecimal("100.0"), 6, 24, Map.of())));
        ClassResults b = new ClassResults(new ClassroomId("b"), "机构甲", "440305",
                List.of(row("t3", "90.5", true, "revoked"), row("t4", null, false, null)),
                List.of(new ClassResults.FormFigures("final", FormKind.END_OF_CLASS, null, 1, new BigDecimal("50.0"), 2, 6,
                        Map.of())));
        ResultsFigures all = ResultsFigures.of("", List.of(a, b));
        assertThat(all.trainees()).isEqualTo(4);
        assertThat(all.scored()).isEqualTo(3);
        assertThat(all.passed()).isEqualTo(2);
        assertThat(all.passRatePercent()).isEqualByComparingTo("50.0");
        assertThat(all.averageScore()).isEqualByComparingTo("66.8"); // (65 + 45 + 90.5) / 3 = 66.83
        assertThat(all.certificatesIssued()).isEqualTo(2);
        assertThat(all.certificatesRevoked()).isEqualTo(1);
        assertThat(all.formResponseRatePercent()).isEqualByComparingTo("75.0"); // 3 answers of 4 asked
        assertThat(all.ratingAverage()).isEqualByComparingTo("3.75"); // 30 points over 8 ratings, not (4 + 3) / 2
        assertThat(ResultsFigures.grouped(List.of(a, b), ClassResults::region)).extracting(ResultsFigures::key)
                .containsExactly("110105", "440305");
        assertThat(ResultsFigures.grouped(List.of(a, b), ClassResults::institution)).singleElement()
                .satisfies(g -> assertThat(g.classes()).isEqualTo(2));
        assertThat(ResultsFigures.of("", List.of()).averageScore()).isNull();
    }
}
