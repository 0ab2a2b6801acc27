package org.wlcy.classroom.protocol;

import java.time.Instant;
import java.util.List;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.ParticipantId;
import org.wlcy.classroom.participant.UserId;

/** Class presence: join, leave, and who is here. */
public final class ClassMessages {
    private ClassMessages() {
    }

    /**
     * {@code class.join}: take a presence in a class the token lists, or, with the
     * {@code resumeToken} of an earlier {@code class.join.ok}, take back that presence after a
     * dropped connection.
     */
    public record JoinClassRequest(String requestId, ClassroomId classroomId,
                                   @com.fasterxml.jackson.annotation.JsonInclude(
                                           com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                                   String resumeToken)
            implements ClientMessage {
        public JoinClassRequest {
            Fields.requestId(requestId);
            Fields.required(classroomId, "classroomId");
            if (resumeToken != null && (resumeToken.isEmpty() || resumeToken.length() > 64)) {
                throw new IllegalArgumentException("resumeToken must be 1-64 characters");
            }
        }

        public JoinClassRequest(String requestId, ClassroomId classroomId) {
            this(requestId, classroomId, null);
        }
    }

    /** The class as the protocol shows it. */
    public record ClassroomView(ClassroomId classroomId, String name, int maxTrainees, int maxLecturers) {
        public static ClassroomView of(Classroom c) {
            return new ClassroomView(c.id(), c.name(), c.maxTrainees(), c.maxLecturers());
        }
    }

    /**
     * {@code class.join.ok}: everything a page needs to draw the class. {@code resumeToken} (when
     * the server keeps presences of dropped connections) lets this page take the presence back;
     * {@code resumed} says this join did so: the page keeps its streams and subscriptions, and the
     * messages it missed follow this reply.
     */
    public record JoinClassResponse(String requestId, int protocolVersion, Instant serverTime,
                                    ClassroomView classroom, Participant you,
                                    SessionMessages.SessionView session,
                                    List<Participant> participants,
                                    List<MediaMessages.StreamView> streams,
                                    String resumeToken, boolean resumed) implements ServerMessage {
        public JoinClassResponse(String requestId, int protocolVersion, Instant serverTime, ClassroomView classroom,
                                 Participant you, SessionMessages.SessionView session, List<Participant> participants,
                                 List<MediaMessages.StreamView> streams) {
            this(requestId, protocolVersion, serverTime, classroom, you, session, participants, streams, null, false);
        }
    }

    /** {@code class.leave}. */
    public record LeaveClassRequest(String requestId) implements ClientMessage {
        public LeaveClassRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code class.leave.ok}. */
    public record LeaveClassResponse(String requestId) implements ServerMessage {
    }

    /** {@code participant.joined}. */
    public record ParticipantJoinedEvent(Participant participant) implements ServerMessage {
    }

    /** {@code participant.left}. */
    public record ParticipantLeftEvent(ParticipantId participantId, UserId userId, LeaveReason reason)
            implements ServerMessage {
    }

    /** {@code presence.replaced}: sent to the earlier connection before it is closed. */
    public record PresenceReplacedEvent(LeaveReason reason, String message) implements ServerMessage {
    }
}
