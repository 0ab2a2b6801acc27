package org.wlcy.classroom.quiz;

import java.time.Instant;
import java.util.Objects;
import org.wlcy.classroom.participant.UserId;

/**
 * One trainee's accepted answer and its mark.
 *
 * @param correct   right or wrong; null when the exercise is not scored
 * @param score     the points earned; null when not scored
 * @param at        server time of acceptance (before the deadline)
 * @param latencyMs from the start of the exercise to {@code at}
 */
public record Submission(UserId userId, String displayName, Answer answer, Boolean correct, Integer score,
                         Instant at, long latencyMs) {
    public Submission {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(at, "at");
    }
}
