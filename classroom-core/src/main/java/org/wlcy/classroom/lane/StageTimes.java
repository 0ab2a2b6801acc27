package org.wlcy.classroom.lane;

import java.util.Objects;

/**
 * Where the time of a message goes, stage by stage ({@link Stage}). Like a logger, one sink for
 * the process: the gateway installs its metrics sink at start; until then (unit tests, tools)
 * recording is a no-op. Recording must be cheap and never block: it runs on event loops, lanes
 * and the trace writer.
 */
public final class StageTimes {
    /** Receives one stage's duration. */
    public interface Sink {
        void record(Stage stage, long nanos);
    }

    private static final Sink NONE = (stage, nanos) -> { };
    private static volatile Sink sink = NONE;

    private StageTimes() {
    }

    /** Sends every later measurement to {@code s}. */
    public static void install(Sink s) {
        sink = Objects.requireNonNull(s, "sink");
    }

    /** Back to recording nothing (tests that installed a sink). */
    public static void uninstall() {
        sink = NONE;
    }

    /** Records that {@code stage} took from {@code startNanos} ({@link System#nanoTime()}) until now. */
    public static void since(Stage stage, long startNanos) {
        Sink s = sink;
        if (s != NONE) {
            s.record(stage, System.nanoTime() - startNanos);
        }
    }

    /** Records a duration measured elsewhere. */
    public static void record(Stage stage, long nanos) {
        Sink s = sink;
        if (s != NONE) {
            s.record(stage, nanos);
        }
    }
}
