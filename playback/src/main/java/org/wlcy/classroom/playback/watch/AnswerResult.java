package org.wlcy.classroom.playback.watch;

import java.util.List;

/**
 * What became of an answer to an in-video question.
 *
 * @param late               sent after the deadline: refused (217) and recorded
 * @param right              in time and right
 * @param rewindTo           where playback must go back to (segment start), or {@code null} to continue
 * @param allowedMaxPosition how far the trainee may seek now ({@code null} when seeking ahead is allowed)
 * @param decisions          what to write to the trace
 */
public record AnswerResult(boolean late, boolean right, Double rewindTo, Double allowedMaxPosition,
                           List<WatchDecision> decisions) {
    public AnswerResult {
        decisions = List.copyOf(decisions);
    }
}
