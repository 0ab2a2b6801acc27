package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Every message the server sends: responses (with {@code requestId}) and events (without). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface ServerMessage permits
        ErrorResponse,
        ClassMessages.JoinClassResponse, ClassMessages.LeaveClassResponse,
        ClassMessages.ParticipantJoinedEvent, ClassMessages.ParticipantLeftEvent,
        ClassMessages.PresenceReplacedEvent,
        SessionMessages.StartSessionResponse, SessionMessages.EndSessionResponse,
        SessionMessages.SessionStartedEvent, SessionMessages.SessionEndedEvent,
        MediaMessages.PublishResponse, MediaMessages.UnpublishResponse,
        MediaMessages.SubscribeResponse, MediaMessages.AnswerResponse,
        MediaMessages.UnsubscribeResponse, MediaMessages.TrickleResponse,
        MediaMessages.TrickleEvent, MediaMessages.StreamPublishedEvent,
        MediaMessages.StreamUnpublishedEvent, MediaMessages.MediaStateEvent,
        MediaMessages.MediaLostEvent, MediaMessages.MediaRestoredEvent,
        PingMessages.PingResponse,
        TraceMessages.AppendTraceResponse,
        ProctorMessages.ConsentResponse, ProctorMessages.ProctorWarningEvent, ProctorMessages.ProctorStateEvent,
        AttendanceMessages.SignInResponse, AttendanceMessages.RollCallResponse,
        AttendanceMessages.RequestLeaveResponse, AttendanceMessages.DecideLeaveResponse,
        AttendanceMessages.ListLeavesResponse, AttendanceMessages.LeaveChangedEvent,
        QaMessages.AskQuestionResponse, QaMessages.VoteQuestionResponse, QaMessages.MarkQuestionResponse,
        QaMessages.ListQuestionsResponse, QaMessages.QuestionChangedEvent,
        ExerciseMessages.StartExerciseResponse, ExerciseMessages.AnswerExerciseResponse,
        ExerciseMessages.CloseExerciseResponse, ExerciseMessages.ListExercisesResponse,
        ExerciseMessages.ExerciseStartedEvent, ExerciseMessages.ExerciseTallyEvent,
        ExerciseMessages.ExerciseClosedEvent, ExerciseMessages.ExerciseResultEvent,
        BreakoutMessages.StartBreakoutResponse, BreakoutMessages.BreakoutStartedEvent,
        BreakoutMessages.BreakoutUpdatedEvent, BreakoutMessages.ExtendBreakoutResponse,
        BreakoutMessages.BreakoutEndingEvent, BreakoutMessages.BroadcastResponse, BreakoutMessages.BroadcastEvent,
        BreakoutMessages.VisitGroupResponse, BreakoutMessages.MoveToGroupResponse,
        BreakoutMessages.SaveNotesResponse, BreakoutMessages.NotesSavedEvent,
        BreakoutMessages.RecallBreakoutResponse, BreakoutMessages.BreakoutEndedEvent,
        SpeakMessages.RaiseHandResponse, SpeakMessages.HandChangedEvent, SpeakMessages.InviteSpeakerResponse,
        SpeakMessages.SpeakInvitedEvent, SpeakMessages.AcceptTurnResponse, SpeakMessages.TurnStartedEvent,
        SpeakMessages.EndTurnResponse, SpeakMessages.TurnEndedEvent,
        ChatMessages.SendChatResponse, ChatMessages.ChatMessagePostedEvent,
        ChatMessages.DeleteChatMessageResponse, ChatMessages.ChatMessageDeletedEvent,
        ChatMessages.MuteChatResponse, ChatMessages.ChatMutedEvent, ChatMessages.ChatHistoryEvent,
        DanmakuMessages.SendDanmakuResponse, DanmakuMessages.DanmakuShownEvent,
        DanmakuMessages.ToggleDanmakuResponse, DanmakuMessages.DanmakuToggledEvent,
        DanmakuMessages.ListDanmakuResponse,
        LikeMessages.SendLikeResponse, LikeMessages.LikesUpdatedEvent {
}
