package org.wlcy.classroom.playback.watch;

/**
 * The server-enforced rules of watching a catalogue video (Art. 25; config {@code playback.*},
 * listed in plain words on the watch page and in {@code docs/playback.md}).
 *
 * @param maxRatePercent      the fastest playback rate that earns credit ({@code playback.maxRatePercent})
 * @param allowSeekAhead      whether a trainee may seek past the furthest point watched ({@code playback.allowSeekAhead})
 * @param completionPercent   credited coverage that completes a video ({@code playback.completionPercent})
 * @param heartbeatSeconds    how often the page reports; a gap over twice this earns no credit
 *                            ({@code playback.heartbeatSeconds})
 * @param rewindOnWrongAnswer a wrong or missed in-video question sends the trainee back to the start
 *                            of its segment ({@code playback.rewindOnWrongAnswer})
 */
public record WatchRules(int maxRatePercent, boolean allowSeekAhead, int completionPercent, int heartbeatSeconds,
                         boolean rewindOnWrongAnswer) {
    /** Slack on the media advance between two heartbeats (timer jitter, buffering), in seconds. */
    public static final double TOLERANCE_S = 1.0;

    public WatchRules {
        if (maxRatePercent < 100 || completionPercent < 1 || completionPercent > 100 || heartbeatSeconds < 1) {
            throw new IllegalArgumentException("maxRatePercent >= 100, completionPercent 1..100, heartbeatSeconds >= 1");
        }
    }

    /** The rate cap as a factor (1.5 for 150 %). */
    public double maxRate() {
        return maxRatePercent / 100.0;
    }

    /** The longest wall time between heartbeats that can still earn credit. */
    public double maxGapSeconds() {
        return 2.0 * heartbeatSeconds;
    }
}
