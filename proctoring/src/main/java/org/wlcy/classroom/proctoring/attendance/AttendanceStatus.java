package org.wlcy.classroom.proctoring.attendance;

/** A trainee's attendance of one lesson. */
public enum AttendanceStatus {
    /** Present long enough, on time, stayed to the end. */
    ATTENDED,
    /** Present long enough but arrived after the late threshold (迟到). */
    LATE,
    /** Present long enough but left before the early-leave threshold (早退). */
    LEFT_EARLY,
    /** Both late and left early. */
    LATE_AND_LEFT_EARLY,
    /** Not present long enough and no approved leave covers the lesson (无故旷课). */
    ABSENT,
    /** Not present for all of it, and an approved leave covers the lesson (请假). */
    ON_LEAVE;

    /** Whether the lesson counts as attended (the four present states). */
    public boolean attended() {
        return this == ATTENDED || this == LATE || this == LEFT_EARLY || this == LATE_AND_LEFT_EARLY;
    }

    /** Whether the trainee arrived late. */
    public boolean late() {
        return this == LATE || this == LATE_AND_LEFT_EARLY;
    }

    /** Whether the trainee left early. */
    public boolean leftEarly() {
        return this == LEFT_EARLY || this == LATE_AND_LEFT_EARLY;
    }
}
