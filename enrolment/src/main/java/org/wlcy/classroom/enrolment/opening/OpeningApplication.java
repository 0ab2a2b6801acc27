package org.wlcy.classroom.enrolment.opening;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A class-opening application (开班申请) on its way from the institution to the regulator: drafted,
 * submitted, then approved or returned with a reason (and submitted again). Lessons may start only
 * once it is approved. Each step is a new value; the history is kept in {@link #steps}.
 */
public record OpeningApplication(ClassPlan plan, State state, List<Step> steps) {
    public enum State { DRAFT, SUBMITTED, APPROVED, RETURNED }

    /** One step: the state reached, by whom, when, and the reason (returns only; empty otherwise). */
    public record Step(State state, String by, Instant at, String reason) {
    }

    public OpeningApplication {
        Objects.requireNonNull(plan);
        steps = List.copyOf(steps);
    }

    public static OpeningApplication draft(ClassPlan plan, String by, Instant at) {
        return new OpeningApplication(plan, State.DRAFT, List.of(new Step(State.DRAFT, by, at, "")));
    }

    /** The institution changes the plan; only before submitting or after a return. */
    public OpeningApplication revise(ClassPlan revised, String by, Instant at) {
        require(state == State.DRAFT || state == State.RETURNED, "a submitted or approved application cannot be changed");
        return next(revised, State.DRAFT, by, at, "");
    }

    /** The institution submits it; refused while the plan has problems. */
    public OpeningApplication submit(String by, Instant at, int onlineCapPercent) {
        require(state == State.DRAFT || state == State.RETURNED, "only a draft or a returned application is submitted");
        List<PlanProblem> problems = plan.problems(onlineCapPercent);
        if (!problems.isEmpty()) {
            throw new PlanRefusedException(problems);
        }
        return next(plan, State.SUBMITTED, by, at, "");
    }

    public OpeningApplication approve(String regulator, Instant at) {
        require(state == State.SUBMITTED, "only a submitted application is approved");
        return next(plan, State.APPROVED, regulator, at, "");
    }

    /** The regulator returns it with a reason the institution reads. */
    public OpeningApplication returnWith(String reason, String regulator, Instant at) {
        require(state == State.SUBMITTED, "only a submitted application is returned");
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("a return needs a reason of 1 to 500 characters");
        }
        return next(plan, State.RETURNED, regulator, at, reason.strip());
    }

    /** The class may start its lessons (开班申请 approved, Art. 24(3) 培训管理功能). */
    public boolean approved() {
        return state == State.APPROVED;
    }

    private OpeningApplication next(ClassPlan p, State s, String by, Instant at, String reason) {
        List<Step> more = new java.util.ArrayList<>(steps);
        more.add(new Step(s, by, at, reason));
        return new OpeningApplication(p, s, more);
    }

    private void require(boolean ok, String why) {
        if (!ok) {
            throw new IllegalStateException(why + " (it is " + state.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }
}
