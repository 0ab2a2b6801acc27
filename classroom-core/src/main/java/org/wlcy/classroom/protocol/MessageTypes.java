package org.wlcy.classroom.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one registry of wire names. Every record under {@link ClientMessage} and
 * {@link ServerMessage} is named here and nowhere else; a test checks that the sealed hierarchies
 * and this table agree.
 */
public final class MessageTypes {
    /** The protocol version this server speaks. */
    public static final int PROTOCOL_VERSION = 1;

    private static final Map<String, Class<? extends ClientMessage>> CLIENT = new LinkedHashMap<>();
    private static final Map<String, Class<? extends ServerMessage>> SERVER = new LinkedHashMap<>();

    static {
        request("class.join", ClassMessages.JoinClassRequest.class, ClassMessages.JoinClassResponse.class);
        request("class.leave", ClassMessages.LeaveClassRequest.class, ClassMessages.LeaveClassResponse.class);
        request("session.start", SessionMessages.StartSessionRequest.class,
                SessionMessages.StartSessionResponse.class);
        request("session.end", SessionMessages.EndSessionRequest.class, SessionMessages.EndSessionResponse.class);
        request("media.publish", MediaMessages.PublishRequest.class, MediaMessages.PublishResponse.class);
        request("media.unpublish", MediaMessages.UnpublishRequest.class, MediaMessages.UnpublishResponse.class);
        request("media.subscribe", MediaMessages.SubscribeRequest.class, MediaMessages.SubscribeResponse.class);
        request("media.answer", MediaMessages.AnswerRequest.class, MediaMessages.AnswerResponse.class);
        request("media.unsubscribe", MediaMessages.UnsubscribeRequest.class,
                MediaMessages.UnsubscribeResponse.class);
        request("media.trickle", MediaMessages.TrickleRequest.class, MediaMessages.TrickleResponse.class);
        request("ping", PingMessages.PingRequest.class, PingMessages.PingResponse.class);
        request("trace.append", TraceMessages.AppendTraceRequest.class, TraceMessages.AppendTraceResponse.class);
        request("proctor.consent", ProctorMessages.ConsentRequest.class, ProctorMessages.ConsentResponse.class);
        request("attendance.signin", AttendanceMessages.SignInRequest.class, AttendanceMessages.SignInResponse.class);
        request("attendance.rollcall", AttendanceMessages.RollCallRequest.class,
                AttendanceMessages.RollCallResponse.class);
        request("leave.request", AttendanceMessages.RequestLeaveRequest.class,
                AttendanceMessages.RequestLeaveResponse.class);
        request("leave.decide", AttendanceMessages.DecideLeaveRequest.class,
                AttendanceMessages.DecideLeaveResponse.class);
        request("leave.list", AttendanceMessages.ListLeavesRequest.class,
                AttendanceMessages.ListLeavesResponse.class);
        request("qa.ask", QaMessages.AskQuestionRequest.class, QaMessages.AskQuestionResponse.class);
        request("qa.vote", QaMessages.VoteQuestionRequest.class, QaMessages.VoteQuestionResponse.class);
        request("qa.mark", QaMessages.MarkQuestionRequest.class, QaMessages.MarkQuestionResponse.class);
        request("qa.list", QaMessages.ListQuestionsRequest.class, QaMessages.ListQuestionsResponse.class);
        request("exercise.start", ExerciseMessages.StartExerciseRequest.class,
                ExerciseMessages.StartExerciseResponse.class);
        request("exercise.answer", ExerciseMessages.AnswerExerciseRequest.class,
                ExerciseMessages.AnswerExerciseResponse.class);
        request("exercise.close", ExerciseMessages.CloseExerciseRequest.class,
                ExerciseMessages.CloseExerciseResponse.class);
        request("exercise.list", ExerciseMessages.ListExercisesRequest.class,
                ExerciseMessages.ListExercisesResponse.class);
        request("breakout.start", BreakoutMessages.StartBreakoutRequest.class,
                BreakoutMessages.StartBreakoutResponse.class);
        request("breakout.extend", BreakoutMessages.ExtendBreakoutRequest.class,
                BreakoutMessages.ExtendBreakoutResponse.class);
        request("breakout.broadcast", BreakoutMessages.BroadcastRequest.class,
                BreakoutMessages.BroadcastResponse.class);
        request("breakout.visit", BreakoutMessages.VisitGroupRequest.class, BreakoutMessages.VisitGroupResponse.class);
        request("breakout.move", BreakoutMessages.MoveToGroupRequest.class,
                BreakoutMessages.MoveToGroupResponse.class);
        request("breakout.notes", BreakoutMessages.SaveNotesRequest.class, BreakoutMessages.SaveNotesResponse.class);
        request("breakout.recall", BreakoutMessages.RecallBreakoutRequest.class,
                BreakoutMessages.RecallBreakoutResponse.class);
        request("hand.raise", SpeakMessages.RaiseHandRequest.class, SpeakMessages.RaiseHandResponse.class);
        request("speak.invite", SpeakMessages.InviteSpeakerRequest.class, SpeakMessages.InviteSpeakerResponse.class);
        request("speak.accept", SpeakMessages.AcceptTurnRequest.class, SpeakMessages.AcceptTurnResponse.class);
        request("speak.end", SpeakMessages.EndTurnRequest.class, SpeakMessages.EndTurnResponse.class);
        request("chat.send", ChatMessages.SendChatRequest.class, ChatMessages.SendChatResponse.class);
        request("chat.delete", ChatMessages.DeleteChatMessageRequest.class,
                ChatMessages.DeleteChatMessageResponse.class);
        request("chat.mute", ChatMessages.MuteChatRequest.class, ChatMessages.MuteChatResponse.class);
        request("danmaku.send", DanmakuMessages.SendDanmakuRequest.class, DanmakuMessages.SendDanmakuResponse.class);
        request("danmaku.toggle", DanmakuMessages.ToggleDanmakuRequest.class,
                DanmakuMessages.ToggleDanmakuResponse.class);
        request("danmaku.list", DanmakuMessages.ListDanmakuRequest.class, DanmakuMessages.ListDanmakuResponse.class);
        request("like.send", LikeMessages.SendLikeRequest.class, LikeMessages.SendLikeResponse.class);
        request("recording.start", RecordingMessages.StartRecordingRequest.class,
                RecordingMessages.StartRecordingResponse.class);
        request("recording.stop", RecordingMessages.StopRecordingRequest.class,
                RecordingMessages.StopRecordingResponse.class);
        // issue I: the practice live room (模拟直播电商, docs/adr/0025)
        request("commerce.room.open", CommerceMessages.OpenRoomRequest.class, CommerceMessages.OpenRoomResponse.class);
        request("commerce.room.close", CommerceMessages.CloseRoomRequest.class,
                CommerceMessages.CloseRoomResponse.class);
        request("commerce.host.set", CommerceMessages.SetHostRequest.class, CommerceMessages.SetHostResponse.class);
        request("commerce.product.put", CommerceMessages.PutProductRequest.class,
                CommerceMessages.PutProductResponse.class);
        request("commerce.product.remove", CommerceMessages.RemoveProductRequest.class,
                CommerceMessages.RemoveProductResponse.class);
        request("commerce.product.pin", CommerceMessages.PinProductRequest.class,
                CommerceMessages.PinProductResponse.class);
        request("commerce.flash.start", CommerceMessages.StartFlashRequest.class,
                CommerceMessages.StartFlashResponse.class);
        request("commerce.order.place", CommerceMessages.PlaceOrderRequest.class,
                CommerceMessages.PlaceOrderResponse.class);

        event("error", ErrorResponse.class);
        event("participant.joined", ClassMessages.ParticipantJoinedEvent.class);
        event("participant.left", ClassMessages.ParticipantLeftEvent.class);
        event("presence.replaced", ClassMessages.PresenceReplacedEvent.class);
        event("session.started", SessionMessages.SessionStartedEvent.class);
        event("session.ended", SessionMessages.SessionEndedEvent.class);
        event("media.trickle", MediaMessages.TrickleEvent.class);
        event("stream.published", MediaMessages.StreamPublishedEvent.class);
        event("stream.unpublished", MediaMessages.StreamUnpublishedEvent.class);
        event("media.state", MediaMessages.MediaStateEvent.class);
        event("media.lost", MediaMessages.MediaLostEvent.class);
        event("media.restored", MediaMessages.MediaRestoredEvent.class);
        event("proctor.warning", ProctorMessages.ProctorWarningEvent.class);
        event("proctor.state", ProctorMessages.ProctorStateEvent.class);
        event("leave.changed", AttendanceMessages.LeaveChangedEvent.class);
        event("qa.question", QaMessages.QuestionChangedEvent.class);
        event("exercise.started", ExerciseMessages.ExerciseStartedEvent.class);
        event("exercise.tally", ExerciseMessages.ExerciseTallyEvent.class);
        event("exercise.closed", ExerciseMessages.ExerciseClosedEvent.class);
        event("exercise.result", ExerciseMessages.ExerciseResultEvent.class);
        event("breakout.started", BreakoutMessages.BreakoutStartedEvent.class);
        event("breakout.updated", BreakoutMessages.BreakoutUpdatedEvent.class);
        event("breakout.ending", BreakoutMessages.BreakoutEndingEvent.class);
        event("breakout.broadcast", BreakoutMessages.BroadcastEvent.class);
        event("breakout.notes", BreakoutMessages.NotesSavedEvent.class);
        event("breakout.ended", BreakoutMessages.BreakoutEndedEvent.class);
        event("hand.changed", SpeakMessages.HandChangedEvent.class);
        event("speak.invited", SpeakMessages.SpeakInvitedEvent.class);
        event("speak.started", SpeakMessages.TurnStartedEvent.class);
        event("speak.ended", SpeakMessages.TurnEndedEvent.class);
        event("chat.message", ChatMessages.ChatMessagePostedEvent.class);
        event("chat.deleted", ChatMessages.ChatMessageDeletedEvent.class);
        event("chat.muted", ChatMessages.ChatMutedEvent.class);
        event("chat.history", ChatMessages.ChatHistoryEvent.class);
        event("danmaku.shown", DanmakuMessages.DanmakuShownEvent.class);
        event("danmaku.toggled", DanmakuMessages.DanmakuToggledEvent.class);
        event("likes.updated", LikeMessages.LikesUpdatedEvent.class);
        event("recording.state", RecordingMessages.RecordingStateEvent.class);
        event("form.opened", FormMessages.FormOpenedEvent.class);
        event("commerce.room.state", CommerceMessages.RoomStateEvent.class); // issue I
        event("commerce.room.closed", CommerceMessages.RoomClosedEvent.class);
        event("commerce.room.left", CommerceMessages.RoomLeftEvent.class);
        event("commerce.stats", CommerceMessages.StatsEvent.class);
        event("commerce.product.changed", CommerceMessages.ProductChangedEvent.class);
        event("commerce.product.removed", CommerceMessages.ProductRemovedEvent.class);
        event("commerce.product.pinned", CommerceMessages.ProductPinnedEvent.class);
        event("commerce.flash.started", CommerceMessages.FlashStartedEvent.class);
        event("commerce.flash.ended", CommerceMessages.FlashEndedEvent.class);
    }

    private MessageTypes() {
    }

    private static void request(String name, Class<? extends ClientMessage> request,
                                Class<? extends ServerMessage> response) {
        CLIENT.put(name, request);
        SERVER.put(name + ".ok", response);
    }

    private static void event(String name, Class<? extends ServerMessage> type) {
        SERVER.put(name, type);
    }

    /** Whether {@code type} names a request (the decoder asks for every frame: no copy). */
    public static boolean isRequest(String type) {
        return CLIENT.containsKey(type); // filled once by the static initialiser, read-only after
    }

    /** Wire name to request record. */
    public static Map<String, Class<? extends ClientMessage>> client() {
        return Map.copyOf(CLIENT);
    }

    /** Wire name to response or event record. */
    public static Map<String, Class<? extends ServerMessage>> server() {
        return Map.copyOf(SERVER);
    }
}
