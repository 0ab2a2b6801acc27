package org.wlcy.classroom.assessment.result;

/** Why a trainee has not (yet) passed; pages translate each code. */
public enum ResultReason {
    /** Art. 7(5): absences or leaves (or class hours) keep the trainee from the assessment. */
    NOT_ELIGIBLE_BY_ATTENDANCE,
    /** No scorer has scored the practical results yet. */
    NOT_SCORED,
    /** Two scorers are set and only one has scored, or their totals differ enough to need a third. */
    AWAITING_SCORER,
    /** The practical-result score is below the pass mark (60). */
    SCORE_BELOW_PASS_MARK,
    /** The business plan (《网络创业规划书》) has not been submitted. */
    PLAN_NOT_SUBMITTED
}
