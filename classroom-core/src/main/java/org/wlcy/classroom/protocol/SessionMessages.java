package org.wlcy.classroom.protocol;

import java.time.Instant;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.session.ClassSession;

/** The lesson (class session): start and end. */
public final class SessionMessages {
    private SessionMessages() {
    }

    /** A lesson as the protocol shows it; {@code state} is {@code live} or {@code ended}. */
    public record SessionView(String sessionId, ClassroomId classroomId, String state, Instant startedAt,
                              UserId startedBy, Instant endedAt) {
        public static SessionView of(ClassSession s) {
            return s == null ? null : new SessionView(s.id().value(), s.classroomId(),
                    s.isLive() ? "live" : "ended", s.startedAt(), s.startedBy(), s.endedAt());
        }
    }

    /** {@code session.start} (lecturers). */
    public record StartSessionRequest(String requestId) implements ClientMessage {
        public StartSessionRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code session.start.ok}. */
    public record StartSessionResponse(String requestId, SessionView session) implements ServerMessage {
    }

    /** {@code session.end} (lecturers). */
    public record EndSessionRequest(String requestId) implements ClientMessage {
        public EndSessionRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code session.end.ok}. */
    public record EndSessionResponse(String requestId, SessionView session) implements ServerMessage {
    }

    /** {@code session.started}. */
    public record SessionStartedEvent(SessionView session) implements ServerMessage {
    }

    /** {@code session.ended}. */
    public record SessionEndedEvent(SessionView session, UserId endedBy) implements ServerMessage {
    }
}
