package org.wlcy.classroom.proctoring.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.AttendanceMessages.RollCallRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.SignInRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.SignInResponse;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ProctorMessages.ConsentRequest;
import org.wlcy.classroom.protocol.ProctorMessages.ProctorStateEvent;
import org.wlcy.classroom.protocol.ProctorMessages.ProctorWarningEvent;
import org.wlcy.classroom.protocol.ProctorMessages.TraineeProctorView;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.TraceMessages.AppendTraceRequest;
import org.wlcy.classroom.protocol.TraceMessages.AppendTraceResponse;
import org.wlcy.classroom.protocol.TraceMessages.ClientTraceEvent;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.MemoryTraceLog;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceKind;

/** Proctoring through the real router and lanes (synchronous), with an in-memory trace. */
class ProctoringServiceTest {
    private static final ClassroomId CLASS = new ClassroomId("c1");
    private final Identities people = Identities.of(CLASS);
    private final MutableClock clock = new MutableClock();
    private final MemoryTraceLog trace = new MemoryTraceLog();
    private MessageRouter router;
    private String nextFaceOutcome = "face";
    private TestClient lecturer;
    private TestClient trainee;
    private ProctoringService service;

    @BeforeEach
    void setUp() {
        service = new ProctoringService(trace, clock, IdGenerator.sequential(),
                ProctorPolicy.defaults());
        Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(true), new FakeMediaServer(), clock,
                Runnable::run, IdGenerator.sequential(), ClassSessionListener.all(List.of(service)), (t, e) -> {
                    throw new AssertionError(e);
                });
        router = new MessageRouter(classrooms, clock);
        service.register(router, classrooms);
        service.useFaceChecker(publisher -> java.util.concurrent.CompletableFuture.completedFuture(
                new FaceCheckScheduler.Result(nextFaceOutcome, nextFaceOutcome.equals("face") ? 1 : 0, "ab12")));
        lecturer = join(people.lecturer("l01"));
        trainee = join(people.trainee("t01"));
    }

    private TestClient join(Identity who) {
        TestClient c = TestClient.of(who);
        String rid = c.nextRequestId();
        router.route(c.connection(), new JoinClassRequest(rid, CLASS));
        c.channel().replyTo(rid, JoinClassResponse.class);
        return c;
    }

    private void startLesson() {
        String rid = lecturer.nextRequestId();
        router.route(lecturer.connection(), new StartSessionRequest(rid));
    }

    private String send(TestClient who, ClientTraceEvent... events) {
        String rid = who.nextRequestId();
        router.route(who.connection(), new AppendTraceRequest(rid, List.of(events)));
        return rid;
    }

    private ClientTraceEvent ev(String id, TraceKind kind) {
        return new ClientTraceEvent(id, kind, null, Map.of());
    }

    private TraineeProctorView wall(UserId who) {
        return lecturer.channel().last(ProctorStateEvent.class).trainees().stream()
                .filter(t -> t.userId().equals(who)).findFirst().orElseThrow();
    }

    @Test
    void joinsAndLessonsAreWrittenToTheTrace() {
        startLesson();
        assertThat(trace.of(TraceKind.JOINED)).extracting(e -> e.userId().value()).containsExactly("l01", "t01");
        assertThat(trace.of(TraceKind.SESSION_STARTED)).hasSize(1);
        assertThat(wall(new UserId("t01")).present()).isTrue();
    }

    @Test
    void aDroppedConnectionAndItsReturnAreWrittenToTheTrace() {
        var p = trainee.channel().ofType(JoinClassResponse.class).get(0).you();
        service.onParticipantSuspended(CLASS, p);
        clock.advance(java.time.Duration.ofSeconds(12));
        service.onParticipantResumed(CLASS, p, clock.instant().minusSeconds(12));

        assertThat(wall(new UserId("t01")).reconnecting()).as("back: the wall no longer says reconnecting").isFalse();
        assertThat(lecturer.channel().ofType(ProctorStateEvent.class)).as("the wall said so while away")
                .anySatisfy(s -> assertThat(s.trainees()).anySatisfy(t -> {
                    assertThat(t.userId()).isEqualTo(new UserId("t01"));
                    assertThat(t.reconnecting()).isTrue();
                }));
        assertThat(trace.of(TraceKind.PRESENCE_SUSPENDED)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("participantId", p.participantId().value()));
        assertThat(trace.of(TraceKind.PRESENCE_RESUMED)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("awayMs", 12_000L));
    }

    @Test
    void pageEventsAreAcknowledgedOnlyOnceDurable() {
        trace.holding = true;
        String rid = send(trainee, ev("a1", TraceKind.HEARTBEAT));
        assertThat(trainee.channel().ofType(AppendTraceResponse.class)).as("not before it is durable").isEmpty();
        trace.release();
        assertThat(trainee.channel().replyTo(rid, AppendTraceResponse.class).acked()).containsExactly("a1");
        assertThat(trace.of(TraceKind.HEARTBEAT)).singleElement()
                .satisfies(e -> assertThat(e.eventId()).isEqualTo("t01/a1"));
    }

    @Test
    void aFailedStoreIsNotAcknowledged() {
        trace.failing = true;
        String rid = send(trainee, ev("a1", TraceKind.HEARTBEAT));
        assertThat(trainee.channel().replyTo(rid, ErrorResponse.class).code()).isEqualTo(ErrorCode.INTERNAL.code());
    }

    @Test
    void resentEventsAreAcknowledgedButNeitherStoredNorCountedTwice() {
        startLesson();
        send(trainee, ev("a1", TraceKind.VISIBILITY_HIDDEN));
        String again = send(trainee, ev("a1", TraceKind.VISIBILITY_HIDDEN), ev("a2", TraceKind.VISIBILITY_VISIBLE));
        assertThat(trainee.channel().replyTo(again, AppendTraceResponse.class).acked()).containsExactly("a1", "a2");
        assertThat(trace.of(TraceKind.VISIBILITY_HIDDEN)).hasSize(1);
        assertThat(wall(new UserId("t01")).tabSwitches()).isEqualTo(1);
    }

    @Test
    void aTabSwitchWarnsTheTraineeAndShowsOnTheLecturersWall() {
        startLesson();
        send(trainee, ev("h1", TraceKind.VISIBILITY_HIDDEN), ev("b1", TraceKind.WINDOW_BLUR));
        ProctorWarningEvent warning = trainee.channel().last(ProctorWarningEvent.class);
        assertThat(warning.reason()).isEqualTo("tab-switch");
        assertThat(warning.count()).as("hidden + blur of one switch count once").isEqualTo(1);
        assertThat(wall(new UserId("t01")).hidden()).isTrue();

        clock.advance(Duration.ofSeconds(42));
        send(trainee, ev("v1", TraceKind.VISIBILITY_VISIBLE), ev("f1", TraceKind.WINDOW_FOCUS));
        TraineeProctorView back = wall(new UserId("t01"));
        assertThat(back.hidden()).isFalse();
        assertThat(back.hiddenSeconds()).isEqualTo(42);
        assertThat(trace.of(TraceKind.TAB_SWITCH_WARNING)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("count", 1L));
        assertThat(trainee.channel().ofType(ProctorStateEvent.class)).as("trainees never see the wall").isEmpty();
    }

    @Test
    void switchesPastTheLimitAreRecordedAsLockingTheExercise() {
        startLesson();
        for (int i = 1; i <= 3; i++) {
            send(trainee, ev("h" + i, TraceKind.VISIBILITY_HIDDEN), ev("v" + i, TraceKind.VISIBILITY_VISIBLE));
        }
        assertThat(trace.of(TraceKind.TAB_SWITCH_WARNING)).last()
                .satisfies(e -> assertThat(e.data()).containsEntry("action", "exercise-locked"));
        assertThat(trainee.channel().last(ProctorWarningEvent.class).count()).isEqualTo(3);
    }

    @Test
    void consentIsRecordedWithTheNoticeVersion() {
        String rid = trainee.nextRequestId();
        router.route(trainee.connection(), new ConsentRequest(rid, false, "2026-11"));
        assertThat(trace.of(TraceKind.CONSENT)).singleElement().satisfies(e -> assertThat(e.data())
                .containsEntry("granted", false).containsEntry("noticeVersion", "2026-11"));
        assertThat(wall(new UserId("t01")).consent()).isEqualTo("declined");
    }

    @Test
    void signInOpensWithTheLessonAndRollCallIsForLecturers() {
        String early = trainee.nextRequestId();
        router.route(trainee.connection(), new SignInRequest(early, "click"));
        assertThat(trainee.channel().replyTo(early, ErrorResponse.class).code())
                .isEqualTo(ErrorCode.NO_LIVE_SESSION.code());
        startLesson();
        String rid = trainee.nextRequestId();
        router.route(trainee.connection(), new SignInRequest(rid, "click"));
        assertThat(trainee.channel().replyTo(rid, SignInResponse.class).result()).isEqualTo("ok");
        assertThat(wall(new UserId("t01")).signedIn()).isTrue();

        String bad = trainee.nextRequestId();
        router.route(trainee.connection(), new RollCallRequest(bad, new UserId("t01"), true));
        assertThat(trainee.channel().replyTo(bad, ErrorResponse.class).code())
                .isEqualTo(ErrorCode.ROLE_FORBIDDEN.code());
        String call = lecturer.nextRequestId();
        router.route(lecturer.connection(), new RollCallRequest(call, new UserId("t01"), true));
        assertThat(trace.of(TraceKind.ROLL_CALL)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("by", "l01"));
    }

    @Test
    void faceSignInNeedsConsentACameraAndAFace() {
        startLesson();
        String noConsent = trainee.nextRequestId();
        router.route(trainee.connection(), new SignInRequest(noConsent, "face"));
        assertThat(trainee.channel().replyTo(noConsent, ErrorResponse.class).message()).contains("consent");

        router.route(trainee.connection(), new ConsentRequest(trainee.nextRequestId(), true, "2026-11"));
        String noCamera = trainee.nextRequestId();
        router.route(trainee.connection(), new SignInRequest(noCamera, "face"));
        assertThat(trainee.channel().replyTo(noCamera, ErrorResponse.class).message()).contains("camera");

        router.route(trainee.connection(), new org.wlcy.classroom.protocol.MediaMessages.PublishRequest(
                trainee.nextRequestId(), org.wlcy.classroom.stream.StreamKind.PROCTOR, FakeMediaServer.browserOffer("p")));
        nextFaceOutcome = "no-face";
        String noFace = trainee.nextRequestId();
        router.route(trainee.connection(), new SignInRequest(noFace, "face"));
        ErrorResponse refused = trainee.channel().replyTo(noFace, ErrorResponse.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.SIGN_IN_FAILED.code());
        assertThat(refused.message()).contains("no face");
        assertThat(trace.of(TraceKind.SIGN_IN)).isEmpty();

        nextFaceOutcome = "face";
        String ok = trainee.nextRequestId();
        router.route(trainee.connection(), new SignInRequest(ok, "face"));
        assertThat(trainee.channel().replyTo(ok, SignInResponse.class).method()).isEqualTo("face");
        assertThat(trace.of(TraceKind.SIGN_IN)).singleElement().satisfies(e -> assertThat(e.data())
                .containsEntry("method", "face").containsEntry("frameSha256", "ab12"));
        assertThat(wall(new UserId("t01")).signInMethod()).isEqualTo("face");
    }
}
