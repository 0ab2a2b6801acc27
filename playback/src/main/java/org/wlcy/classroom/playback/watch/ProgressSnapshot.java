package org.wlcy.classroom.playback.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One trainee's progress on one video as persisted ({@code watch/<user>.json} in the video's folder).
 *
 * @param spans      credited spans, merged
 * @param furthestS  furthest point reached by plausible playback
 * @param frontierS  how far the trainee may seek (lowered by a rewind)
 * @param completed  completion reached
 * @param completedAt when
 * @param lastSeq    the last heartbeat's seq, or -1
 * @param lastPosition the last heartbeat's position
 * @param lastAt     the last heartbeat's server time, or {@code null}
 * @param lastPlaying whether it was playing
 * @param lastVisible whether the page was visible
 * @param questions  per question id: its status and (when open) deadline
 */
public record ProgressSnapshot(List<WatchedIntervals.Span> spans, double furthestS, double frontierS,
                               boolean completed, Instant completedAt, long lastSeq, double lastPosition,
                               Instant lastAt, boolean lastPlaying, boolean lastVisible,
                               Map<String, QuestionMark> questions) {
    /** A question's status for one trainee. */
    public record QuestionMark(QuestionStatus status, Instant deadline) {
    }

    public ProgressSnapshot {
        spans = spans == null ? List.of() : List.copyOf(spans);
        questions = questions == null ? Map.of() : Map.copyOf(questions);
    }
}
