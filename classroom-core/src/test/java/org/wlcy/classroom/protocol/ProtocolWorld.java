package org.wlcy.classroom.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.wlcy.classroom.breakout.BreakoutService;
import org.wlcy.classroom.chat.ChatService;
import org.wlcy.classroom.chat.InteractionGuard;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.commerce.CommerceService;
import org.wlcy.classroom.danmaku.DanmakuService;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.filter.WordList;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.like.LikeService;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.qa.QuestionService;
import org.wlcy.classroom.quiz.AnswerGate;
import org.wlcy.classroom.quiz.ExerciseService;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.ServerTrace;
import org.wlcy.classroom.speak.SpeakService;
import org.wlcy.classroom.testing.DirectExecutor;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.ManualScheduler;
import org.wlcy.classroom.testing.MemoryTraceLog;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;

/**
 * Every request handler of {@code classroom-core} behind one {@link MessageRouter}, wired as
 * {@code Gateway.start} wires them (Q&A, exercises, speaking turns, breakouts, chat, danmaku,
 * likes), on synchronous lanes with the fake media server, a manual clock and scheduler and an
 * in-memory trace. Other modules add their handlers with an {@link Extension} (the proctoring
 * module's fuzz test adds trace, consent, attendance and leave); without one their requests get
 * an error from the router. Exceptions escaping a lane are collected.
 */
public final class ProtocolWorld {
    public static final ClassroomId CLASS = ProtocolSamples.CLASS;
    static final ClassroomId OTHER = new ClassroomId("other-class");
    public final Identities people = Identities.of(CLASS);
    final FakeMediaServer media = new FakeMediaServer();
    public final MutableClock clock = new MutableClock();
    public final ManualScheduler scheduler = new ManualScheduler(clock);
    public final MemoryTraceLog trace = new MemoryTraceLog();
    public final IdGenerator ids = IdGenerator.sequential();
    final Classrooms classrooms;
    final MessageRouter router;
    final ProtocolCodec codec;
    final List<Throwable> laneErrors = new ArrayList<>();

    /** Handlers of another module, built on this world's trace, clock and ids. */
    public interface Extension {
        /** Listeners the classes call (lesson, presence events). */
        List<ClassSessionListener> listeners();

        /** Registers the module's request handlers. */
        void register(MessageRouter router, Classrooms classrooms);
    }

    ProtocolWorld(ProtocolCodec codec) {
        this(codec, w -> null);
    }

    public ProtocolWorld(ProtocolCodec codec, java.util.function.Function<ProtocolWorld, Extension> extension) {
        this.codec = codec;
        Extension ext = extension.apply(this);
        InteractionPolicy policy = InteractionPolicy.defaults();
        InteractionGuard guard = new InteractionGuard(new SensitiveWordFilter(WordList.builtIn(), FilterMode.MASK),
                clock);
        ServerTrace serverTrace = new ServerTrace(trace, clock, ids);
        QuestionService questions = new QuestionService(trace, clock, ids);
        ExerciseService exercises = new ExerciseService(trace, clock, ids, scheduler, AnswerGate.OPEN);
        SpeakService speak = new SpeakService(trace, clock, ids, 2);
        BreakoutService breakouts = new BreakoutService(trace, clock, Scheduler.of(scheduler), ids, new Random(7),
                speak);
        ChatService chat = new ChatService(serverTrace, ids, policy, guard);
        DanmakuService danmaku = new DanmakuService(serverTrace, c -> List.copyOf(trace.events), Runnable::run, clock,
                ids, policy, guard);
        LikeService likes = new LikeService(clock, Scheduler.of(scheduler), policy, guard);
        CommerceService commerce = new CommerceService(trace, clock, ids, Scheduler.of(scheduler), guard);
        classrooms = new Classrooms(new InMemoryClassroomDirectory(false)
                .add(Classroom.of(CLASS, "示范班")).add(Classroom.of(OTHER, "另一个班")), media, clock,
                DirectExecutor.INSTANCE, ids,
                ClassSessionListener.all(listeners(ext, exercises, speak, breakouts, chat, danmaku, likes, commerce)),
                (t, e) -> laneErrors.add(e));
        router = new MessageRouter(classrooms, clock);
        questions.register(router);
        exercises.register(router, classrooms);
        speak.register(router, classrooms);
        breakouts.register(router, classrooms);
        chat.register(router, classrooms);
        danmaku.register(router, classrooms);
        likes.register(router, classrooms);
        commerce.register(router, classrooms);
        if (ext != null) {
            ext.register(router, classrooms);
        }
    }

    private static List<ClassSessionListener> listeners(Extension ext, ClassSessionListener... core) {
        List<ClassSessionListener> all = new ArrayList<>(List.of(core));
        if (ext != null) {
            all.addAll(ext.listeners());
        }
        return all;
    }

    /** A client that has joined {@code classroom}. */
    TestClient joined(Identity who, ClassroomId classroom) {
        TestClient c = TestClient.of(who);
        String rid = c.nextRequestId();
        router.route(c.connection(), new JoinClassRequest(rid, classroom));
        c.channel().replyTo(rid, JoinClassResponse.class);
        return c;
    }

    void startLesson(TestClient lecturer) {
        String rid = lecturer.nextRequestId();
        router.route(lecturer.connection(), new StartSessionRequest(rid));
        lecturer.channel().replyTo(rid, StartSessionResponse.class);
    }
}
