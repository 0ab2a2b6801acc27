package org.wlcy.classroom.enrolment.opening;

import java.util.List;

/** A plan that cannot be applied for, with every problem it has. */
public final class PlanRefusedException extends RuntimeException {
    private final transient List<PlanProblem> problems;

    public PlanRefusedException(List<PlanProblem> problems) {
        super("the class plan cannot be applied for: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<PlanProblem> problems() {
        return problems;
    }
}
