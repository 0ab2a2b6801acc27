package org.wlcy.classroom.assessment.result;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Results of several classes added up, for one class or a group of them (by institution, by
 * region): how many trainees were eligible, scored, passed; the average final score (one decimal);
 * certificates issued and revoked; the forms' response rate (responses ÷ forms × trainees, in
 * percent, one decimal) and the average of every rating given (two decimals). Averages are null
 * when there is nothing to average.
 */
public record ResultsFigures(String key, int classes, int trainees, int eligible, int scored, int passed,
                             BigDecimal passRatePercent, BigDecimal averageScore, int plansSubmitted,
                             int certificatesIssued, int certificatesRevoked, int forms,
                             BigDecimal formResponseRatePercent, BigDecimal ratingAverage) {

    public static ResultsFigures of(String key, Collection<ClassResults> classes) {
        int trainees = 0;
        int eligible = 0;
        int scored = 0;
        int passed = 0;
        int plans = 0;
        int issued = 0;
        int revoked = 0;
        int forms = 0;
        long asked = 0;
        long responses = 0;
        BigDecimal scoreSum = BigDecimal.ZERO;
        long ratingTotal = 0;
        long ratings = 0;
        for (ClassResults c : classes) {
            trainees += c.trainees().size();
            eligible += c.eligible();
            scored += c.scored();
            passed += c.passed();
            plans += c.plansSubmitted();
            issued += c.certificatesIssued();
            revoked += c.certificatesRevoked();
            for (ClassResults.TraineeRow t : c.trainees()) {
                if (t.score() != null) {
                    scoreSum = scoreSum.add(t.score());
                }
            }
            for (ClassResults.FormFigures f : c.forms()) {
                forms++;
                asked += c.trainees().size();
                responses += f.responses();
                ratingTotal += f.ratingTotal();
                ratings += f.ratings();
            }
        }
        return new ResultsFigures(key, classes.size(), trainees, eligible, scored, passed, percent(passed, trainees),
                scored == 0 ? null : scoreSum.divide(BigDecimal.valueOf(scored), 1, RoundingMode.HALF_UP), plans,
                issued, revoked, forms, percent(responses, asked),
                ratings == 0 ? null : BigDecimal.valueOf(ratingTotal).divide(BigDecimal.valueOf(ratings), 2,
                        RoundingMode.HALF_UP));
    }

    /** The classes grouped by {@code key} (institution, region), each group added up, by key. */
    public static List<ResultsFigures> grouped(Collection<ClassResults> classes, Function<ClassResults, String> key) {
        Map<String, List<ClassResults>> groups = new TreeMap<>();
        for (ClassResults c : classes) {
            groups.computeIfAbsent(key.apply(c), k -> new ArrayList<>()).add(c);
        }
        List<ResultsFigures> out = new ArrayList<>();
        groups.forEach((k, v) -> out.add(of(k, v)));
        return out;
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }
}
