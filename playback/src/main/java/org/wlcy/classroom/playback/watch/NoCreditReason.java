package org.wlcy.classroom.playback.watch;

import java.util.Locale;

/** Why a span of playback between two heartbeats earned no credit (wire names kebab case). */
public enum NoCreditReason {
    /** The tab was hidden or lost focus. */
    HIDDEN,
    /** The reported playback rate was over {@code playback.maxRatePercent}. */
    RATE_OVER_CAP,
    /** The media advanced faster than the wall clock allows at the rate cap. */
    TOO_FAST,
    /** Heartbeats were missing (more than twice {@code playback.heartbeatSeconds} apart). */
    GAP,
    /** The span lies beyond an in-video question that is due and not yet answered. */
    QUESTION_DUE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
