package org.wlcy.classroom.protocol;

import java.time.Instant;
import org.wlcy.classroom.participant.UserId;

/**
 * Raising hands and speaking turns: a trainee raises a hand, a lecturer invites them to speak, and
 * while the turn lasts the trainee may publish a camera that everyone sees and hears.
 */
public final class SpeakMessages {
    private SpeakMessages() {
    }

    /** A speaking turn that has started. */
    public record TurnView(String turnId, UserId userId, String displayName, Instant startedAt) {
    }

    /** {@code hand.raise} (trainees): {@code raised} true raises, false lowers. */
    public record RaiseHandRequest(String requestId, Boolean raised) implements ClientMessage {
        public RaiseHandRequest {
            Fields.requestId(requestId);
            Fields.required(raised, "raised");
        }
    }

    /** {@code hand.raise.ok}. */
    public record RaiseHandResponse(String requestId, boolean raised) implements ServerMessage {
    }

    /** {@code hand.changed}, to the lecturers and the trainee. */
    public record HandChangedEvent(UserId userId, String displayName, boolean raised) implements ServerMessage {
    }

    /** {@code speak.invite} (lecturers): invite a trainee present to speak. */
    public record InviteSpeakerRequest(String requestId, UserId userId) implements ClientMessage {
        public InviteSpeakerRequest {
            Fields.requestId(requestId);
            Fields.required(userId, "userId");
        }
    }

    /** {@code speak.invite.ok}. */
    public record InviteSpeakerResponse(String requestId, String turnId) implements ServerMessage {
    }

    /** {@code speak.invited}, to the invited trainee. */
    public record SpeakInvitedEvent(String turnId, UserId by) implements ServerMessage {
    }

    /** {@code speak.accept} (the invited trainee). */
    public record AcceptTurnRequest(String requestId, String turnId) implements ClientMessage {
        public AcceptTurnRequest {
            Fields.requestId(requestId);
            Fields.text(turnId, "turnId", 64);
        }
    }

    /** {@code speak.accept.ok}. */
    public record AcceptTurnResponse(String requestId, TurnView turn) implements ServerMessage {
    }

    /** {@code speak.started}, to everyone. */
    public record TurnStartedEvent(TurnView turn) implements ServerMessage {
    }

    /** {@code speak.end} (the speaker, or a lecturer): ends a turn, or declines / withdraws an invitation. */
    public record EndTurnRequest(String requestId, String turnId) implements ClientMessage {
        public EndTurnRequest {
            Fields.requestId(requestId);
            Fields.text(turnId, "turnId", 64);
        }
    }

    /** {@code speak.end.ok}. */
    public record EndTurnResponse(String requestId) implements ServerMessage {
    }

    /**
     * {@code speak.ended}, to everyone (for an invitation that never started: to the lecturers and
     * the trainee). {@code reason}: {@code ended}, {@code declined}, {@code withdrawn}, {@code left},
     * {@code breakout}, {@code lesson-ended}.
     */
    public record TurnEndedEvent(String turnId, UserId userId, UserId endedBy, String reason) implements ServerMessage {
    }
}
