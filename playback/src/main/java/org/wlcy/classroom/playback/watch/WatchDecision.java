package org.wlcy.classroom.playback.watch;

import java.util.Map;

/**
 * One decision the watch rules took, for the class's trace ({@code TraceKind.PLAYBACK_PROGRESS} or
 * {@code VIDEO_QUESTION}). {@code data} values are strings, whole numbers or booleans; media times
 * are whole milliseconds.
 *
 * @param what credited | no-credit | seek-refused | completed | rewind | question-opened |
 *             question-right | question-wrong | question-late
 */
public record WatchDecision(String what, Map<String, Object> data) {
    public WatchDecision {
        data = Map.copyOf(data);
    }

    /** Whether it concerns an in-video question (traced as {@code playback.question}). */
    public boolean aboutQuestion() {
        return what.startsWith("question-");
    }

    static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }
}
