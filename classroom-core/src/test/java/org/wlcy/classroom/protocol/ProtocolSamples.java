package org.wlcy.classroom.protocol;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        m.put("chat.send", new ChatMessages.SendChatRequest("r30", "老师，第三章的案例可以再讲一遍吗？", ChatAudience.CLASS));
        m.put("chat.delete", new ChatMessages.DeleteChatMessageRequest("r31", "m-7"));
        m.put("chat.mute", new ChatMessages.MuteChatRequest("r32", new UserId("t02"), true));
        m.put("danmaku.send", new DanmakuMessages.SendDanmakuRequest("r33", "讲得好！", "#ff8800"));
        m.put("danmaku.toggle", new DanmakuMessages.ToggleDanmakuRequest("r34", false));
        m.put("danmaku.list", new DanmakuMessages.ListDanmakuRequest("r35", "cs-91"));
        m.put("like.send", new LikeMessages.SendLikeRequest("r36", 3));
        return m;
    }

    /** Further client messages worth a round trip (edge values). */
    static List<ClientMessage> clientEdgeCases() {
        return List.of(
                new MediaMessages.TrickleRequest("r12", "sub-8", null),
                new MediaMessages.TrickleRequest("r13", "sub-8", new IceCandidate("candidate:2 1 tcp 1 ::1 9 typ host",
                        null, null)),
                new MediaMessages.PublishRequest("r14", StreamKind.CAMERA, OFFER),
                new PingMessages.PingRequest("x".repeat(64)),
                new ClassMessages.JoinClassRequest("请求-1", new ClassroomId("a" + "b".repeat(63))),
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
                List.of(CAMERA)));
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
                Instant.parse("2026-11-29T08:09:00Z"), false, 35))));
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
        m.put("chat.send.ok", new ChatMessages.SendChatResponse("r30", CHAT));
        m.put("chat.message", new ChatMessages.ChatMessagePostedEvent(CHAT));
        m.put("chat.delete.ok", new ChatMessages.DeleteChatMessageResponse("r31", "m-7"));
        m.put("chat.deleted", new ChatMessages.ChatMessageDeletedEvent("m-7", LECTURER.userId()));
        m.put("chat.mute.ok", new ChatMessages.MuteChatResponse("r32", new UserId("t02"), true));
        m.put("chat.muted", new ChatMessages.ChatMutedEvent(new UserId("t02"), true, LECTURER.userId()));
        m.put("danmaku.send.ok", new DanmakuMessages.SendDanmakuResponse("r33", DANMAKU));
        m.put("danmaku.shown", new DanmakuMessages.DanmakuShownEvent(DANMAKU));
        m.put("danmaku.toggle.ok", new DanmakuMessages.ToggleDanmakuResponse("r34", false));
        m.put("danmaku.toggled", new DanmakuMessages.DanmakuToggledEvent(false, LECTURER.userId()));
        m.put("danmaku.list.ok", new DanmakuMessages.ListDanmakuResponse("r35", "cs-91", List.of(DANMAKU)));
        m.put("like.send.ok", new LikeMessages.SendLikeResponse("r36"));
        m.put("likes.updated", new LikeMessages.LikesUpdatedEvent(1234, 56));
        return m;
    }

    /** Further server messages worth a round trip (nulls the protocol allows). */
    static List<ServerMessage> serverEdgeCases() {
        return List.of(
                ErrorResponse.of(null, ErrorCode.MALFORMED, "not valid JSON"),
                new ClassMessages.JoinClassResponse("r1", 1, T0, new ClassroomView(CLASS, "班", 30, 2), TRAINEE, null,
                        List.of(TRAINEE), List.of()),
                new MediaMessages.TrickleEvent("s-5", null),
                MediaMessages.MediaStateEvent.connected("s-5"),
                new SessionMessages.SessionStartedEvent(LIVE),
                new ChatMessages.ChatMutedEvent(null, true, LECTURER.userId()),
                new ChatMessages.MuteChatResponse("r32", null, false),
                new ChatMessages.ChatMessagePostedEvent(new ChatMessages.ChatMessageView("m-8",
                        new ChatMessages.ChatSender(LECTURER.userId(), "李老师", Role.LECTURER), ChatAudience.LECTURERS,
                        "＊＊ 请文明发言", T0, true)),
                new DanmakuMessages.DanmakuToggledEvent(true, null),
                new DanmakuMessages.ListDanmakuResponse("r35", "cs-91", List.of()));
    }
}
