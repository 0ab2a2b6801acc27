package org.wlcy.classroom.playback.watch;

import java.time.Instant;
import java.util.List;

/**
 * What the server answers one heartbeat with.
 *
 * @param creditedS          seconds newly credited by this heartbeat
 * @param coverage           credited share of the video, 0..1
 * @param furthestS          furthest point reached by plausible playback
 * @param completed          coverage has reached {@code completionPercent} (sticky)
 * @param allowedMaxPosition how far the trainee may seek ({@code null} when seeking ahead is allowed)
 * @param refused            {@code "seek-ahead"} when the position was refused (snap back to
 *                           {@code allowedMaxPosition}), else {@code null}
 * @param noCredit           why the span since the last heartbeat earned nothing, or {@code null}
 * @param due                the in-video question that is due now (playback must pause), or {@code null}
 * @param dueDeadline        its deadline (server clock)
 * @param ignored            an old or repeated heartbeat ({@code seq} not above the last one): nothing changed
 * @param decisions          what to write to the trace
 */
public record HeartbeatResult(double creditedS, double coverage, double furthestS, boolean completed,
                              Double allowedMaxPosition, String refused, NoCreditReason noCredit, VideoQuestion due,
                              Instant dueDeadline, boolean ignored, List<WatchDecision> decisions) {
    public HeartbeatResult {
        decisions = List.copyOf(decisions);
    }
}
