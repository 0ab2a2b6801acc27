package org.wlcy.classroom.proctoring.live;

/**
 * How a class treats tab switching (切屏, Art. 24(3)): every switch away from the lesson is counted
 * and the trainee warned; lecturers see the counts live; from {@code exerciseLockAfter} switches in
 * one lesson, a running exercise is locked for that trainee (0 = never).
 *
 * @param warnTrainee        tell the trainee at every switch
 * @param exerciseLockAfter  switches after which the trainee's exercise is locked, 0 = never
 */
public record ProctorPolicy(boolean warnTrainee, int exerciseLockAfter) {
    public ProctorPolicy {
        if (exerciseLockAfter < 0) {
            throw new IllegalArgumentException("exerciseLockAfter must be >= 0");
        }
    }

    public static ProctorPolicy defaults() {
        return new ProctorPolicy(true, 3);
    }
}
