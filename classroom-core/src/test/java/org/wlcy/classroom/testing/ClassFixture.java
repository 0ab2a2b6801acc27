package org.wlcy.classroom.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.wlcy.classroom.breakout.BreakoutService;
import org.wlcy.classroom.chat.InteractionGuard;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.commerce.CommerceService;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.filter.WordList;
import org.wlcy.classroom.like.LikeService;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.speak.SpeakService;

/**
 * One class with the live-interaction features wired as the gateway wires them (router, speaking
 * turns, breakouts, likes, the practice live rooms), on a synchronous lane, the fake media server, a manual clock and scheduler
 * and an in-memory trace. Requests go through the {@link MessageRouter}, so refusals come back as
 * error replies exactly as on the wire.
 */
public final class ClassFixture {
    public static final ClassroomId CLASS_ID = new ClassroomId("demo-class");
    public final Identities people = Identities.of(CLASS_ID);
    public final FakeMediaServer media = new FakeMediaServer();
    public final MutableClock clock = new MutableClock();
    public final ManualTimers scheduler = new ManualTimers(clock);
    public final RecordingTraceLog trace = new RecordingTraceLog();
    public final SpeakService speak;
    public final BreakoutService breakouts;
    public final LikeService likes;
    public final CommerceService commerce;
    public final Classrooms classrooms;
    public final MessageRouter router;
    /** Exceptions that escaped a lane task (a test should see none). */
    public final List<Throwable> laneErrors = new ArrayList<>();

    public ClassFixture() {
        this(2, 42);
    }

    public ClassFixture(int maxSpeakers, long seed) {
        IdGenerator ids = IdGenerator.sequential();
        speak = new SpeakService(trace, clock, ids, maxSpeakers);
        breakouts = new BreakoutService(trace, clock, scheduler, ids, new Random(seed), speak);
        InteractionGuard guard = new InteractionGuard(new SensitiveWordFilter(WordList.builtIn(), FilterMode.MASK), clock);
        likes = new LikeService(clock, scheduler, InteractionPolicy.defaults(), guard);
        commerce = new CommerceService(trace, clock, ids, scheduler, guard);
        classrooms = new Classrooms(new InMemoryClassroomDirectory(false).add(Classroom.of(CLASS_ID, "示范班")), media,
                clock, DirectExecutor.INSTANCE, ids,
                ClassSessionListener.all(List.of(speak, breakouts, likes, commerce)), (t, e) -> laneErrors.add(e));
        router = new MessageRouter(classrooms, clock);
        speak.register(router, classrooms);
        breakouts.register(router, classrooms);
        likes.register(router, classrooms);
        commerce.register(router, classrooms);
    }

    public LiveClassroom room() {
        return classrooms.find(CLASS_ID).orElseThrow();
    }

    /** A client that has joined the class. */
    public TestClient join(Identity who) {
        TestClient c = TestClient.of(who);
        request(c, new JoinClassRequest(c.nextRequestId(), CLASS_ID), JoinClassResponse.class);
        return c;
    }

    /** Sends a request through the router and returns its reply. */
    public ServerMessage send(TestClient c, ClientMessage message) {
        router.route(c.connection(), message);
        return c.channel().replyTo(message.requestId());
    }

    /** Sends a request that must succeed with a reply of {@code type}. */
    public <T extends ServerMessage> T request(TestClient c, ClientMessage message, Class<T> type) {
        router.route(c.connection(), message);
        return c.channel().replyTo(message.requestId(), type);
    }
}
