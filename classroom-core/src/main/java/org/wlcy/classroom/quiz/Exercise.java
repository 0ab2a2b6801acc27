package org.wlcy.classroom.quiz;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/**
 * One in-class exercise: open from {@code startedAt} until its deadline (server time) or an
 * earlier close; each trainee answers once. Lives on the class's lane; time comes in as arguments.
 */
public final class Exercise {
    private final String id;
    private final String sessionId;
    private final UserId startedBy;
    private final ExerciseSpec spec;
    private final Instant startedAt;
    private final Instant deadline;
    private final Map<UserId, Submission> answers = new LinkedHashMap<>();
    private Instant closedAt;
    private CloseReason closeReason;
    private int expectedAtClose;

    public Exercise(String id, String sessionId, UserId startedBy, ExerciseSpec spec, Instant startedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.sessionId = sessionId;
        this.startedBy = Objects.requireNonNull(startedBy, "startedBy");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.deadline = startedAt.plusSeconds(spec.seconds());
    }

    public String id() {
        return id;
    }

    public String sessionId() {
        return sessionId;
    }

    public UserId startedBy() {
        return startedBy;
    }

    public ExerciseSpec spec() {
        return spec;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant deadline() {
        return deadline;
    }

    public boolean isRunning() {
        return closedAt == null;
    }

    /** Whether an answer arriving at {@code now} is in time: running and strictly before the deadline. */
    public boolean acceptsAt(Instant now) {
        return isRunning() && now.isBefore(deadline);
    }

    /**
     * How late an answer at {@code now} is: after the deadline, or after an earlier close (0 when
     * it is not late).
     */
    public Duration lateBy(Instant now) {
        Instant end = closedAt != null && closedAt.isBefore(deadline) ? closedAt : deadline;
        return now.isBefore(end) ? Duration.ZERO : Duration.between(end, now);
    }

    /**
     * Takes one trainee's answer at {@code now}: {@link ErrorCode#EXERCISE_CLOSED} when not in
     * time, {@link ErrorCode#ALREADY_ANSWERED} on a second answer, {@link ErrorCode#INVALID_FIELD}
     * when it does not fit the exercise. Marks it at once.
     */
    public Submission accept(UserId user, String displayName, List<Integer> choices, String text, Instant now) {
        if (!acceptsAt(now)) {
            throw new ClassroomException(ErrorCode.EXERCISE_CLOSED, "this exercise is closed; answers after "
                    + "the deadline are not accepted (练习已截止)");
        }
        if (answers.containsKey(user)) {
            throw new ClassroomException(ErrorCode.ALREADY_ANSWERED, "you have answered this exercise already");
        }
        Answer answer = Answer.of(spec, choices, text);
        Boolean right = spec.mark(answer);
        Submission s = new Submission(user, displayName, answer, right, spec.score(right), now,
                Duration.between(startedAt, now).toMillis());
        answers.put(user, s);
        return s;
    }

    /** Takes back an answer that could not be recorded, so the trainee may send it again. */
    public void withdraw(UserId user) {
        answers.remove(user);
    }

    /** Closes at {@code now}; {@code expected} is how many trainees were there to answer. Idempotent. */
    public void close(Instant now, CloseReason reason, int expected) {
        if (closedAt != null) {
            return;
        }
        closedAt = Objects.requireNonNull(now, "now");
        closeReason = Objects.requireNonNull(reason, "reason");
        expectedAtClose = expected;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public CloseReason closeReason() {
        return closeReason;
    }

    /** Trainees expected to answer, as counted at the close (0 while running). */
    public int expectedAtClose() {
        return expectedAtClose;
    }

    public Optional<Submission> answerOf(UserId user) {
        return Optional.ofNullable(answers.get(user));
    }

    /** Every accepted answer, in the order they came. */
    public Collection<Submission> answers() {
        return List.copyOf(answers.values());
    }

    public int answered() {
        return answers.size();
    }

    /** Right answers so far; 0 when not scored. */
    public int correctCount() {
        return (int) answers.values().stream().filter(s -> Boolean.TRUE.equals(s.correct())).count();
    }

    /**
     * Right answers among the answers given, rounded to 4 places (0 when nobody answered); null
     * when the exercise is not scored.
     */
    public Double correctRate() {
        if (!spec.scored()) {
            return null;
        }
        if (answers.isEmpty()) {
            return 0.0;
        }
        return Math.round(correctCount() * 10_000.0 / answers.size()) / 10_000.0;
    }

    /** How many answers chose each option (empty for text). */
    public List<Integer> counts() {
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < spec.options().size(); i++) {
            counts.add(0);
        }
        for (Submission s : answers.values()) {
            if (s.answer().choices() != null) {
                s.answer().choices().forEach(c -> counts.set(c, counts.get(c) + 1));
            }
        }
        return counts;
    }
}
