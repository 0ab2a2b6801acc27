package org.wlcy.classroom.assessment.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wlcy.classroom.assessment.scoring.PracticalScore.Status;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

class PracticalScoreTest {
    private static final Rubric RUBRIC = Rubric.guidelineDefault();
    private static final UserId TRAINEE = new UserId("t01");
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    /** A sheet of {@code total} points spread over the default rubric's criteria in order. */
    private static ScoreSheet sheet(String scorer, int total) {
        Map<String, Integer> points = new LinkedHashMap<>();
        int left = total;
        for (Criterion c : RUBRIC.criteria()) {
            int p = Math.min(c.points(), left);
            points.put(c.id(), p);
            left -= p;
        }
        return ScoreSheet.checked(RUBRIC, new UserId(scorer), TRAINEE, points, Map.of(), "", AT);
    }

    @Test
    void theDefaultRubricCarriesOneHundredPoints() {
        assertThat(RUBRIC.criteria().stream().mapToInt(Criterion::points).sum()).isEqualTo(100);
        assertThat(sheet("s1", 100).total()).isEqualTo(100);
    }

    @Test
    void aRubricThatDoesNotAddUpToOneHundredIsRefused() {
        assertThatThrownBy(() -> new Rubric(List.of(new Criterion("a", "甲", null, "", 50),
                new Criterion("b", "乙", null, "", 40)))).hasMessageContaining("add up to 90, not 100");
        assertThatThrownBy(() -> new Rubric(List.of(new Criterion("a", "甲", null, "", 50),
                new Criterion("a", "乙", null, "", 50)))).hasMessageContaining("appears twice");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shop=21        | points.shop: 21 is outside 0-20",
            "shop=-1        | points.shop: -1 is outside 0-20",
            "nope=3         | points.nope: no such criterion",
            "               | points.shop: every criterion needs a score"})
    void aSheetOutsideTheRubricNamesTheCriterion(String override, String message) {
        Map<String, Integer> points = new LinkedHashMap<>();
        if (override != null) {
            RUBRIC.criteria().forEach(c -> points.put(c.id(), 0));
            String[] kv = override.split("=");
            points.put(kv[0], Integer.parseInt(kv[1]));
        }
        assertThatThrownBy(() -> ScoreSheet.checked(RUBRIC, new UserId("s1"), TRAINEE, points, Map.of(), "", AT))
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"60, true", "59, false", "100, true", "0, false"})
    void sixtyPasses(int total, boolean passed) {
        PracticalScore s = PracticalScore.of(ScoringPolicy.guidelineDefault(), List.of(sheet("s1", total)));
        assertThat(s.status()).isEqualTo(Status.FINAL);
        assertThat(s.score()).contains(BigDecimal.valueOf(total));
        assertThat(s.passed()).isEqualTo(passed);
    }

    @Test
    void aScorersLaterSheetReplacesTheirEarlierOne() {
        PracticalScore s = PracticalScore.of(ScoringPolicy.guidelineDefault(),
                List.of(sheet("s1", 55), sheet("s1", 72)));
        assertThat(s.score()).contains(BigDecimal.valueOf(72));
        assertThat(s.sheets()).hasSize(1);
    }

    @Test
    void twoScorersAreAveragedToOneDecimal() {
        ScoringPolicy two = new ScoringPolicy(60, 2, 15);
        assertThat(PracticalScore.of(two, List.of()).status()).isEqualTo(Status.NOT_SCORED);
        assertThat(PracticalScore.of(two, List.of(sheet("s1", 70))).status()).isEqualTo(Status.AWAITING_SECOND_SCORER);
        PracticalScore s = PracticalScore.of(two, List.of(sheet("s1", 60), sheet("s2", 59)));
        assertThat(s.status()).isEqualTo(Status.FINAL);
        assertThat(s.score()).contains(new BigDecimal("59.5"));
        assertThat(s.passed()).isFalse();
    }

    @Test
    void scoresTooFarApartCallForAThirdAndTheClosestTwoCount() {
        ScoringPolicy two = new ScoringPolicy(60, 2, 15);
        List<ScoreSheet> sheets = new ArrayList<>(List.of(sheet("s1", 50), sheet("s2", 80)));
        assertThat(PracticalScore.of(two, sheets).status()).isEqualTo(Status.AWAITING_THIRD_SCORER);
        sheets.add(sheet("s3", 75));
        PracticalScore s = PracticalScore.of(two, sheets);
        assertThat(s.status()).isEqualTo(Status.FINAL);
        assertThat(s.score()).contains(new BigDecimal("77.5"));
        assertThat(s.passed()).isTrue();
        // A tie between the pairs goes to the higher pair.
        PracticalScore tie = PracticalScore.of(two, List.of(sheet("s1", 50), sheet("s2", 80), sheet("s3", 65)));
        assertThat(tie.score()).contains(new BigDecimal("72.5"));
    }

    @Test
    void aLecturerWhoTaughtTheClassMayNotScoreIt() {
        assertThatThrownBy(() -> ScorerRule.requireDidNotTeach(new UserId("l01"), Set.of(new UserId("l01"))))
                .isInstanceOfSatisfying(ClassroomException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SCORER_TAUGHT_CLASS));
        ScorerRule.requireDidNotTeach(new UserId("s9"), Set.of(new UserId("l01")));
    }
}
