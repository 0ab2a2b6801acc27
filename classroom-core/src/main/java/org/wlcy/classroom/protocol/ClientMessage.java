package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every message a client sends: a request with a client-chosen {@code requestId}, answered by
 * exactly one response or {@link ErrorResponse}. Wire names live in {@link MessageTypes}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface ClientMessage permits
        ClassMessages.JoinClassRequest, ClassMessages.LeaveClassRequest,
        SessionMessages.StartSessionRequest, SessionMessages.EndSessionRequest,
        MediaMessages.PublishRequest, MediaMessages.UnpublishRequest,
        MediaMessages.SubscribeRequest, MediaMessages.AnswerRequest,
        MediaMessages.UnsubscribeRequest, MediaMessages.TrickleRequest,
        PingMessages.PingRequest,
        TraceMessages.AppendTraceRequest,
        ProctorMessages.ConsentRequest,
        AttendanceMessages.SignInRequest, AttendanceMessages.RollCallRequest,
        AttendanceMessages.RequestLeaveRequest, AttendanceMessages.DecideLeaveRequest,
        AttendanceMessages.ListLeavesRequest,
        QaMessages.AskQuestionRequest, QaMessages.VoteQuestionRequest, QaMessages.MarkQuestionRequest,
        QaMessages.ListQuestionsRequest,
        ExerciseMessages.StartExerciseRequest, ExerciseMessages.AnswerExerciseRequest,
        ExerciseMessages.CloseExerciseRequest, ExerciseMessages.ListExercisesRequest,
        BreakoutMessages.StartBreakoutRequest, BreakoutMessages.ExtendBreakoutRequest,
        BreakoutMessages.BroadcastRequest, BreakoutMessages.VisitGroupRequest,
        BreakoutMessages.MoveToGroupRequest, BreakoutMessages.SaveNotesRequest,
        BreakoutMessages.RecallBreakoutRequest,
        SpeakMessages.RaiseHandRequest, SpeakMessages.InviteSpeakerRequest, SpeakMessages.AcceptTurnRequest,
        SpeakMessages.EndTurnRequest,
        ChatMessages.SendChatRequest, ChatMessages.DeleteChatMessageRequest, ChatMessages.MuteChatRequest,
        DanmakuMessages.SendDanmakuRequest, DanmakuMessages.ToggleDanmakuRequest,
        DanmakuMessages.ListDanmakuRequest,
        LikeMessages.SendLikeRequest,
        RecordingMessages.StartRecordingRequest, RecordingMessages.StopRecordingRequest,
        CommerceMessages.OpenRoomRequest, CommerceMessages.CloseRoomRequest, CommerceMessages.SetHostRequest,
        CommerceMessages.PutProductRequest, CommerceMessages.RemoveProductRequest, CommerceMessages.PinProductRequest,
        CommerceMessages.StartFlashRequest, CommerceMessages.PlaceOrderRequest {

    String requestId();
}
