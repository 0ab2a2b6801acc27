package org.wlcy.classroom.protocol;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.chat.ChatAudience;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.ParticipantId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ClassMessages.ClassroomView;
import org.wlcy.classroom.protocol.MediaMessages.StreamView;
import org.wlcy.classroom.protocol.SessionMessages.SessionView;
import org.wlcy.classroom.qa.QuestionState;
import org.wlcy.classroom.quiz.CloseReason;
import org.wlcy.classroom.quiz.ExerciseKind;
import org.wlcy.classroom.stream.StreamId;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.stream.SubscriptionId;

/** One realistic instance of every protocol message, keyed by wire name (the docs' examples). */
public final class ProtocolSamples {
    static final ClassroomId CLASS = new ClassroomId("demo-class");
    static final Instant T0 = Instant.parse("2026-11-29T08:00:00.120Z");
    static final String OFFER = "v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    static final String ANSWER = "v=0\r\no=- 1700000000 1 IN IP4 127.0.0.2\r\ns=-\r\nt=0 0\r\n";
    static final IceCandidate CANDIDATE =
            new IceCandidate("candidate:1 1 udp 2015363327 127.0.0.2 50000 typ host", "0", 0);
    static final Participant TRAINEE = new Participant(new ParticipantId("p-3f2a"), new UserId("t01"), "王芳",
            Role.TRAINEE, T0);
    static final Participant LECTURER = new Participant(new ParticipantId("p-11"), new UserId("l01"), "李老师",
            Role.LECTURER, Instant.parse("2026-11-29T07:58:40Z"));
    static final StreamView CAMERA = new StreamView(new StreamId("s-5"), LECTURER.participantId(),
            LECTURER.userId(), LECTURER.displayName(), StreamKind.CAMERA);
    static final SessionView LIVE = new SessionView("cs-91", CLASS, "live", Instant.parse("2026-11-29T07:59:00Z"),
            LECTURER.userId(), null);
    static final SessionView ENDED = new SessionView("cs-91", CLASS, "ended", LIVE.startedAt(), LECTURER.userId(),
            Instant.parse("2026-11-29T08:45:00Z"));

    static final GroupId G1 = new GroupId("g-4");
    static final GroupId G2 = new GroupId("g-5");
    static final BreakoutMessages.BreakoutView BREAKOUT = new BreakoutMessages.BreakoutView("bo-3", List.of(
            new BreakoutMessages.GroupView(G1, "甲组", List.of(TRAINEE.userId()), List.of(LECTURER.userId()),
                    "目标客户：社区宝妈"),
            new BreakoutMessages.GroupView(G2, "乙组", List.of(new UserId("t02")), List.of(), "")),
            Instant.parse("2026-11-29T08:10:00Z"), Instant.parse("2026-11-29T08:25:00Z"));
    static final SpeakMessages.TurnView TURN = new SpeakMessages.TurnView("turn-7", TRAINEE.userId(),
            TRAINEE.displayName(), Instant.parse("2026-11-29T08:30:00Z"));
    static final ChatMessages.ChatMessageView CHAT = new ChatMessages.ChatMessageView("m-7",
            new ChatMessages.ChatSender(new UserId("t01"), "王芳", Role.TRAINEE), ChatAudience.CLASS,
            "老师，第三章的案例可以再讲一遍吗？", Instant.parse("2026-11-29T08:12:03.250Z"), false);
    static final DanmakuMessages.DanmakuView DANMAKU = new DanmakuMessages.DanmakuView("dm-12", new UserId("t01"),
            "王芳", "讲得好！", "#ff8800", 783_130, Instant.parse("2026-11-29T08:12:03.130Z"), false);

    private ProtocolSamples() {
    }

    /** One request of every client type. */
    public static Map<String, ClientMessage> client() {
        Map<String, ClientMessage> m = new LinkedHashMap<>();
        m.put("class.join", new ClassMessages.JoinClassRequest("r1", CLASS));
        m.put("class.leave", new ClassMessages.LeaveClassRequest("r9"));
        m.put("session.start", new SessionMessages.StartSessionRequest("r2"));
        m.put("session.end", new SessionMessages.EndSessionRequest("r3"));
        m.put("media.publish", new MediaMessages.PublishRequest("r4", StreamKind.SCREEN, OFFER));
        m.put("media.unpublish", new MediaMessages.UnpublishRequest("r5", new StreamId("s-5")));
        m.put("media.subscribe", new MediaMessages.SubscribeRequest("r6", new StreamId("s-5")));
        m.put("media.answer", new MediaMessages.AnswerRequest("r7", new SubscriptionId("sub-8"), ANSWER));
        m.put("media.unsubscribe", new MediaMessages.UnsubscribeRequest("r8", new SubscriptionId("sub-8")));
        m.put("media.trickle", new MediaMessages.TrickleRequest("r10", "s-5", CANDIDATE));
        m.put("ping", new PingMessages.PingRequest("r11"));
        m.put("trace.append", new TraceMessages.AppendTraceRequest("r20", List.of(
                new TraceMessages.ClientTraceEvent("pg7-41", TraceKind.VISIBILITY_HIDDEN,
                        Instant.parse("2026-11-29T08:10:00.500Z"), Map.of()),
                new TraceMessages.ClientTraceEvent("pg7-42", TraceKind.VISIBILITY_VISIBLE,
                        Instant.parse("2026-11-29T08:10:42.100Z"), Map.of("hiddenMs", 41600)))));
        m.put("proctor.consent", new ProctorMessages.ConsentRequest("r21", true, "2026-11"));
        m.put("attendance.signin", new AttendanceMessages.SignInRequest("r22", "click"));
        m.put("attendance.rollcall", new AttendanceMessages.RollCallRequest("r23", new UserId("t02"), true));
        m.put("leave.request", new AttendanceMessages.RequestLeaveRequest("r24", 4, "家中有事",
                "2026-12-01"));
        m.put("leave.decide", new AttendanceMessages.DecideLeaveRequest("r25", "lv-3", true, "同意"));
        m.put("leave.list", new AttendanceMessages.ListLeavesRequest("r26"));
        m.put("qa.ask", new QaMessages.AskQuestionRequest("r30", "创业贷款怎么申请？"));
        m.put("qa.vote", new QaMessages.VoteQuestionRequest("r31", "q-7", true));
        m.put("qa.mark", new QaMessages.MarkQuestionRequest("r32", "q-7", QuestionState.ANSWERED,
                "向当地人社部门申请创业担保贷款"));
        m.put("qa.list", new QaMessages.ListQuestionsRequest("r33", null));
        m.put("exercise.start", new ExerciseMessages.StartExerciseRequest("r40", ExerciseKind.MULTIPLE,
                "网店开业前需要办理哪些手续？", List.of("营业执照", "税务登记", "出国签证"), List.of(0, 1), 60, 10));
        m.put("exercise.answer", new ExerciseMessages.AnswerExerciseRequest("r41", "ex-4", List.of(0, 1), null));
        m.put("exercise.close", new ExerciseMessages.CloseExerciseRequest("r42", "ex-4"));
        m.put("exercise.list", new ExerciseMessages.ListExercisesRequest("r43"));
        m.put("breakout.start", new BreakoutMessages.StartBreakoutRequest("r50", 2, "manual",
                Map.of("t01", 0, "t02", 1), 15, List.of("甲组", "乙组")));
        m.put("breakout.extend", new BreakoutMessages.ExtendBreakoutRequest("r51", 5));
        m.put("breakout.broadcast", new BreakoutMessages.BroadcastRequest("r52", "还有5分钟，请准备汇报"));
        m.put("breakout.visit", new BreakoutMessages.VisitGroupRequest("r53", G1));
        m.put("breakout.move", new BreakoutMessages.MoveToGroupRequest("r54", new UserId("t02"), G1));
        m.put("breakout.notes", new BreakoutMessages.SaveNotesRequest("r55", G1, "目标客户：社区宝妈"));
        m.put("breakout.recall", new BreakoutMessages.RecallBreakoutRequest("r56"));
        m.put("hand.raise", new SpeakMessages.RaiseHandRequest("r60", true));
        m.put("speak.invite", new SpeakMessages.InviteSpeakerRequest("r61", new UserId("t01")));
        m.put("speak.accept", new SpeakMessages.AcceptTurnRequest("r62", "turn-7"));
        m.put("speak.end", new SpeakMessages.EndTurnRequest("r63", "turn-7"));
        m.put("chat.send", new ChatMessages.SendChatRequest("r30", "老师，第三章的案例可以再讲一遍吗？", ChatAudience.CLASS));
        m.put("chat.delete", new ChatMessages.DeleteChatMessageRequest("r31", "m-7"));
        m.put("chat.mute", new ChatMessages.MuteChatRequest("r32", new UserId("t02"), true));
        m.put("danmaku.send", new DanmakuMessages.SendDanmakuRequest("r33", "讲得好！", "#ff8800"));
        m.put("danmaku.toggle", new DanmakuMessages.ToggleDanmakuRequest("r34", false));
        m.put("danmaku.list", new DanmakuMessages.ListDanmakuRequest("r35", "cs-91"));
        m.put("like.send", new LikeMessages.SendLikeRequest("r36", 3));
        m.put("recording.start", new RecordingMessages.StartRecordingRequest("r70"));
        m.put("recording.stop", new RecordingMessages.StopRecordingRequest("r71"));
        // issue I
        m.put("commerce.room.open", new CommerceMessages.OpenRoomRequest("r80", "助农直播间", null));
        m.put("commerce.room.close", new CommerceMessages.CloseRoomRequest("r81", "cr-2"));
        m.put("commerce.host.set", new CommerceMessages.SetHostRequest("r82", new UserId("t01"), null));
        m.put("commerce.product.put", new CommerceMessages.PutProductRequest("r83", null, "高山红富士苹果 5斤装",
                "https://img.example.cn/apple.jpg", 3990, 200, "买二送一"));
        m.put("commerce.product.remove", new CommerceMessages.RemoveProductRequest("r84", "pr-3"));
        m.put("commerce.product.pin", new CommerceMessages.PinProductRequest("r85", "pr-3"));
        m.put("commerce.flash.start", new CommerceMessages.StartFlashRequest("r86", "pr-3", 2990, 60));
        m.put("commerce.order.place", new CommerceMessages.PlaceOrderRequest("r87", "pr-3", 2));
        return m;
    }

    /** Further client messages worth a round trip (edge values). */
    static List<ClientMessage> clientEdgeCases() {
        return List.of(
                new ClassMessages.JoinClassRequest("r2", CLASS, "Vf3q9xKp2mQe7RtY1uZc0A"),
                new MediaMessages.TrickleRequest("r12", "sub-8", null),
                new MediaMessages.TrickleRequest("r13", "sub-8", new IceCandidate("candidate:2 1 tcp 1 ::1 9 typ host",
                        null, null)),
                new MediaMessages.PublishRequest("r14", StreamKind.CAMERA, OFFER),
                new MediaMessages.PublishRequest("r15", StreamKind.CAMERA, OFFER, G1),
                new BreakoutMessages.StartBreakoutRequest("r37", 3, "balanced", null, 120, null),
                new BreakoutMessages.VisitGroupRequest("r38", null),
                new BreakoutMessages.MoveToGroupRequest("r39", new UserId("t02"), null),
                new BreakoutMessages.SaveNotesRequest("r44", G1, ""),
                new PingMessages.PingRequest("x".repeat(64)),
                new ClassMessages.JoinClassRequest("请求-1", new ClassroomId("a" + "b".repeat(63))),
                new QaMessages.ListQuestionsRequest("r34", "cs-91"),
                new QaMessages.MarkQuestionRequest("r35", "q-7", QuestionState.ANSWERING, null),
                new ExerciseMessages.StartExerciseRequest("r44", ExerciseKind.TRUEFALSE, "个体工商户可以雇工", null,
                        List.of(0), 30, null),
                new ExerciseMessages.StartExerciseRequest("r45", ExerciseKind.TEXT, "ROI 的中文是？", null,
                        List.of("投资回报率", "投资收益率"), 120, 5),
                new ExerciseMessages.StartExerciseRequest("r46", ExerciseKind.TEXT, "谈谈你的创业想法", null, null, 600,
                        0),
                new ExerciseMessages.AnswerExerciseRequest("r47", "ex-5", null, "投资回报率"),
                new ChatMessages.SendChatRequest("r40", "第一行\n第二行 😀", ChatAudience.LECTURERS),
                new ChatMessages.SendChatRequest("r41", "字".repeat(ChatMessages.MAX_TEXT), ChatAudience.CLASS),
                new ChatMessages.MuteChatRequest("r42", null, false),
                new DanmakuMessages.SendDanmakuRequest("r43", "😀".repeat(DanmakuMessages.MAX_TEXT), null),
                new DanmakuMessages.ListDanmakuRequest("r44", null),
                new LikeMessages.SendLikeRequest("r45", LikeMessages.MAX_COUNT));
    }

    /** One message of every server type. */
    public static Map<String, ServerMessage> server() {
        Map<String, ServerMessage> m = new LinkedHashMap<>();
        m.put("error", ErrorResponse.of("r7", ErrorCode.CLASS_FULL, "class demo-class already has 30 trainees"));
        m.put("class.join.ok", new ClassMessages.JoinClassResponse("r1", 1, T0,
                new ClassroomView(CLASS, "网络创业培训示范班", 30, 2), TRAINEE, LIVE, List.of(LECTURER, TRAINEE),
                List.of(CAMERA), "Vf3q9xKp2mQe7RtY1uZc0A", false));
        m.put("class.leave.ok", new ClassMessages.LeaveClassResponse("r9"));
        m.put("participant.joined", new ClassMessages.ParticipantJoinedEvent(TRAINEE));
        m.put("participant.left", new ClassMessages.ParticipantLeftEvent(TRAINEE.participantId(), TRAINEE.userId(),
                LeaveReason.CLIENT_REQUEST));
        m.put("presence.replaced", new ClassMessages.PresenceReplacedEvent(LeaveReason.DUPLICATE_IDENTITY,
                "you joined this class from another page"));
        m.put("session.start.ok", new SessionMessages.StartSessionResponse("r2", LIVE));
        m.put("session.end.ok", new SessionMessages.EndSessionResponse("r3", ENDED));
        m.put("session.started", new SessionMessages.SessionStartedEvent(LIVE));
        m.put("session.ended", new SessionMessages.SessionEndedEvent(ENDED, LECTURER.userId()));
        m.put("media.publish.ok", new MediaMessages.PublishResponse("r4", new StreamId("s-5"), ANSWER));
        m.put("media.unpublish.ok", new MediaMessages.UnpublishResponse("r5"));
        m.put("media.subscribe.ok", new MediaMessages.SubscribeResponse("r6", new SubscriptionId("sub-8"),
                new StreamId("s-5"), OFFER));
        m.put("media.answer.ok", new MediaMessages.AnswerResponse("r7"));
        m.put("media.unsubscribe.ok", new MediaMessages.UnsubscribeResponse("r8"));
        m.put("media.trickle.ok", new MediaMessages.TrickleResponse("r10"));
        m.put("media.trickle", new MediaMessages.TrickleEvent("sub-8", CANDIDATE));
        m.put("stream.published", new MediaMessages.StreamPublishedEvent(CAMERA));
        m.put("stream.unpublished", new MediaMessages.StreamUnpublishedEvent(CAMERA.streamId(),
                CAMERA.participantId(), LeaveReason.CLIENT_REQUEST));
        m.put("media.state", MediaMessages.MediaStateEvent.hangup("sub-8", "ICE failed"));
        m.put("media.lost", new MediaMessages.MediaLostEvent("media server connection lost"));
        m.put("media.restored", new MediaMessages.MediaRestoredEvent());
        m.put("ping.ok", new PingMessages.PingResponse("r11", Instant.parse("2026-11-29T08:01:00Z")));
        m.put("trace.append.ok", new TraceMessages.AppendTraceResponse("r20", List.of("pg7-41", "pg7-42")));
        m.put("proctor.consent.ok", new ProctorMessages.ConsentResponse("r21", true));
        m.put("proctor.warning", new ProctorMessages.ProctorWarningEvent("tab-switch", 2, 3,
                "请勿切屏：离开课堂页面的时间不计入学习时长"));
        m.put("proctor.state", new ProctorMessages.ProctorStateEvent(List.of(new ProctorMessages.TraineeProctorView(
                new UserId("t01"), "王芳", true, true, 2, 41, "granted", true, "click", "face",
                Instant.parse("2026-11-29T08:09:00Z"), false, 35, false))));
        m.put("attendance.signin.ok", new AttendanceMessages.SignInResponse("r22", "click",
                Instant.parse("2026-11-29T08:00:05Z"), "ok"));
        m.put("attendance.rollcall.ok", new AttendanceMessages.RollCallResponse("r23"));
        AttendanceMessages.LeaveView pending = new AttendanceMessages.LeaveView("lv-3", new UserId("t01"), "王芳", 4,
                "家中有事", "2026-12-01", "pending", Instant.parse("2026-11-29T09:00:00Z"), null, null, null);
        AttendanceMessages.LeaveView approved = new AttendanceMessages.LeaveView("lv-3", new UserId("t01"), "王芳", 4,
                "家中有事", "2026-12-01", "approved", Instant.parse("2026-11-29T09:00:00Z"), new UserId("l01"),
                Instant.parse("2026-11-29T09:05:00Z"), "同意");
        m.put("leave.request.ok", new AttendanceMessages.RequestLeaveResponse("r24", pending));
        m.put("leave.decide.ok", new AttendanceMessages.DecideLeaveResponse("r25", approved));
        m.put("leave.list.ok", new AttendanceMessages.ListLeavesResponse("r26", List.of(approved)));
        m.put("leave.changed", new AttendanceMessages.LeaveChangedEvent(approved));
        QaMessages.QuestionView asked = new QaMessages.QuestionView("q-7", "cs-91", new UserId("t01"), "王芳",
                "创业贷款怎么申请？", 3, null, QuestionState.OPEN, null, null, Instant.parse("2026-11-29T08:20:00Z"));
        QaMessages.QuestionView answered = new QaMessages.QuestionView("q-7", "cs-91", new UserId("t01"), "王芳",
                "创业贷款怎么申请？", 3, false, QuestionState.ANSWERED, "向当地人社部门申请创业担保贷款",
                new UserId("l01"), Instant.parse("2026-11-29T08:20:00Z"));
        QaMessages.QuestionView mine = new QaMessages.QuestionView("q-7", "cs-91", new UserId("t01"), "王芳",
                "创业贷款怎么申请？", 0, false, QuestionState.OPEN, null, null, Instant.parse("2026-11-29T08:20:00Z"));
        QaMessages.QuestionView votedFor = new QaMessages.QuestionView("q-7", "cs-91", new UserId("t01"), "王芳",
                "创业贷款怎么申请？", 4, true, QuestionState.OPEN, null, null, Instant.parse("2026-11-29T08:20:00Z"));
        m.put("qa.ask.ok", new QaMessages.AskQuestionResponse("r30", mine));
        m.put("qa.vote.ok", new QaMessages.VoteQuestionResponse("r31", votedFor));
        m.put("qa.mark.ok", new QaMessages.MarkQuestionResponse("r32", answered));
        m.put("qa.list.ok", new QaMessages.ListQuestionsResponse("r33", "cs-91", List.of(answered)));
        m.put("qa.question", new QaMessages.QuestionChangedEvent(asked));
        ExerciseMessages.ExerciseView exercise = new ExerciseMessages.ExerciseView("ex-4", ExerciseKind.MULTIPLE,
                "网店开业前需要办理哪些手续？", List.of("营业执照", "税务登记", "出国签证"), 60, 10,
                Instant.parse("2026-11-29T08:30:00Z"), Instant.parse("2026-11-29T08:31:00Z"),
                Instant.parse("2026-11-29T08:30:00Z"));
        ExerciseMessages.AnswerView answer = new ExerciseMessages.AnswerView(new UserId("t01"), "王芳", List.of(0, 1),
                null, true, Instant.parse("2026-11-29T08:30:12.400Z"));
        m.put("exercise.start.ok", new ExerciseMessages.StartExerciseResponse("r40", exercise));
        m.put("exercise.started", new ExerciseMessages.ExerciseStartedEvent(exercise));
        m.put("exercise.answer.ok", new ExerciseMessages.AnswerExerciseResponse("r41", "ex-4",
                Instant.parse("2026-11-29T08:30:12.400Z")));
        m.put("exercise.close.ok", new ExerciseMessages.CloseExerciseResponse("r42", "ex-4"));
        m.put("exercise.tally", new ExerciseMessages.ExerciseTallyEvent("ex-4", 1, 2, List.of(1, 1, 0),
                List.of(answer)));
        m.put("exercise.closed", new ExerciseMessages.ExerciseClosedEvent("ex-4", CloseReason.DEADLINE,
                List.of(0, 1), 0.5, 2, 3));
        m.put("exercise.result", new ExerciseMessages.ExerciseResultEvent("ex-4",
                new ExerciseMessages.YourAnswer(List.of(0, 1), null, true, 10), 0.5));
        m.put("exercise.list.ok", new ExerciseMessages.ListExercisesResponse("r43", List.of(
                new ExerciseMessages.ExerciseSummary("cs-91", exercise, "closed", Instant.parse("2026-11-29T08:31:00Z"),
                        CloseReason.DEADLINE, List.of(0, 1), 0.5, 2, 3, List.of(answer), null))));
        m.put("breakout.start.ok", new BreakoutMessages.StartBreakoutResponse("r50", BREAKOUT));
        m.put("breakout.started", new BreakoutMessages.BreakoutStartedEvent(BREAKOUT));
        m.put("breakout.updated", new BreakoutMessages.BreakoutUpdatedEvent(BREAKOUT));
        m.put("breakout.extend.ok", new BreakoutMessages.ExtendBreakoutResponse("r51", BREAKOUT));
        m.put("breakout.ending", new BreakoutMessages.BreakoutEndingEvent("bo-3", 60));
        m.put("breakout.broadcast.ok", new BreakoutMessages.BroadcastResponse("r52"));
        m.put("breakout.broadcast", new BreakoutMessages.BroadcastEvent("还有5分钟，请准备汇报", LECTURER.userId(),
                LECTURER.displayName()));
        m.put("breakout.visit.ok", new BreakoutMessages.VisitGroupResponse("r53", BREAKOUT));
        m.put("breakout.move.ok", new BreakoutMessages.MoveToGroupResponse("r54", BREAKOUT));
        m.put("breakout.notes.ok", new BreakoutMessages.SaveNotesResponse("r55"));
        m.put("breakout.notes", new BreakoutMessages.NotesSavedEvent("bo-3", G1, "目标客户：社区宝妈",
                TRAINEE.userId(), Instant.parse("2026-11-29T08:20:00Z")));
        m.put("breakout.recall.ok", new BreakoutMessages.RecallBreakoutResponse("r56", "bo-3"));
        m.put("breakout.ended", new BreakoutMessages.BreakoutEndedEvent("bo-3", List.of(
                new BreakoutMessages.GroupNotes(G1, "甲组", "目标客户：社区宝妈"),
                new BreakoutMessages.GroupNotes(G2, "乙组", "")), "recalled", LECTURER.userId()));
        m.put("hand.raise.ok", new SpeakMessages.RaiseHandResponse("r60", true));
        m.put("hand.changed", new SpeakMessages.HandChangedEvent(TRAINEE.userId(), TRAINEE.displayName(), true));
        m.put("speak.invite.ok", new SpeakMessages.InviteSpeakerResponse("r61", "turn-7"));
        m.put("speak.invited", new SpeakMessages.SpeakInvitedEvent("turn-7", LECTURER.userId()));
        m.put("speak.accept.ok", new SpeakMessages.AcceptTurnResponse("r62", TURN));
        m.put("speak.started", new SpeakMessages.TurnStartedEvent(TURN));
        m.put("speak.end.ok", new SpeakMessages.EndTurnResponse("r63"));
        m.put("speak.ended", new SpeakMessages.TurnEndedEvent("turn-7", TRAINEE.userId(), LECTURER.userId(), "ended"));
        m.put("chat.send.ok", new ChatMessages.SendChatResponse("r30", CHAT));
        m.put("chat.message", new ChatMessages.ChatMessagePostedEvent(CHAT));
        m.put("chat.delete.ok", new ChatMessages.DeleteChatMessageResponse("r31", "m-7"));
        m.put("chat.deleted", new ChatMessages.ChatMessageDeletedEvent("m-7", LECTURER.userId()));
        m.put("chat.mute.ok", new ChatMessages.MuteChatResponse("r32", new UserId("t02"), true));
        m.put("chat.muted", new ChatMessages.ChatMutedEvent(new UserId("t02"), true, LECTURER.userId()));
        m.put("chat.history", new ChatMessages.ChatHistoryEvent(List.of(CHAT)));
        m.put("danmaku.send.ok", new DanmakuMessages.SendDanmakuResponse("r33", DANMAKU));
        m.put("danmaku.shown", new DanmakuMessages.DanmakuShownEvent(DANMAKU));
        m.put("danmaku.toggle.ok", new DanmakuMessages.ToggleDanmakuResponse("r34", false));
        m.put("danmaku.toggled", new DanmakuMessages.DanmakuToggledEvent(false, LECTURER.userId()));
        m.put("danmaku.list.ok", new DanmakuMessages.ListDanmakuResponse("r35", "cs-91", List.of(DANMAKU)));
        m.put("like.send.ok", new LikeMessages.SendLikeResponse("r36"));
        m.put("likes.updated", new LikeMessages.LikesUpdatedEvent(1234, 56));
        m.put("recording.start.ok", new RecordingMessages.StartRecordingResponse("r70", "rec-7",
                Instant.parse("2026-11-29T08:02:00.250Z")));
        m.put("recording.stop.ok", new RecordingMessages.StopRecordingResponse("r71", "rec-7"));
        m.put("recording.state", new RecordingMessages.RecordingStateEvent(true, "rec-7",
                Instant.parse("2026-11-29T08:02:00.250Z"), LECTURER.userId()));
        m.put("form.opened", new FormMessages.FormOpenedEvent("daily-2026-11-29", "daily", "2026-11-29",
                Instant.parse("2026-11-29T09:30:00.500Z"), Instant.parse("2026-11-30T16:00:00Z")));
        // issue I
        CommerceMessages.ProductView apple = new CommerceMessages.ProductView("pr-3", "高山红富士苹果 5斤装",
                "https://img.example.cn/apple.jpg", 3990, 198, "买二送一");
        CommerceMessages.FlashView flash = new CommerceMessages.FlashView("pr-3", 2990,
                Instant.parse("2026-11-29T08:40:00Z"), Instant.parse("2026-11-29T08:41:00Z"));
        CommerceMessages.RoomView room = new CommerceMessages.RoomView("cr-2", "助农直播间",
                Instant.parse("2026-11-29T08:35:00Z"), new UserId("t01"), "王芳", List.of(apple), "pr-3", flash,
                new GroupId("g-2"), "第2组");
        CommerceMessages.StatsView stats = new CommerceMessages.StatsView("cr-2", new UserId("t01"), 12, 340, 5, 7,
                23930, 4, 0.3333);
        m.put("commerce.room.open.ok", new CommerceMessages.OpenRoomResponse("r80", new CommerceMessages.RoomView(
                "cr-2", "助农直播间", Instant.parse("2026-11-29T08:35:00Z"), null, null, List.of(), null, null, null,
                null)));
        m.put("commerce.room.close.ok", new CommerceMessages.CloseRoomResponse("r81",
                new CommerceMessages.StatsView("cr-2", null, 14, 520, 9, 13, 45870, 6, 0.4286)));
        m.put("commerce.host.set.ok", new CommerceMessages.SetHostResponse("r82", room));
        m.put("commerce.product.put.ok", new CommerceMessages.PutProductResponse("r83", apple));
        m.put("commerce.product.remove.ok", new CommerceMessages.RemoveProductResponse("r84", "pr-3"));
        m.put("commerce.product.pin.ok", new CommerceMessages.PinProductResponse("r85", "pr-3"));
        m.put("commerce.flash.start.ok", new CommerceMessages.StartFlashResponse("r86", flash));
        m.put("commerce.order.place.ok", new CommerceMessages.PlaceOrderResponse("r87", new CommerceMessages.OrderView(
                "od-9", "pr-3", 2, 2990, 5980, true, Instant.parse("2026-11-29T08:40:12.500Z"), 196)));
        m.put("commerce.room.state", new CommerceMessages.RoomStateEvent(room));
        m.put("commerce.room.closed", new CommerceMessages.RoomClosedEvent("cr-2", "lecturer",
                new CommerceMessages.StatsView("cr-2", null, 14, 520, 9, 13, 45870, 6, 0.4286)));
        m.put("commerce.stats", new CommerceMessages.StatsEvent(stats));
        m.put("commerce.product.changed", new CommerceMessages.ProductChangedEvent("cr-2", apple));
        m.put("commerce.product.removed", new CommerceMessages.ProductRemovedEvent("cr-2", "pr-3"));
        m.put("commerce.product.pinned", new CommerceMessages.ProductPinnedEvent("cr-2", apple));
        m.put("commerce.flash.started", new CommerceMessages.FlashStartedEvent("cr-2", flash));
        m.put("commerce.flash.ended", new CommerceMessages.FlashEndedEvent("cr-2", "pr-3", "time-up", 6));
        m.put("commerce.room.left", new CommerceMessages.RoomLeftEvent("cr-2", "moved"));
        return m;
    }

    /** Further server messages worth a round trip (nulls the protocol allows). */
    static List<ServerMessage> serverEdgeCases() {
        return List.of(
                ErrorResponse.of(null, ErrorCode.MALFORMED, "not valid JSON"),
                new ClassMessages.JoinClassResponse("r1", 1, T0, new ClassroomView(CLASS, "班", 30, 2), TRAINEE, null,
                        List.of(TRAINEE), List.of()),
                new MediaMessages.TrickleEvent("s-5", null),
                new MediaMessages.StreamPublishedEvent(new StreamView(new StreamId("s-9"), TRAINEE.participantId(),
                        TRAINEE.userId(), TRAINEE.displayName(), StreamKind.CAMERA, G1)),
                new BreakoutMessages.BreakoutEndedEvent("bo-3", List.of(), "time-up", null),
                new SpeakMessages.TurnEndedEvent("turn-7", TRAINEE.userId(), null, "left"),
                MediaMessages.MediaStateEvent.connected("s-5"),
                new SessionMessages.SessionStartedEvent(LIVE),
                new QaMessages.ListQuestionsResponse("r33", null, List.of()),
                new ExerciseMessages.ExerciseResultEvent("ex-4", null, 0.5),
                new ExerciseMessages.ExerciseResultEvent("ex-6", new ExerciseMessages.YourAnswer(null, "一个网店", null,
                        null), null),
                new ExerciseMessages.ExerciseClosedEvent("ex-5", CloseReason.LECTURER, List.of("投资回报率"), 1.0, 1, 1),
                new ExerciseMessages.ExerciseClosedEvent("ex-6", CloseReason.LESSON_ENDED, null, null, 0, 2),
                new ExerciseMessages.ListExercisesResponse("r43", List.of(new ExerciseMessages.ExerciseSummary("cs-91",
                        new ExerciseMessages.ExerciseView("ex-5", ExerciseKind.TEXT, "ROI 的中文是？", List.of(), 120, 5,
                                T0, T0.plusSeconds(120), T0), "running", null, null, null, null, null, null, null,
                        new ExerciseMessages.YourAnswer(null, "投资回报率", null, null)))),
                new ChatMessages.ChatMutedEvent(null, true, LECTURER.userId()),
                new ChatMessages.MuteChatResponse("r32", null, false),
                new ChatMessages.ChatMessagePostedEvent(new ChatMessages.ChatMessageView("m-8",
                        new ChatMessages.ChatSender(LECTURER.userId(), "李老师", Role.LECTURER), ChatAudience.LECTURERS,
                        "＊＊ 请文明发言", T0, true)),
                new DanmakuMessages.DanmakuToggledEvent(true, null),
                new ChatMessages.ChatHistoryEvent(List.of()),
                new DanmakuMessages.ListDanmakuResponse("r35", "cs-91", List.of()),
                new RecordingMessages.RecordingStateEvent(false, "rec-7", null, null),
                new FormMessages.FormOpenedEvent("final", "final", null, T0, Instant.parse("2026-12-01T16:00:00Z")));
    }
}
