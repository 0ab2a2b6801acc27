package org.wlcy.classroom.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.AnswerExerciseRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.AnswerExerciseResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.CloseExerciseRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.CloseExerciseResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseClosedEvent;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseResultEvent;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseStartedEvent;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseSummary;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseTallyEvent;
import org.wlcy.classroom.protocol.ExerciseMessages.ListExercisesRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.ListExercisesResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.StartExerciseRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.StartExerciseResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.ManualScheduler;
import org.wlcy.classroom.testing.MemoryTraceLog;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Exercises through the real router and (synchronous) lanes, with a {@link MutableClock}, a
 * {@link ManualScheduler} on that clock for the deadline and tally timers, and an in-memory trace.
 */
class ExerciseServiceTest {
    private static final ClassroomId CLASS = new ClassroomId("c1");
    private final Identities people = Identities.of(CLASS);
    private final MutableClock clock = new MutableClock();
    private final ManualScheduler timers = new ManualScheduler(clock);
    private final MemoryTraceLog trace = new MemoryTraceLog();
    private final List<Throwable> laneErrors = new CopyOnWriteArrayList<>();
    private AnswerGate gate = AnswerGate.OPEN;
    private MessageRouter router;
    private TestClient lecturer;
    private TestClient t1;
    private TestClient t2;

    @BeforeEach
    void setUp() {
        ExerciseService service = new ExerciseService(trace, clock, IdGenerator.sequential(), timers,
                (c, user) -> gate.refuse(c, user));
        Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(true), new FakeMediaServer(), clock,
                Runnable::run, IdGenerator.sequential(), ClassSessionListener.all(List.of(service)),
                (t, e) -> laneErrors.add(e));
        router = new MessageRouter(classrooms, clock);
        service.register(router, classrooms);
        lecturer = join(people.lecturer("l01"));
        t1 = join(people.person("t01", org.wlcy.classroom.participant.Role.TRAINEE, "王芳"));
        t2 = join(people.trainee("t02"));
        send(lecturer, new StartSessionRequest(lecturer.nextRequestId()));
    }

    @AfterEach
    void noLaneErrors() {
        assertThat(laneErrors).isEmpty();
    }

    private TestClient join(Identity who) {
        TestClient c = TestClient.of(who);
        send(c, new JoinClassRequest(c.nextRequestId(), CLASS), JoinClassResponse.class);
        return c;
    }

    private ServerMessage send(TestClient c, ClientMessage m) {
        router.route(c.connection(), m);
        return c.channel().replyTo(m.requestId());
    }

    private <T extends ServerMessage> T send(TestClient c, ClientMessage m, Class<T> type) {
        router.route(c.connection(), m);
        return c.channel().replyTo(m.requestId(), type);
    }

    private ErrorCode refused(TestClient c, ClientMessage m) {
        router.route(c.connection(), m);
        return c.channel().errorCodeFor(m.requestId());
    }

    /** A single-choice exercise of {@code seconds}: 区块链 is option 1. */
    private String startSingle(int seconds) {
        return send(lecturer, new StartExerciseRequest(lecturer.nextRequestId(), ExerciseKind.SINGLE,
                "哪一项是数字货币的底层技术？", List.of("云计算", "区块链", "大数据"), List.of(1), seconds, 10),
                StartExerciseResponse.class).exercise().exerciseId();
    }

    private AnswerExerciseRequest choose(TestClient who, String exerciseId, Integer... choices) {
        return new AnswerExerciseRequest(who.nextRequestId(), exerciseId, List.of(choices), null);
    }

    // ------------------------------------------------------------------ starting

    @Test
    void everyoneGetsTheExerciseWithTheServersTimeAndNeverTheKey() {
        Instant start = clock.instant();
        String id = startSingle(30);

        ExerciseStartedEvent seen = t1.channel().last(ExerciseStartedEvent.class);
        assertThat(seen.exercise().exerciseId()).isEqualTo(id);
        assertThat(seen.exercise().startedAt()).isEqualTo(start);
        assertThat(seen.exercise().deadline()).isEqualTo(start.plusSeconds(30));
        assertThat(seen.exercise().serverTime()).isEqualTo(start);
        assertThat(seen.exercise().options()).containsExactly("云计算", "区块链", "大数据");
        assertThat(lecturer.channel().ofType(ExerciseStartedEvent.class)).hasSize(1);
        assertThat(t2.channel().ofType(ExerciseStartedEvent.class)).hasSize(1);
        TraceEvent started = trace.of(TraceKind.EXERCISE_STARTED).get(0);
        assertThat(started.userId()).isEqualTo(new UserId("l01"));
        assertThat(started.data()).containsEntry("exerciseId", id).containsEntry("correct", "1")
                .containsEntry("seconds", 30L).containsEntry("option1", "区块链");
    }

    @Test
    void theStartIsAcknowledgedOnlyOnceDurable() {
        trace.holding = true;
        StartExerciseRequest req = new StartExerciseRequest("s1", ExerciseKind.TRUEFALSE, "可以", null, List.of(0),
                20, null);
        router.route(lecturer.connection(), req);
        assertThat(lecturer.channel().ofType(StartExerciseResponse.class)).isEmpty();
        assertThat(t1.channel().ofType(ExerciseStartedEvent.class)).isEmpty();

        trace.release();

        assertThat(lecturer.channel().replyTo("s1", StartExerciseResponse.class).exercise().options())
                .containsExactly("对", "错");
        assertThat(t1.channel().ofType(ExerciseStartedEvent.class)).hasSize(1);
    }

    @Test
    void aTraineeCannotStartAnExercise() {
        assertThat(refused(t1, new StartExerciseRequest(t1.nextRequestId(), ExerciseKind.TRUEFALSE, "p", null,
                List.of(0), 20, null))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(trace.of(TraceKind.EXERCISE_STARTED)).isEmpty();
    }

    @Test
    void exercisesRunDuringALesson() {
        send(lecturer, new EndSessionRequest(lecturer.nextRequestId()));

        assertThat(refused(lecturer, new StartExerciseRequest(lecturer.nextRequestId(), ExerciseKind.TRUEFALSE, "p",
                null, List.of(0), 20, null))).isEqualTo(ErrorCode.NO_LIVE_SESSION);
    }

    @Test
    void oneExerciseAtATime() {
        String first = startSingle(60);

        ErrorResponse second = send(lecturer, new StartExerciseRequest(lecturer.nextRequestId(), ExerciseKind.SINGLE,
                "p", List.of("a", "b"), List.of(0), 60, 10), ErrorResponse.class);
        assertThat(second.error()).isEqualTo("EXERCISE_RUNNING");
        assertThat(second.message()).contains(first);

        send(lecturer, new CloseExerciseRequest(lecturer.nextRequestId(), first), CloseExerciseResponse.class);
        assertThat(startSingle(60)).isNotEqualTo(first);
    }

    // ------------------------------------------------------------------ the deadline, by server time

    @Test
    void anAnswerOneMillisecondBeforeTheDeadlineIsAccepted() {
        String id = startSingle(30);
        clock.advance(Duration.ofSeconds(30).minusMillis(1));

        AnswerExerciseResponse ok = send(t1, choose(t1, id, 1), AnswerExerciseResponse.class);

        assertThat(ok.acceptedAt()).isEqualTo(clock.instant());
        TraceEvent answer = trace.of(TraceKind.EXERCISE_ANSWER).get(0);
        assertThat(answer.userId()).isEqualTo(new UserId("t01"));
        assertThat(answer.data()).containsEntry("exerciseId", id).containsEntry("choices", "1")
                .containsEntry("correct", true).containsEntry("score", 10L).containsEntry("scored", true)
                .containsEntry("latencyMs", 29_999L);
    }

    @Test
    void anAnswerAtTheDeadlineIsRefusedAndRecorded() {
        String id = startSingle(30);
        clock.advance(Duration.ofSeconds(30)); // the timer has not run: the clock alone decides

        ErrorResponse late = send(t1, choose(t1, id, 1), ErrorResponse.class);

        assertThat(late.code()).isEqualTo(217);
        assertThat(late.message()).contains("deadline").contains("0 ms");
        assertThat(trace.of(TraceKind.EXERCISE_ANSWER)).isEmpty();
        assertThat(trace.of(TraceKind.EXERCISE_LATE)).singleElement().satisfies(e -> {
            assertThat(e.userId()).isEqualTo(new UserId("t01"));
            assertThat(e.data()).containsEntry("exerciseId", id).containsEntry("lateMs", 0L)
                    .containsEntry("choices", "1");
        });
    }

    @Test
    void anAnswerAfterTheDeadlineIsRefusedWithHowLateItCame() {
        String id = startSingle(30);
        timers.advance(Duration.ofSeconds(31));

        ErrorResponse late = send(t2, new AnswerExerciseRequest("a", id, null, "区块链"), ErrorResponse.class);

        assertThat(late.error()).isEqualTo("EXERCISE_CLOSED");
        assertThat(trace.of(TraceKind.EXERCISE_LATE).get(0).data()).containsEntry("lateMs", 1000L)
                .containsEntry("text", "区块链");
    }

    @Test
    void theServerClosesTheExerciseAtTheDeadlineByItself() {
        String id = startSingle(30);
        send(t1, choose(t1, id, 1), AnswerExerciseResponse.class);

        timers.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(t1.channel().ofType(ExerciseClosedEvent.class)).isEmpty();
        timers.advance(Duration.ofMillis(1));

        ExerciseClosedEvent closed = t2.channel().last(ExerciseClosedEvent.class);
        assertThat(closed.exerciseId()).isEqualTo(id);
        assertThat(closed.reason()).isEqualTo(CloseReason.DEADLINE);
        assertThat(closed.correct()).containsExactly(1);
        assertThat(closed.answered()).isEqualTo(1);
        assertThat(closed.expected()).isEqualTo(2);
        assertThat(closed.correctRate()).isEqualTo(1.0);
        assertThat(lecturer.channel().ofType(ExerciseClosedEvent.class)).hasSize(1);
        TraceEvent e = trace.of(TraceKind.EXERCISE_CLOSED).get(0);
        assertThat(e.userId()).isEqualTo(new UserId("l01"));
        assertThat(e.recordedAt()).isEqualTo(clock.instant());
        assertThat(e.data()).containsEntry("reason", "deadline").containsEntry("answered", 1L)
                .containsEntry("expected", 2L).containsEntry("correctCount", 1L);
        assertThat(timers.pending()).isZero();
    }

    @Test
    void aTimerThatFiresBeforeTheServersClockReachesTheDeadlineDoesNotClose() {
        MutableClock timerClock = new MutableClock(clock.instant());
        ManualScheduler early = new ManualScheduler(timerClock);
        ExerciseService service = new ExerciseService(trace, clock, IdGenerator.sequential(), early, AnswerGate.OPEN);
        Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(true), new FakeMediaServer(), clock,
                Runnable::run, IdGenerator.sequential(), ClassSessionListener.all(List.of(service)),
                (t, e) -> laneErrors.add(e));
        router = new MessageRouter(classrooms, clock);
        service.register(router, classrooms);
        lecturer = join(people.lecturer("l01"));
        t1 = join(people.trainee("t01"));
        send(lecturer, new StartSessionRequest(lecturer.nextRequestId()));
        String id = startSingle(30);

        timerClock.advance(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29)); // the server's clock is a second behind the timer's
        early.runDue();

        assertThat(t1.channel().ofType(ExerciseClosedEvent.class)).isEmpty();
        assertThat(send(t1, choose(t1, id, 0))).isInstanceOf(AnswerExerciseResponse.class);
        timerClock.advance(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        early.runDue();
        assertThat(t1.channel().last(ExerciseClosedEvent.class).reason()).isEqualTo(CloseReason.DEADLINE);
    }

    @Test
    void aLecturerClosesEarlyAndLaterAnswersAreRefusedAndRecorded() {
        String id = startSingle(60);
        clock.advance(Duration.ofSeconds(5));

        send(lecturer, new CloseExerciseRequest("c1", id), CloseExerciseResponse.class);
        clock.advance(Duration.ofSeconds(2));
        ErrorResponse late = send(t1, choose(t1, id, 1), ErrorResponse.class);

        assertThat(t1.channel().last(ExerciseClosedEvent.class).reason()).isEqualTo(CloseReason.LECTURER);
        assertThat(late.code()).isEqualTo(217);
        assertThat(late.message()).contains("closed");
        assertThat(trace.of(TraceKind.EXERCISE_LATE).get(0).data()).containsEntry("lateMs", 2000L);
        assertThat(timers.pending()).as("the deadline timer is cancelled").isZero();
        assertThat(refused(lecturer, new CloseExerciseRequest(lecturer.nextRequestId(), id)))
                .isEqualTo(ErrorCode.EXERCISE_CLOSED);
    }

    @Test
    void theEndOfTheLessonClosesARunningExercise() {
        String id = startSingle(60);

        send(lecturer, new EndSessionRequest(lecturer.nextRequestId()));

        assertThat(t1.channel().last(ExerciseClosedEvent.class).reason()).isEqualTo(CloseReason.LESSON_ENDED);
        assertThat(refused(t1, choose(t1, id, 1))).isEqualTo(ErrorCode.EXERCISE_CLOSED);
    }

    // ------------------------------------------------------------------ answering

    @Test
    void answeringTwiceIsRefused() {
        String id = startSingle(60);
        send(t1, choose(t1, id, 0), AnswerExerciseResponse.class);

        ErrorResponse again = send(t1, choose(t1, id, 1), ErrorResponse.class);

        assertThat(again.error()).isEqualTo("ALREADY_ANSWERED");
        assertThat(trace.of(TraceKind.EXERCISE_ANSWER)).hasSize(1);
    }

    @Test
    void refusalsOfAnswers() {
        String id = startSingle(60);

        assertThat(refused(t1, choose(t1, "ex-nope", 1))).isEqualTo(ErrorCode.EXERCISE_NOT_FOUND);
        assertThat(refused(lecturer, choose(lecturer, id, 1))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(refused(t1, choose(t1, id, 0, 1))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refused(t1, choose(t1, id, 3))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refused(t1, new AnswerExerciseRequest("x", id, null, "区块链"))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(send(t1, choose(t1, id, 1))).as("a refused answer is no answer").isInstanceOf(
                AnswerExerciseResponse.class);
    }

    @Test
    void aLockedTraineeIsRefusedWithTheReason() {
        String id = startSingle(60);
        gate = (c, user) -> user.value().equals("t02") ? Optional.of("本节课切屏 3 次，练习已锁定") : Optional.empty();

        ErrorResponse locked = send(t2, choose(t2, id, 1), ErrorResponse.class);

        assertThat(locked.code()).isEqualTo(218);
        assertThat(locked.message()).isEqualTo("本节课切屏 3 次，练习已锁定");
        assertThat(send(t1, choose(t1, id, 1))).isInstanceOf(AnswerExerciseResponse.class);
        assertThat(trace.of(TraceKind.EXERCISE_ANSWER)).extracting(e -> e.userId().value()).containsExactly("t01");
    }

    @Test
    void anAnswerIsAcknowledgedOnlyOnceDurableAndOneThatCouldNotBeStoredMayBeSentAgain() {
        String id = startSingle(60);
        trace.holding = true;
        router.route(t1.connection(), new AnswerExerciseRequest("a1", id, List.of(1), null));
        assertThat(t1.channel().ofType(AnswerExerciseResponse.class)).isEmpty();
        trace.failing = true;
        trace.release();
        assertThat(t1.channel().errorCodeFor("a1")).isEqualTo(ErrorCode.INTERNAL);
        laneErrors.clear(); // the failure was handed to the lane's error handler (logged)

        trace.failing = false;
        assertThat(send(t1, choose(t1, id, 1))).isInstanceOf(AnswerExerciseResponse.class);
    }

    // ------------------------------------------------------------------ tally and results

    @Test
    void lecturersGetTheTallyAtMostEvery500Milliseconds() {
        String id = startSingle(60);
        TestClient t3 = join(people.trainee("t03"));

        send(t1, choose(t1, id, 1)); // at 0 ms: goes out at once
        List<ExerciseTallyEvent> tallies = lecturer.channel().ofType(ExerciseTallyEvent.class);
        assertThat(tallies).hasSize(1);
        assertThat(tallies.get(0).answered()).isEqualTo(1);
        assertThat(tallies.get(0).expected()).isEqualTo(3);
        assertThat(tallies.get(0).counts()).containsExactly(0, 1, 0);
        assertThat(tallies.get(0).answers().get(0).displayName()).isEqualTo("王芳");
        assertThat(tallies.get(0).answers().get(0).correct()).isTrue();

        timers.advance(Duration.ofMillis(100));
        send(t2, choose(t2, id, 0));
        timers.advance(Duration.ofMillis(100));
        send(t3, choose(t3, id, 2));
        timers.advance(Duration.ofMillis(299));
        assertThat(lecturer.channel().ofType(ExerciseTallyEvent.class)).as("nothing within 500 ms").hasSize(1);

        timers.advance(Duration.ofMillis(1));
        tallies = lecturer.channel().ofType(ExerciseTallyEvent.class);
        assertThat(tallies).hasSize(2);
        assertThat(tallies.get(1).answered()).isEqualTo(3);
        assertThat(tallies.get(1).counts()).containsExactly(1, 1, 1);
        assertThat(t1.channel().ofType(ExerciseTallyEvent.class)).as("trainees never see it").isEmpty();
    }

    @Test
    void aTallyStillWaitingGoesOutBeforeTheClose() {
        String id = startSingle(60);
        send(t1, choose(t1, id, 1));
        clock.advance(Duration.ofMillis(10));
        send(t2, choose(t2, id, 1));

        send(lecturer, new CloseExerciseRequest(lecturer.nextRequestId(), id));

        List<ServerMessage> seen = lecturer.channel().messages();
        ExerciseTallyEvent last = lecturer.channel().last(ExerciseTallyEvent.class);
        assertThat(last.answered()).isEqualTo(2);
        assertThat(seen.indexOf(last)).isLessThan(seen.indexOf(lecturer.channel().last(ExerciseClosedEvent.class)));
        assertThat(timers.pending()).isZero();
    }

    @Test
    void eachTraineeGetsTheirOwnResultAtTheClose() {
        String id = startSingle(60);
        TestClient t3 = join(people.trainee("t03"));
        send(t1, choose(t1, id, 1));
        send(t2, choose(t2, id, 0));

        timers.advance(Duration.ofSeconds(60));

        ExerciseResultEvent r1 = t1.channel().last(ExerciseResultEvent.class);
        assertThat(r1.yours().choices()).containsExactly(1);
        assertThat(r1.yours().correct()).isTrue();
        assertThat(r1.yours().score()).isEqualTo(10);
        assertThat(r1.correctRate()).isEqualTo(0.5);
        ExerciseResultEvent r2 = t2.channel().last(ExerciseResultEvent.class);
        assertThat(r2.yours().correct()).isFalse();
        assertThat(r2.yours().score()).isZero();
        assertThat(t3.channel().last(ExerciseResultEvent.class).yours()).as("did not answer").isNull();
        assertThat(lecturer.channel().ofType(ExerciseResultEvent.class)).isEmpty();
        assertThat(t3.channel().last(ExerciseClosedEvent.class).expected()).isEqualTo(3);
    }

    @Test
    void aTextExerciseWithoutAcceptedAnswersIsNotScored() {
        String id = send(lecturer, new StartExerciseRequest(lecturer.nextRequestId(), ExerciseKind.TEXT,
                "谈谈你的创业想法", null, null, 300, 10), StartExerciseResponse.class).exercise().exerciseId();
        send(t1, new AnswerExerciseRequest("a", id, null, "  开一家农产品网店 "), AnswerExerciseResponse.class);

        send(lecturer, new CloseExerciseRequest(lecturer.nextRequestId(), id));

        assertThat(trace.of(TraceKind.EXERCISE_ANSWER).get(0).data()).containsEntry("text", "开一家农产品网店")
                .containsEntry("scored", false).doesNotContainKeys("correct", "score");
        ExerciseClosedEvent closed = t1.channel().last(ExerciseClosedEvent.class);
        assertThat(closed.correct()).isNull();
        assertThat(closed.correctRate()).isNull();
        ExerciseResultEvent mine = t1.channel().last(ExerciseResultEvent.class);
        assertThat(mine.yours().text()).isEqualTo("开一家农产品网店");
        assertThat(mine.yours().correct()).isNull();
        assertThat(mine.yours().score()).isNull();
    }

    @Test
    void someoneWhoJoinsWhileAnExerciseRunsIsShownIt() {
        String id = startSingle(60);
        clock.advance(Duration.ofSeconds(20));

        TestClient late = join(people.trainee("t09"));
        TestClient coLecturer = join(people.lecturer("l02"));

        ExerciseStartedEvent seen = late.channel().last(ExerciseStartedEvent.class);
        assertThat(seen.exercise().exerciseId()).isEqualTo(id);
        assertThat(seen.exercise().serverTime()).isEqualTo(clock.instant());
        int joinAt = late.channel().messages().indexOf(late.channel().last(JoinClassResponse.class));
        assertThat(late.channel().messages().indexOf(seen)).isGreaterThan(joinAt);
        assertThat(coLecturer.channel().last(ExerciseTallyEvent.class).expected()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ the list

    @Test
    void lecturersListEveryExerciseWithResultsAndTraineesOnlyTheirOwn() {
        String first = startSingle(30);
        send(t1, choose(t1, first, 1));
        send(t2, choose(t2, first, 2));
        timers.advance(Duration.ofSeconds(30));
        String second = startSingle(30);
        send(t1, choose(t1, second, 0));

        List<ExerciseSummary> all = send(lecturer, new ListExercisesRequest("l"), ListExercisesResponse.class)
                .exercises();
        assertThat(all).extracting(s -> s.exercise().exerciseId()).containsExactly(first, second);
        assertThat(all.get(0).state()).isEqualTo("closed");
        assertThat(all.get(0).correctRate()).isEqualTo(0.5);
        assertThat(all.get(0).answers()).hasSize(2);
        assertThat(all.get(1).state()).isEqualTo("running");
        assertThat(all.get(1).correct()).containsExactly(1);

        List<ExerciseSummary> mine = send(t1, new ListExercisesRequest("t"), ListExercisesResponse.class).exercises();
        assertThat(mine.get(0).yours().correct()).isTrue();
        assertThat(mine.get(0).yours().score()).isEqualTo(10);
        assertThat(mine.get(0).correct()).containsExactly(1);
        assertThat(mine.get(0).answers()).as("never the others' answers").isNull();
        assertThat(mine.get(1).yours().choices()).containsExactly(0);
        assertThat(mine.get(1).yours().correct()).as("not marked before the close").isNull();
        assertThat(mine.get(1).correct()).as("no key before the close").isNull();
        assertThat(mine.get(1).correctRate()).isNull();
    }
}
