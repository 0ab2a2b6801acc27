package org.wlcy.classroom.proctoring.attendance;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link LeaveBook} operation did: the request as it now stands, or the reason it was
 * refused.
 *
 * @param request the request after the operation, or {@code null} when refused
 * @param refusal why the operation was refused, or {@code null} when it was accepted
 */
public record LeaveOutcome(LeaveRequest request, Reason refusal) {
    public LeaveOutcome {
        if ((request == null) == (refusal == null)) {
            throw new IllegalArgumentException("exactly one of request and refusal");
        }
    }

    static LeaveOutcome accepted(LeaveRequest request) {
        return new LeaveOutcome(Objects.requireNonNull(request), null);
    }

    static LeaveOutcome refused(Reason reason) {
        return new LeaveOutcome(null, Objects.requireNonNull(reason));
    }

    /** Whether the operation was accepted. */
    public boolean accepted() {
        return request != null;
    }

    /** The refusal, if refused. */
    public Optional<Reason> refusalReason() {
        return Optional.ofNullable(refusal);
    }
}
