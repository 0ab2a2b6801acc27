package org.wlcy.classroom.chat;

import java.util.List;
import java.util.function.Function;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.danmaku.DanmakuService;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.filter.WordList;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.like.LikeService;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.ServerTrace;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.ManualScheduler;
import org.wlcy.classroom.testing.MemoryTraceLog;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;

/**
 * Chat, danmaku and likes through the real router and classes on synchronous lanes, with an
 * in-memory trace, a {@link MutableClock} and a {@link ManualScheduler} (no sleeping).
 */
public final class InteractionFixture {
    public static final ClassroomId CLASS = new ClassroomId("c1");
    /** A small word list: {@code 微信} (rule custom), {@code sb} (insult), {@code 安全账户} (scam). */
    public static final WordList WORDS = WordList.parse("test", "custom",
            List.of("微信", "# rule: insult", "sb", "# rule: scam", "安全账户"));
    public final Identities people = Identities.of(CLASS);
    public final MutableClock clock = new MutableClock();
    public final ManualScheduler scheduler = new ManualScheduler(clock);
    public final MemoryTraceLog trace = new MemoryTraceLog();
    public final MessageRouter router;

    public InteractionFixture(FilterMode mode) {
        this(mode, InteractionPolicy.defaults());
    }

    public InteractionFixture(FilterMode mode, InteractionPolicy policy) {
        IdGenerator ids = IdGenerator.sequential();
        InteractionGuard guard = new InteractionGuard(new SensitiveWordFilter(WORDS, mode), clock);
        ServerTrace serverTrace = new ServerTrace(trace, clock, ids);
        ChatService chat = new ChatService(serverTrace, ids, policy, guard);
        DanmakuService danmaku = new DanmakuService(serverTrace, c -> List.copyOf(trace.events), Runnable::run, clock,
                ids, policy, guard);
        LikeService likes = new LikeService(clock, Scheduler.of(scheduler), policy, guard);
        Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(true), new FakeMediaServer(), clock,
                Runnable::run, ids, ClassSessionListener.all(List.of(chat, danmaku, likes)), (t, e) -> {
                    throw new AssertionError(e);
                });
        router = new MessageRouter(classrooms, clock);
        chat.register(router, classrooms);
        danmaku.register(router, classrooms);
        likes.register(router, classrooms);
    }

    public TestClient join(Identity who) {
        TestClient c = TestClient.of(who);
        ok(c, rid -> new JoinClassRequest(rid, CLASS), JoinClassResponse.class);
        return c;
    }

    /** Sends a request made from a fresh request id; returns that id. */
    public String send(TestClient who, Function<String, ClientMessage> request) {
        String rid = who.nextRequestId();
        router.route(who.connection(), request.apply(rid));
        return rid;
    }

    /** Sends a request that must succeed with a reply of {@code type}. */
    public <T extends ServerMessage> T ok(TestClient who, Function<String, ClientMessage> request, Class<T> type) {
        return who.channel().replyTo(send(who, request), type);
    }

    /** Sends a request that must be refused; returns the error's code. */
    public ErrorCode refused(TestClient who, Function<String, ClientMessage> request) {
        return who.channel().errorCodeFor(send(who, request));
    }

    public ErrorResponse error(TestClient who, Function<String, ClientMessage> request) {
        return who.channel().errorFor(send(who, request));
    }

    public String startLesson(TestClient lecturer) {
        return ok(lecturer, StartSessionRequest::new, StartSessionResponse.class).session().sessionId();
    }

    public void endLesson(TestClient lecturer) {
        send(lecturer, EndSessionRequest::new);
    }
}
