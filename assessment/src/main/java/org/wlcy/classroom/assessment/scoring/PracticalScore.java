package org.wlcy.classroom.assessment.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wlcy.classroom.participant.UserId;

/**
 * A trainee's practical-result score, reached from the scorers' sheets under the class's policy.
 * Only each scorer's latest sheet counts. With one scorer the score is that sheet's total. With two,
 * the average of both; if their totals are more than {@link ScoringPolicy#thirdScorerGap()} apart,
 * a third sheet is needed, and the score is the average of the two closest totals of the three
 * (the usual rule of double marking). Averages keep one decimal, rounded half up.
 *
 * @param status  how far scoring has come
 * @param score   the final score, when {@link Status#FINAL}
 * @param passed  whether the final score reaches the pass mark
 * @param sheets  the sheets that count, in the order their scorers first scored
 */
public record PracticalScore(Status status, Optional<BigDecimal> score, boolean passed, List<ScoreSheet> sheets) {
    public enum Status {
        NOT_SCORED, AWAITING_SECOND_SCORER, AWAITING_THIRD_SCORER, FINAL
    }

    public PracticalScore {
        sheets = List.copyOf(sheets);
    }

    /** The score from every sheet of one trainee, oldest first (later sheets of a scorer replace earlier ones). */
    public static PracticalScore of(ScoringPolicy policy, List<ScoreSheet> history) {
        Map<UserId, ScoreSheet> latest = new LinkedHashMap<>();
        for (ScoreSheet s : history) {
            latest.put(s.scorer(), s);
        }
        List<ScoreSheet> sheets = new ArrayList<>(latest.values());
        if (sheets.isEmpty()) {
            return new PracticalScore(Status.NOT_SCORED, Optional.empty(), false, sheets);
        }
        if (policy.scorers() == 1) {
            return fin(policy, BigDecimal.valueOf(sheets.get(0).total()), sheets.subList(0, 1));
        }
        if (sheets.size() == 1) {
            return new PracticalScore(Status.AWAITING_SECOND_SCORER, Optional.empty(), false, sheets);
        }
        int a = sheets.get(0).total();
        int b = sheets.get(1).total();
        if (Math.abs(a - b) <= policy.thirdScorerGap()) {
            return fin(policy, average(a, b), sheets.subList(0, 2));
        }
        if (sheets.size() == 2) {
            return new PracticalScore(Status.AWAITING_THIRD_SCORER, Optional.empty(), false, sheets);
        }
        List<ScoreSheet> three = new ArrayList<>(sheets.subList(0, 3));
        three.sort(Comparator.comparingInt(ScoreSheet::total));
        int low = three.get(1).total() - three.get(0).total();
        int high = three.get(2).total() - three.get(1).total();
        // On a tie, the higher pair counts: the trainee gets the benefit of the doubt.
        BigDecimal score = low < high ? average(three.get(0).total(), three.get(1).total())
                : average(three.get(1).total(), three.get(2).total());
        return fin(policy, score, sheets.subList(0, 3));
    }

    private static BigDecimal average(int a, int b) {
        return BigDecimal.valueOf(a + b).divide(BigDecimal.valueOf(2), 1, RoundingMode.HALF_UP);
    }

    private static PracticalScore fin(ScoringPolicy policy, BigDecimal score, List<ScoreSheet> counted) {
        return new PracticalScore(Status.FINAL, Optional.of(score),
                score.compareTo(BigDecimal.valueOf(policy.passMark())) >= 0, counted);
    }
}
