package org.wlcy.classroom.quiz;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a lecturer asks: the question, its options, the key and the time allowed. Checked once
 * when built ({@link IllegalArgumentException} names the field); immutable after.
 *
 * <p>Scoring: a right answer earns {@code points}, anything else 0. {@link ExerciseKind#MULTIPLE}
 * is <b>all-or-nothing</b>: the chosen set must equal the right set exactly (no partial credit,
 * so guessing every option earns nothing unless every option is right). A text answer is right
 * when, after trimming, Unicode NFKC normalisation (full-width letters and digits become
 * half-width) and case folding, it equals one of the accepted answers treated the same way;
 * without accepted answers a text exercise is not scored ({@link #mark} gives null).
 *
 * @param correct  the right option indices, ascending (empty for text)
 * @param accepted the accepted text answers as given, trimmed (empty: not auto-scored, or not text)
 */
public record ExerciseSpec(ExerciseKind kind, String prompt, List<String> options, List<Integer> correct,
                           List<String> accepted, int seconds, int points) {
    public static final int MAX_PROMPT = 500;
    public static final int MIN_OPTIONS = 2;
    public static final int MAX_OPTIONS = 8;
    public static final int MAX_OPTION = 100;
    public static final int MIN_SECONDS = 10;
    public static final int MAX_SECONDS = 3600;
    public static final int DEFAULT_POINTS = 10;
    public static final int MAX_POINTS = 100;
    public static final int MAX_ACCEPTED = 20;
    public static final int MAX_TEXT = 500;
    /** The options of a true-or-false exercise unless the lecturer gives others. */
    public static final List<String> TRUE_FALSE = List.of("对", "错");

    public ExerciseSpec {
        Objects.requireNonNull(kind, "kind");
        options = List.copyOf(options);
        correct = List.copyOf(correct);
        accepted = List.copyOf(accepted);
    }

    /**
     * Builds and checks a spec from what a request carries: {@code options} may be null for
     * true-or-false (then 对/错) and text; {@code correct} holds option indices (whole numbers), or
     * for text accepted answers (strings, optional); {@code points} null means 10.
     */
    public static ExerciseSpec of(ExerciseKind kind, String prompt, List<String> options, List<?> correct,
                                  Integer seconds, Integer points) {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt is required");
        }
        if (prompt.length() > MAX_PROMPT) {
            throw new IllegalArgumentException("prompt is longer than " + MAX_PROMPT + " characters");
        }
        if (seconds == null || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("seconds must be " + MIN_SECONDS + "-" + MAX_SECONDS);
        }
        int pts = points == null ? DEFAULT_POINTS : points;
        if (pts < 0 || pts > MAX_POINTS) {
            throw new IllegalArgumentException("points must be 0-" + MAX_POINTS);
        }
        List<String> opts = options(kind, options);
        List<Integer> right = List.of();
        List<String> texts = List.of();
        if (kind.hasOptions()) {
            right = indices(kind, correct, opts.size());
        } else {
            texts = accepted(correct);
        }
        return new ExerciseSpec(kind, prompt.strip(), opts, right, texts, seconds, pts);
    }

    private static List<String> options(ExerciseKind kind, List<String> options) {
        if (kind == ExerciseKind.TEXT) {
            if (options != null && !options.isEmpty()) {
                throw new IllegalArgumentException("options: a text exercise has none");
            }
            return List.of();
        }
        if (options == null && kind == ExerciseKind.TRUEFALSE) {
            return TRUE_FALSE;
        }
        if (options == null) {
            throw new IllegalArgumentException("options are required");
        }
        int min = kind == ExerciseKind.TRUEFALSE ? 2 : MIN_OPTIONS;
        int max = kind == ExerciseKind.TRUEFALSE ? 2 : MAX_OPTIONS;
        if (options.size() < min || options.size() > max) {
            throw new IllegalArgumentException(kind == ExerciseKind.TRUEFALSE
                    ? "options: a true-or-false exercise has exactly 2"
                    : "options must hold " + MIN_OPTIONS + "-" + MAX_OPTIONS + " entries");
        }
        List<String> out = new ArrayList<>(options.size());
        for (String o : options) {
            if (o == null || o.isBlank() || o.length() > MAX_OPTION) {
                throw new IllegalArgumentException("options[] must be 1-" + MAX_OPTION + " characters");
            }
            out.add(o.strip());
        }
        return out;
    }

    private static List<Integer> indices(ExerciseKind kind, List<?> correct, int optionCount) {
        if (correct == null || correct.isEmpty()) {
            throw new IllegalArgumentException("correct: give the index of the right option"
                    + (kind == ExerciseKind.MULTIPLE ? "s" : ""));
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (Object o : correct) {
            if (!(o instanceof Integer i) || i < 0 || i >= optionCount) {
                throw new IllegalArgumentException("correct[] must be option indices 0-" + (optionCount - 1));
            }
            if (!set.add(i)) {
                throw new IllegalArgumentException("correct[] lists option " + i + " twice");
            }
        }
        if (kind != ExerciseKind.MULTIPLE && set.size() != 1) {
            throw new IllegalArgumentException("correct: a " + kind.wire() + " exercise has exactly one right option");
        }
        return List.copyOf(set);
    }

    private static List<String> accepted(List<?> correct) {
        if (correct == null) {
            return List.of();
        }
        if (correct.size() > MAX_ACCEPTED) {
            throw new IllegalArgumentException("correct: at most " + MAX_ACCEPTED + " accepted answers");
        }
        List<String> out = new ArrayList<>();
        for (Object o : correct) {
            if (!(o instanceof String s) || s.isBlank() || s.length() > MAX_TEXT) {
                throw new IllegalArgumentException("correct[] of a text exercise must be accepted answers of 1-"
                        + MAX_TEXT + " characters");
            }
            out.add(s.strip());
        }
        return out;
    }

    /** Whether answers are checked automatically (all but text without accepted answers). */
    public boolean scored() {
        return kind.hasOptions() || !accepted.isEmpty();
    }

    /** The key as the protocol shows it: option indices, or accepted texts; null if not scored. */
    public List<Object> key() {
        if (!scored()) {
            return null;
        }
        return kind.hasOptions() ? List.copyOf(correct) : List.copyOf(accepted);
    }

    /** Whether {@code answer} is right; null when this exercise is not scored. */
    public Boolean mark(Answer answer) {
        if (!scored()) {
            return null;
        }
        if (kind.hasOptions()) {
            return answer.choices().equals(correct);
        }
        String given = fold(answer.text());
        return accepted.stream().anyMatch(a -> fold(a).equals(given));
    }

    /** The score of a mark: {@code points} if right, 0 if wrong, null if not scored. */
    public Integer score(Boolean right) {
        return right == null ? null : right ? points : 0;
    }

    /** Trimming, NFKC (full-width to half-width) and case folding, for comparing text answers. */
    static String fold(String s) {
        String n = Normalizer.normalize(s.strip(), Normalizer.Form.NFKC);
        return n.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
