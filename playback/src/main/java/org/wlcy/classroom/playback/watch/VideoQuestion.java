package org.wlcy.classroom.playback.watch;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A question a lecturer placed at a moment of a video (限时答题): playback pauses there and the
 * trainee has {@code limitSeconds} (server clock) to answer.
 *
 * @param id           unique within the video
 * @param atS          media time, seconds
 * @param prompt       the question
 * @param options      2..8 choices
 * @param correct      indexes of the right choices (one or more); a right answer names exactly these
 * @param limitSeconds 5..600
 */
public record VideoQuestion(String id, double atS, String prompt, List<String> options, List<Integer> correct,
                            int limitSeconds) {
    public static final int MAX_PROMPT = 500;
    public static final int MAX_OPTION = 200;

    public VideoQuestion {
        Objects.requireNonNull(id, "id");
        if (!Double.isFinite(atS) || atS < 0) {
            throw new IllegalArgumentException("atS must be a time >= 0 in seconds");
        }
        if (prompt == null || prompt.isBlank() || prompt.length() > MAX_PROMPT) {
            throw new IllegalArgumentException("prompt must be 1-" + MAX_PROMPT + " characters");
        }
        if (options == null || options.size() < 2 || options.size() > 8
                || options.stream().anyMatch(o -> o == null || o.isBlank() || o.length() > MAX_OPTION)) {
            throw new IllegalArgumentException("options must be 2-8 non-empty texts of at most " + MAX_OPTION);
        }
        int n = options.size();
        if (correct == null || correct.isEmpty()
                || correct.stream().anyMatch(c -> c == null || c < 0 || c >= n)
                || Set.copyOf(correct).size() != correct.size()) {
            throw new IllegalArgumentException("correct must list distinct option indexes (at least one)");
        }
        if (limitSeconds < 5 || limitSeconds > 600) {
            throw new IllegalArgumentException("limitSeconds must be 5..600");
        }
        options = List.copyOf(options);
        correct = List.copyOf(new TreeSet<>(correct));
    }

    /** Whether {@code choices} names exactly the right options. */
    public boolean isRight(List<Integer> choices) {
        return choices != null && new TreeSet<>(choices).equals(new TreeSet<>(correct));
    }

    /** More than one right option (the page shows checkboxes). */
    public boolean multiple() {
        return correct.size() > 1;
    }
}
