package org.wlcy.classroom.assessment.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.wlcy.classroom.assessment.scoring.PracticalScore;
import org.wlcy.classroom.participant.UserId;

/**
 * A trainee's result of the class (Art. 7(5)): 无故旷课或请假超过 2 次…将不能参加考核 (the attendance
 * engine's eligibility), and 实践成果评分合格且完成《网络创业规划书》，方可获得《网络创业培训合格证书》:
 * the practical results scored at least the pass mark and the business plan submitted.
 *
 * @param trainee        whose result
 * @param eligible       whether attendance lets the trainee sit the assessment
 * @param practical      the practical-result score as far as it has come
 * @param planSubmitted  whether a final business plan is on record
 * @param passed         all three hold
 * @param reasons        why not, in the order a trainee would act on them; empty when passed
 */
public record TraineeResult(UserId trainee, boolean eligible, PracticalScore practical, boolean planSubmitted,
                            boolean passed, List<ResultReason> reasons) {
    public TraineeResult {
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(practical, "practical");
        reasons = List.copyOf(reasons);
    }

    public static TraineeResult judge(UserId trainee, boolean eligible, PracticalScore practical,
                                      boolean planSubmitted) {
        List<ResultReason> why = new ArrayList<>();
        if (!eligible) {
            why.add(ResultReason.NOT_ELIGIBLE_BY_ATTENDANCE);
        }
        if (!planSubmitted) {
            why.add(ResultReason.PLAN_NOT_SUBMITTED);
        }
        switch (practical.status()) {
            case NOT_SCORED -> why.add(ResultReason.NOT_SCORED);
            case AWAITING_SECOND_SCORER, AWAITING_THIRD_SCORER -> why.add(ResultReason.AWAITING_SCORER);
            case FINAL -> {
                if (!practical.passed()) {
                    why.add(ResultReason.SCORE_BELOW_PASS_MARK);
                }
            }
        }
        return new TraineeResult(trainee, eligible, practical, planSubmitted, why.isEmpty(), why);
    }
}
