package org.wlcy.classroom.assessment.scoring;

/**
 * How a class's practical results are scored.
 *
 * @param passMark       the lowest passing score (Art. 7(5) footnote 6: 60 分（含）以上为合格)
 * @param scorers        sheets needed per trainee: 1, or 2 whose average counts
 * @param thirdScorerGap with two scorers, totals further apart than this call for a third sheet;
 *                       the final score is then the average of the two closest of the three
 */
public record ScoringPolicy(int passMark, int scorers, int thirdScorerGap) {
    public ScoringPolicy {
        if (passMark < 1 || passMark > Rubric.FULL_MARKS) {
            throw new IllegalArgumentException("passMark must be 1-100, not " + passMark);
        }
        if (scorers != 1 && scorers != 2) {
            throw new IllegalArgumentException("scorers must be 1 or 2, not " + scorers);
        }
        if (thirdScorerGap < 1 || thirdScorerGap > Rubric.FULL_MARKS) {
            throw new IllegalArgumentException("thirdScorerGap must be 1-100, not " + thirdScorerGap);
        }
    }

    /** The guideline's: one scorer, 60 passes (a third sheet after a 15-point gap if two are set). */
    public static ScoringPolicy guidelineDefault() {
        return new ScoringPolicy(60, 1, 15);
    }
}
