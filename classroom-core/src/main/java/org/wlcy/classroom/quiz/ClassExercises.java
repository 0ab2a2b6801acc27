package org.wlcy.classroom.quiz;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/** The exercises of one class, in the order they started; at most one runs at a time. On the lane. */
public final class ClassExercises {
    private final Map<String, Exercise> byId = new LinkedHashMap<>();

    /** Starts an exercise, or {@link ErrorCode#EXERCISE_RUNNING} while another runs. */
    public Exercise start(String id, String sessionId, UserId by, ExerciseSpec spec, Instant now) {
        running().ifPresent(r -> {
            throw new ClassroomException(ErrorCode.EXERCISE_RUNNING, "exercise " + r.id()
                    + " is still running; close it first (one exercise at a time)");
        });
        Exercise e = new Exercise(id, sessionId, by, spec, now);
        byId.put(id, e);
        return e;
    }

    /** The exercise, or {@link ErrorCode#EXERCISE_NOT_FOUND}. */
    public Exercise find(String id) {
        Exercise e = byId.get(id);
        if (e == null) {
            throw new ClassroomException(ErrorCode.EXERCISE_NOT_FOUND, "no exercise " + id + " in this class");
        }
        return e;
    }

    /** Forgets an exercise that never got announced (its start could not be recorded). */
    public void discard(String id) {
        byId.remove(id);
    }

    public Optional<Exercise> running() {
        return byId.values().stream().filter(Exercise::isRunning).findFirst();
    }

    /** Every exercise of the class, oldest first. */
    public List<Exercise> all() {
        return List.copyOf(byId.values());
    }
}
