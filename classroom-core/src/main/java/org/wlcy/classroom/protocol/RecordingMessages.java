package org.wlcy.classroom.protocol;

import java.time.Instant;
import org.wlcy.classroom.participant.UserId;

/**
 * Recording a live lesson for its replay (直播回放, Art. 25; issue D): lecturers start and stop it,
 * everyone in the class is told (trainees must know they are recorded). Only lecturers' cameras,
 * microphones and screen shares are recorded.
 */
public final class RecordingMessages {
    private RecordingMessages() {
    }

    /** {@code recording.start} (lecturers, during a live lesson). */
    public record StartRecordingRequest(String requestId) implements ClientMessage {
        public StartRecordingRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code recording.start.ok}: the replay's catalogue id and the server time that is its media time 0. */
    public record StartRecordingResponse(String requestId, String videoId, Instant since) implements ServerMessage {
    }

    /** {@code recording.stop} (lecturers). */
    public record StopRecordingRequest(String requestId) implements ClientMessage {
        public StopRecordingRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code recording.stop.ok}: the replay that is now queued for processing. */
    public record StopRecordingResponse(String requestId, String videoId) implements ServerMessage {
    }

    /**
     * {@code recording.state}: to everyone in the class when a recording starts or stops, and to
     * someone who joins while one runs. {@code since} is the start (null once stopped); {@code by}
     * who started or stopped it (null when the lesson's end stopped it).
     */
    public record RecordingStateEvent(boolean recording, String videoId, Instant since, UserId by)
            implements ServerMessage {
    }
}
