package org.wlcy.classroom.proctoring.attendance;

/** Where a leave request stands. */
public enum LeaveStatus {
    /** Asked for, not yet decided: does not excuse an absence. */
    PENDING,
    /** Approved by a lecturer: excuses the lesson and counts as one leave (Art. 7(五)). */
    APPROVED,
    /** Rejected by a lecturer: the lesson, if missed, is an absence without leave. */
    REJECTED,
    /** Withdrawn by the trainee while pending: as if never asked. */
    WITHDRAWN;

    /** Whether another request for the same lesson may be made. */
    public boolean closed() {
        return this == REJECTED || this == WITHDRAWN;
    }
}
