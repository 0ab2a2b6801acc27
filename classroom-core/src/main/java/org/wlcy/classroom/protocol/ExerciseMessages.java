package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.quiz.CloseReason;
import org.wlcy.classroom.quiz.Exercise;
import org.wlcy.classroom.quiz.ExerciseKind;
import org.wlcy.classroom.quiz.ExerciseSpec;
import org.wlcy.classroom.quiz.Submission;

/**
 * In-class exercises (随堂练习) with server-enforced deadlines: lecturers start and close them,
 * trainees answer once before the deadline (server time), lecturers see a live tally, everyone
 * gets the result at the close. Trainees never see the key before the close.
 */
public final class ExerciseMessages {
    private ExerciseMessages() {
    }

    /**
     * An exercise as trainees see it (never the key). {@code serverTime} is the server's clock when
     * the message was made: pages show the time left as {@code deadline - serverTime}, counted on
     * their own clock from when the message arrived.
     */
    public record ExerciseView(String exerciseId, ExerciseKind kind, String prompt, List<String> options,
                               int seconds, int points, Instant startedAt, Instant deadline, Instant serverTime) {
        public static ExerciseView of(Exercise e, Instant now) {
            ExerciseSpec s = e.spec();
            return new ExerciseView(e.id(), s.kind(), s.prompt(), s.options(), s.seconds(), s.points(), e.startedAt(),
                    e.deadline(), now);
        }
    }

    /**
     * {@code exercise.start} (lecturers, during a lesson, one at a time). {@code correct}: option
     * indices for single, multiple and truefalse; for text an optional list of accepted answers.
     * {@code options} may be left out for truefalse (then 对/错); {@code points} defaults to 10.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StartExerciseRequest(String requestId, ExerciseKind kind, String prompt, List<String> options,
                                       List<Object> correct, Integer seconds, Integer points) implements ClientMessage {
        public StartExerciseRequest {
            Fields.requestId(requestId);
            options = copyAllowingNulls(options);
            correct = copyAllowingNulls(correct);
            ExerciseSpec.of(kind, prompt, options, correct, seconds, points); // checks every field
        }

        /** The checked exercise this request describes. */
        public ExerciseSpec spec() {
            return ExerciseSpec.of(kind, prompt, options, correct, seconds, points);
        }
    }

    /** An unmodifiable copy that keeps null elements, so that the spec's check names them (List.copyOf throws). */
    private static <T> List<T> copyAllowingNulls(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** {@code exercise.start.ok}: once the start is durable. */
    public record StartExerciseResponse(String requestId, ExerciseView exercise) implements ServerMessage {
    }

    /** {@code exercise.started}: to everyone present, and to whoever joins while it runs. */
    public record ExerciseStartedEvent(ExerciseView exercise) implements ServerMessage {
    }

    /** {@code exercise.answer} (trainees, once): {@code choices} (option indices) or {@code text}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AnswerExerciseRequest(String requestId, String exerciseId, List<Integer> choices, String text)
            implements ClientMessage {
        public AnswerExerciseRequest {
            Fields.requestId(requestId);
            Fields.text(exerciseId, "exerciseId", 64);
            if ((choices == null) == (text == null)) {
                throw new IllegalArgumentException("give either choices or text");
            }
            if (choices != null) {
                if (choices.isEmpty() || choices.size() > ExerciseSpec.MAX_OPTIONS
                        || choices.stream().anyMatch(Objects::isNull)) {
                    throw new IllegalArgumentException("choices must hold 1-" + ExerciseSpec.MAX_OPTIONS
                            + " option indices");
                }
                if (choices.stream().anyMatch(i -> i < 0 || i >= ExerciseSpec.MAX_OPTIONS)) {
                    throw new IllegalArgumentException("choices[] must be option indices from 0 to "
                            + (ExerciseSpec.MAX_OPTIONS - 1));
                }
                choices = List.copyOf(choices);
            } else {
                Fields.text(text, "text", ExerciseSpec.MAX_TEXT);
            }
        }
    }

    /** {@code exercise.answer.ok}: the answer is durable; {@code acceptedAt} is server time. */
    public record AnswerExerciseResponse(String requestId, String exerciseId, Instant acceptedAt)
            implements ServerMessage {
    }

    /** {@code exercise.close} (lecturers): closes the running exercise before its deadline. */
    public record CloseExerciseRequest(String requestId, String exerciseId) implements ClientMessage {
        public CloseExerciseRequest {
            Fields.requestId(requestId);
            Fields.text(exerciseId, "exerciseId", 64);
        }
    }

    /** {@code exercise.close.ok}. */
    public record CloseExerciseResponse(String requestId, String exerciseId) implements ServerMessage {
    }

    /**
     * One trainee's answer as lecturers see it. {@code correct} is absent when the exercise is not
     * scored; {@code at} is server time.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AnswerView(UserId userId, String displayName, List<Integer> choices, String text, Boolean correct,
                             Instant at) {
        public static AnswerView of(Submission s) {
            return new AnswerView(s.userId(), s.displayName(), s.answer().choices(), s.answer().text(), s.correct(),
                    s.at());
        }
    }

    /**
     * {@code exercise.tally} (lecturers, at most every 500 ms while answers come in): {@code counts}
     * per option (empty for text), {@code expected} the trainees present or answered.
     */
    public record ExerciseTallyEvent(String exerciseId, int answered, int expected, List<Integer> counts,
                                     List<AnswerView> answers) implements ServerMessage {
    }

    /**
     * {@code exercise.closed} (everyone): the key ({@code correct}: option indices, or accepted
     * texts) and the class's figures; {@code correct} and {@code correctRate} are absent when the
     * exercise is not scored.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExerciseClosedEvent(String exerciseId, CloseReason reason, List<Object> correct, Double correctRate,
                                      int answered, int expected) implements ServerMessage {
        public static ExerciseClosedEvent of(Exercise e) {
            return new ExerciseClosedEvent(e.id(), e.closeReason(), e.spec().key(), e.correctRate(), e.answered(),
                    e.expectedAtClose());
        }
    }

    /** A trainee's own answer and mark; {@code correct} and {@code score} absent until the close or when not scored. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record YourAnswer(List<Integer> choices, String text, Boolean correct, Integer score) {
        public static YourAnswer of(Submission s, boolean marked) {
            return new YourAnswer(s.answer().choices(), s.answer().text(), marked ? s.correct() : null,
                    marked ? s.score() : null);
        }
    }

    /**
     * {@code exercise.result} (each trainee present at the close): {@code yours} is null if they did
     * not answer; {@code correctRate} is null when the exercise is not scored.
     */
    public record ExerciseResultEvent(String exerciseId, YourAnswer yours, Double correctRate)
            implements ServerMessage {
    }

    /** {@code exercise.list}: lecturers (and regulators) get every exercise of the class, trainees theirs. */
    public record ListExercisesRequest(String requestId) implements ClientMessage {
        public ListExercisesRequest {
            Fields.requestId(requestId);
        }
    }

    /**
     * One exercise with its results. {@code state} is running or closed. Lecturers get the key,
     * the figures and every answer; trainees get {@code yours} (marked once closed) and, once
     * closed, the key and the class's {@code correctRate}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExerciseSummary(String sessionId, ExerciseView exercise, String state, Instant closedAt,
                                  CloseReason reason, List<Object> correct, Double correctRate, Integer answered,
                                  Integer expected, List<AnswerView> answers, YourAnswer yours) {
    }

    /** {@code exercise.list.ok}: oldest first. */
    public record ListExercisesResponse(String requestId, List<ExerciseSummary> exercises) implements ServerMessage {
    }
}
