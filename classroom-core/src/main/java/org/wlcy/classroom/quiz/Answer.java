package org.wlcy.classroom.quiz;

import java.util.List;
import java.util.TreeSet;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * One trainee's answer, checked against the exercise's shape: the chosen option indices
 * (ascending, no repeats) or a text (trimmed). Exactly one of the two is set.
 */
public record Answer(List<Integer> choices, String text) {
    public Answer {
        if ((choices == null) == (text == null)) {
            throw new IllegalArgumentException("an answer is choices or text");
        }
        choices = choices == null ? null : List.copyOf(choices);
    }

    /**
     * The answer {@code spec} accepts, or {@link ErrorCode#INVALID_FIELD}: one option for single
     * and true-or-false, one or more different options for multiple, a text of 1-500 characters
     * for text.
     */
    public static Answer of(ExerciseSpec spec, List<Integer> choices, String text) {
        if (!spec.kind().hasOptions()) {
            if (text == null || text.isBlank() || choices != null) {
                throw invalid("answer a text exercise with text");
            }
            if (text.length() > ExerciseSpec.MAX_TEXT) {
                throw invalid("text is longer than " + ExerciseSpec.MAX_TEXT + " characters");
            }
            return new Answer(null, text.strip());
        }
        if (choices == null || choices.isEmpty() || text != null) {
            throw invalid("answer a " + spec.kind().wire() + " exercise with choices");
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (Integer c : choices) {
            if (c == null || c < 0 || c >= spec.options().size()) {
                throw invalid("choices[] must be option indices 0-" + (spec.options().size() - 1));
            }
            if (!set.add(c)) {
                throw invalid("choices[] lists option " + c + " twice");
            }
        }
        if (spec.kind() != ExerciseKind.MULTIPLE && set.size() != 1) {
            throw invalid("choose exactly one option");
        }
        return new Answer(List.copyOf(set), null);
    }

    /** The choices as the trace keeps them, e.g. {@code "0,2"}; null for a text answer. */
    public String choicesText() {
        return choices == null ? null : String.join(",", choices.stream().map(String::valueOf).toList());
    }

    private static ClassroomException invalid(String message) {
        return new ClassroomException(ErrorCode.INVALID_FIELD, message);
    }
}
