package org.wlcy.classroom.proctoring.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.AnswerExerciseRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.AnswerExerciseResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.StartExerciseRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.StartExerciseResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ProctorMessages.ProctorWarningEvent;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.TraceMessages.AppendTraceRequest;
import org.wlcy.classroom.protocol.TraceMessages.AppendTraceResponse;
import org.wlcy.classroom.protocol.TraceMessages.ClientTraceEvent;
import org.wlcy.classroom.quiz.ExerciseKind;
import org.wlcy.classroom.quiz.ExerciseService;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.ManualScheduler;
import org.wlcy.classroom.testing.MemoryTraceLog;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The tab-switch lock (issue C) on exercises (issue B), end to end through one router with the
 * proctoring and exercise services both registered: the switches a page reports lock the
 * trainee's exercises from the policy's limit on, for the rest of the lesson.
 */
class ExerciseLockTest {
    private static final ClassroomId CLASS = new ClassroomId("c1");
    private final Identities people = Identities.of(CLASS);
    private final MutableClock clock = new MutableClock();
    private final MemoryTraceLog trace = new MemoryTraceLog();
    private final IdGenerator ids = IdGenerator.sequential();
    private MessageRouter router;
    private TestClient lecturer;
    private TestClient t1;
    private TestClient t2;
    private int pageEvents;

    @BeforeEach
    void setUp() {
        wire(new ProctorPolicy(true, 3));
    }

    /** Both services on one router, a lecturer and two trainees present, a lesson live. */
    private void wire(ProctorPolicy policy) {
        ProctoringService proctoring = new ProctoringService(trace, clock, ids, policy);
        ExerciseService exercises = new ExerciseService(trace, clock, ids, new ManualScheduler(clock),
                new TabSwitchLock(policy));
        Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(true), new FakeMediaServer(), clock,
                Runnable::run, IdGenerator.sequential(), ClassSessionListener.all(List.of(exercises, proctoring)),
                (t, e) -> {
                    throw new AssertionError(e);
                });
        router = new MessageRouter(classrooms, clock);
        proctoring.register(router, classrooms);
        exercises.register(router, classrooms);
        lecturer = join(people.lecturer("l01"));
        t1 = join(people.trainee("t01"));
        t2 = join(people.trainee("t02"));
        router.route(lecturer.connection(), new StartSessionRequest(lecturer.nextRequestId()));
    }

    private TestClient join(Identity who) {
        TestClient c = TestClient.of(who);
        String rid = c.nextRequestId();
        router.route(c.connection(), new JoinClassRequest(rid, CLASS));
        c.channel().replyTo(rid, JoinClassResponse.class);
        return c;
    }

    /** The page reports {@code n} switches away and back. */
    private void switchAway(TestClient who, int n) {
        List<ClientTraceEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new ClientTraceEvent("pg-" + ++pageEvents, TraceKind.VISIBILITY_HIDDEN, null, Map.of()));
            events.add(new ClientTraceEvent("pg-" + ++pageEvents, TraceKind.VISIBILITY_VISIBLE, null, Map.of()));
        }
        String rid = who.nextRequestId();
        router.route(who.connection(), new AppendTraceRequest(rid, events));
        who.channel().replyTo(rid, AppendTraceResponse.class);
    }

    private String startExercise() {
        String rid = lecturer.nextRequestId();
        router.route(lecturer.connection(), new StartExerciseRequest(rid, ExerciseKind.TRUEFALSE, "个体户可以雇工",
                null, List.of(0), 60, null));
        return lecturer.channel().replyTo(rid, StartExerciseResponse.class).exercise().exerciseId();
    }

    private Object answer(TestClient who, String exerciseId) {
        String rid = who.nextRequestId();
        router.route(who.connection(), new AnswerExerciseRequest(rid, exerciseId, List.of(0), null));
        return who.channel().replyTo(rid);
    }

    @Test
    void aTraineeWhoSwitchedAwayAsOftenAsTheLimitIsLockedAndToldWhy() {
        String id = startExercise();
        switchAway(t1, 3);
        switchAway(t2, 2);

        ProctorWarningEvent warning = t1.channel().last(ProctorWarningEvent.class);
        assertThat(warning.count()).isEqualTo(3);
        assertThat(warning.limit()).isEqualTo(3);
        Object locked = answer(t1, id);
        assertThat(locked).isInstanceOfSatisfying(ErrorResponse.class, e -> {
            assertThat(e.code()).isEqualTo(218);
            assertThat(e.error()).isEqualTo("EXERCISE_LOCKED");
            assertThat(e.message()).contains("切屏 3 次").contains("the limit is 3");
        });
        assertThat(answer(t2, id)).as("two switches: not locked").isInstanceOf(AnswerExerciseResponse.class);
        assertThat(trace.of(TraceKind.EXERCISE_ANSWER)).extracting(e -> e.userId().value()).containsExactly("t02");
        assertThat(trace.of(TraceKind.TAB_SWITCH_WARNING)).filteredOn(e -> e.userId().value().equals("t01"))
                .last().satisfies(e -> assertThat(e.data()).containsEntry("action", "exercise-locked"));
    }

    @Test
    void theLockLastsForTheLessonAndTheCountStartsAgainWithTheNext() {
        switchAway(t1, 4);
        String first = startExercise();
        assertThat(answer(t1, first)).isInstanceOf(ErrorResponse.class);

        router.route(lecturer.connection(), new EndSessionRequest(lecturer.nextRequestId()));
        router.route(lecturer.connection(), new StartSessionRequest(lecturer.nextRequestId()));
        String second = startExercise();

        assertThat(answer(t1, second)).isInstanceOf(AnswerExerciseResponse.class);
    }

    @Test
    void aLimitOfZeroNeverLocks() {
        wire(new ProctorPolicy(true, 0));
        String id = startExercise();
        switchAway(t1, 10);

        assertThat(answer(t1, id)).isInstanceOf(AnswerExerciseResponse.class);
    }
}
