package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.participant.ParticipantId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.stream.StreamId;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.stream.SubscriptionId;

/** Media negotiation: publish, subscribe, answer, trickle, and media-server state. */
public final class MediaMessages {
    /** Highest m-line index a candidate may name (a browser's offer has a handful). */
    public static final int MAX_MLINE_INDEX = 255;
    private MediaMessages() {
    }

    /**
     * A published stream as the protocol shows it. {@code groupId} is the breakout group whose room
     * the stream is in, or null for the main room; a stream is announced to (and may be received
     * by) exactly those who are in or visiting its room (and {@code proctor} streams only by
     * lecturers).
     */
    public record StreamView(StreamId streamId, ParticipantId participantId, UserId userId,
                             String displayName, StreamKind kind, GroupId groupId) {

        /** A stream of the main room. */
        public StreamView(StreamId streamId, ParticipantId participantId, UserId userId, String displayName,
                          StreamKind kind) {
            this(streamId, participantId, userId, displayName, kind, null);
        }
    }

    /**
     * {@code media.publish}: {@code sdp} is the browser's offer. {@code groupId} (optional) names
     * the room: a lecturer publishes into the group they visit with it; without it a stream goes
     * into the publisher's own room (a trainee's group, else the main room).
     */
    public record PublishRequest(String requestId, StreamKind kind, String sdp,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) GroupId groupId)
            implements ClientMessage {
        public PublishRequest {
            Fields.requestId(requestId);
            Fields.required(kind, "kind");
            Fields.text(sdp, "sdp", Fields.MAX_SDP);
        }

        /** A publication into the publisher's own room. */
        public PublishRequest(String requestId, StreamKind kind, String sdp) {
            this(requestId, kind, sdp, null);
        }
    }

    /** {@code media.publish.ok}: {@code sdp} is the media server's answer. */
    public record PublishResponse(String requestId, StreamId streamId, String sdp) implements ServerMessage {
    }

    /** {@code media.unpublish}. */
    public record UnpublishRequest(String requestId, StreamId streamId) implements ClientMessage {
        public UnpublishRequest {
            Fields.requestId(requestId);
            Fields.required(streamId, "streamId");
        }
    }

    /** {@code media.unpublish.ok}. */
    public record UnpublishResponse(String requestId) implements ServerMessage {
    }

    /** {@code media.subscribe}. */
    public record SubscribeRequest(String requestId, StreamId streamId) implements ClientMessage {
        public SubscribeRequest {
            Fields.requestId(requestId);
            Fields.required(streamId, "streamId");
        }
    }

    /** {@code media.subscribe.ok}: {@code sdp} is the media server's offer. */
    public record SubscribeResponse(String requestId, SubscriptionId subscriptionId, StreamId streamId,
                                    String sdp) implements ServerMessage {
    }

    /** {@code media.answer}: the browser's answer to a subscription's offer. */
    public record AnswerRequest(String requestId, SubscriptionId subscriptionId, String sdp)
            implements ClientMessage {
        public AnswerRequest {
            Fields.requestId(requestId);
            Fields.required(subscriptionId, "subscriptionId");
            Fields.text(sdp, "sdp", Fields.MAX_SDP);
        }
    }

    /** {@code media.answer.ok}. */
    public record AnswerResponse(String requestId) implements ServerMessage {
    }

    /** {@code media.unsubscribe}. */
    public record UnsubscribeRequest(String requestId, SubscriptionId subscriptionId) implements ClientMessage {
        public UnsubscribeRequest {
            Fields.requestId(requestId);
            Fields.required(subscriptionId, "subscriptionId");
        }
    }

    /** {@code media.unsubscribe.ok}. */
    public record UnsubscribeResponse(String requestId) implements ServerMessage {
    }

    /**
     * {@code media.trickle} from the browser: {@code target} is one of the caller's stream ids or
     * subscription ids; a {@code null} candidate ends the candidates.
     */
    public record TrickleRequest(String requestId, String target, IceCandidate candidate)
            implements ClientMessage {
        public TrickleRequest {
            Fields.requestId(requestId);
            Fields.text(target, "target", 64);
            if (candidate != null) {
                Fields.optionalText(candidate.candidate(), "candidate", 1024);
                Fields.optionalText(candidate.sdpMid(), "candidate.sdpMid", 256);
                if (candidate.sdpMLineIndex() != null) {
                    Fields.wholeNumber(candidate.sdpMLineIndex(), "candidate.sdpMLineIndex", 0, MAX_MLINE_INDEX);
                }
            }
        }
    }

    /** {@code media.trickle.ok}. */
    public record TrickleResponse(String requestId) implements ServerMessage {
    }

    /** {@code media.trickle} from the server: one of the media server's candidates. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TrickleEvent(String target, IceCandidate candidate) implements ServerMessage {
    }

    /** {@code stream.published}. */
    public record StreamPublishedEvent(StreamView stream) implements ServerMessage {
    }

    /** {@code stream.unpublished}. */
    public record StreamUnpublishedEvent(StreamId streamId, ParticipantId participantId, LeaveReason reason)
            implements ServerMessage {
    }

    /** {@code media.state}: {@code connected}, or {@code hangup} with a reason. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediaStateEvent(String target, String state, String reason) implements ServerMessage {
        public static MediaStateEvent connected(String target) {
            return new MediaStateEvent(target, "connected", null);
        }

        public static MediaStateEvent hangup(String target, String reason) {
            return new MediaStateEvent(target, "hangup", reason);
        }
    }

    /** {@code media.lost}: the media server went away; every stream is gone. */
    public record MediaLostEvent(String reason) implements ServerMessage {
    }

    /** {@code media.restored}: the media server is back; publish again. */
    public record MediaRestoredEvent() implements ServerMessage {
    }
}
