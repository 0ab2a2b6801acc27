package org.wlcy.classroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomDirectory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.media.MediaRoom;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.media.MediaServerListener;
import org.wlcy.classroom.media.RoomSpec;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClassMessages.LeaveClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.LeaveClassResponse;
import org.wlcy.classroom.protocol.ClassMessages.ParticipantLeftEvent;
import org.wlcy.classroom.protocol.MediaMessages.MediaLostEvent;
import org.wlcy.classroom.protocol.MediaMessages.MediaRestoredEvent;
import org.wlcy.classroom.protocol.MediaMessages.PublishRequest;
import org.wlcy.classroom.protocol.MediaMessages.PublishResponse;
import org.wlcy.classroom.protocol.PingMessages.PingRequest;
import org.wlcy.classroom.protocol.PingMessages.PingResponse;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.testing.DirectExecutor;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;

/** {@link MessageRouter} over {@link Classrooms} with synchronous lanes and the fake media server. */
class MessageRouterTest {
    private static final ClassroomId CLASS_ID = new ClassroomId("demo-class");
    private static final ClassroomId GHOST = new ClassroomId("ghost-class");

    private final Identities people = Identities.of(CLASS_ID);
    private final FakeMediaServer media = new FakeMediaServer();
    private final MutableClock clock = new MutableClock();
    private final List<Throwable> laneErrors = new CopyOnWriteArrayList<>();
    private Classrooms classrooms = classrooms(new InMemoryClassroomDirectory(false)
            .add(Classroom.of(CLASS_ID, "网络创业培训示范班")), media);
    private MessageRouter router = new MessageRouter(classrooms, clock);

    private Classrooms classrooms(ClassroomDirectory directory, MediaServer mediaServer) {
        return new Classrooms(directory, mediaServer, clock, DirectExecutor.INSTANCE, IdGenerator.sequential(),
                ClassSessionListener.NONE, (thread, error) -> laneErrors.add(error));
    }

    private TestClient connect(Identity identity) {
        return TestClient.of(identity);
    }

    private ServerMessage send(TestClient c, ClientMessage m) {
        router.route(c.connection(), m);
        return c.channel().replyTo(m.requestId());
    }

    private TestClient joined(Identity identity) {
        TestClient c = connect(identity);
        assertThat(send(c, new JoinClassRequest(c.nextRequestId(), CLASS_ID))).isInstanceOf(JoinClassResponse.class);
        return c;
    }

    private LiveClassroom demo() {
        return classrooms.find(CLASS_ID).orElseThrow();
    }

    @Test
    void pingWorksBeforeJoining() {
        TestClient c = connect(people.trainee("t01"));

        assertThat(send(c, new PingRequest("r1"))).isEqualTo(new PingResponse("r1", clock.instant()));
    }

    static Stream<Arguments> requestsThatNeedAClass() {
        return ProtocolSamples.client().entrySet().stream()
                .filter(e -> !e.getKey().equals("class.join") && !e.getKey().equals("ping"))
                .map(e -> arguments(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsThatNeedAClass")
    void everyOtherRequestBeforeJoiningIsNotJoined(String type, ClientMessage request) {
        TestClient c = connect(people.lecturer("l01"));

        router.route(c.connection(), request);

        assertThat(c.channel().errorCodeFor(request.requestId())).isEqualTo(ErrorCode.NOT_JOINED);
        assertThat(media.requestCount()).isZero();
    }

    @Test
    void joiningAClassTheTokenDoesNotListIsNotAMember() {
        TestClient c = connect(Identities.withClasses("t01", Role.TRAINEE, new ClassroomId("other-class")));

        router.route(c.connection(), new JoinClassRequest("r1", CLASS_ID));

        assertThat(c.channel().errorCodeFor("r1")).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(c.connection().classroom()).isNull();
        assertThat(demo().participants()).isEmpty();
    }

    @Test
    void anOutsiderCannotMakeTheServerCreateAClass() {
        classrooms = classrooms(new InMemoryClassroomDirectory(true), media);
        router = new MessageRouter(classrooms, clock);
        TestClient c = connect(Identities.withClasses("t01", Role.TRAINEE, CLASS_ID));

        router.route(c.connection(), new JoinClassRequest("r1", GHOST));

        assertThat(c.channel().errorCodeFor("r1")).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(classrooms.all()).isEmpty();
    }

    @Test
    void anUnknownClassIsNotFoundWhenTheDirectoryOnlyKnowsItsOwn() {
        TestClient c = connect(Identities.withClasses("t01", Role.TRAINEE, CLASS_ID, GHOST));

        router.route(c.connection(), new JoinClassRequest("r1", GHOST));

        assertThat(c.channel().errorCodeFor("r1")).isEqualTo(ErrorCode.CLASS_NOT_FOUND);
        assertThat(classrooms.all()).extracting(LiveClassroom::id).doesNotContain(GHOST);
    }

    @Test
    void aClassATokenListsIsCreatedWithArt7LimitsWhenTheDirectoryAcceptsTokens() {
        classrooms = classrooms(new InMemoryClassroomDirectory(true), media);
        router = new MessageRouter(classrooms, clock);
        TestClient c = connect(Identities.withClasses("t01", Role.TRAINEE, GHOST));

        router.route(c.connection(), new JoinClassRequest("r1", GHOST));

        JoinClassResponse ok = c.channel().replyTo("r1", JoinClassResponse.class);
        assertThat(ok.classroom().classroomId()).isEqualTo(GHOST);
        assertThat(ok.classroom().maxTrainees()).isEqualTo(30);
        assertThat(ok.classroom().maxLecturers()).isEqualTo(2);
    }

    @Test
    void joiningTwiceOnOneConnectionIsAlreadyJoined() {
        TestClient c = joined(people.trainee("t01"));

        router.route(c.connection(), new JoinClassRequest("again", CLASS_ID));

        assertThat(c.channel().errorCodeFor("again")).isEqualTo(ErrorCode.ALREADY_JOINED);
        assertThat(demo().participants()).singleElement()
                .satisfies(p -> assertThat(p.participantId()).isEqualTo(c.participantId()));
        assertThat(c.channel().isClosed()).isFalse();
    }

    @Test
    void aClosedConnectionLeavesTheClass() {
        TestClient lecturer = joined(people.lecturer("l01"));
        TestClient trainee = joined(people.trainee("t01"));
        var pid = trainee.participantId();

        router.closed(trainee.connection(), LeaveReason.SIGNAL_TIMEOUT);

        assertThat(demo().participants()).extracting(p -> p.userId().value()).containsExactly("l01");
        assertThat(lecturer.channel().last(ParticipantLeftEvent.class).participantId()).isEqualTo(pid);
        assertThat(lecturer.channel().last(ParticipantLeftEvent.class).reason()).isEqualTo(LeaveReason.SIGNAL_TIMEOUT);
        assertThat(trainee.connection().classroom()).isNull();
    }

    @Test
    void closingAConnectionThatNeverJoinedIsHarmless() {
        TestClient lecturer = joined(people.lecturer("l01"));
        TestClient c = connect(people.trainee("t01"));

        router.closed(c.connection(), LeaveReason.CLIENT_REQUEST);

        assertThat(lecturer.channel().ofType(ParticipantLeftEvent.class)).isEmpty();
        assertThat(laneErrors).isEmpty();
    }

    @Test
    void afterLeavingRequestsNeedAJoinAgainAndTheConnectionMayRejoin() {
        TestClient c = joined(people.trainee("t01"));

        assertThat(send(c, new LeaveClassRequest("bye"))).isEqualTo(new LeaveClassResponse("bye"));
        router.route(c.connection(), new LeaveClassRequest("bye2"));
        assertThat(c.channel().errorCodeFor("bye2")).isEqualTo(ErrorCode.NOT_JOINED);

        assertThat(send(c, new JoinClassRequest("back", CLASS_ID))).isInstanceOf(JoinClassResponse.class);
    }

    @Test
    void aRefusalIsAnErrorReplyAndTheConnectionGoesOn() {
        TestClient trainee = joined(people.trainee("t01"));

        router.route(trainee.connection(), new StartSessionRequest("s1"));

        assertThat(trainee.channel().errorFor("s1").code()).isEqualTo(ErrorCode.ROLE_FORBIDDEN.code());
        assertThat(send(trainee, new PingRequest("p1"))).isInstanceOf(PingResponse.class);
        assertThat(trainee.channel().isClosed()).isFalse();
        assertThat(laneErrors).isEmpty();
    }

    @Test
    void aLecturerCanStartAndPublishThroughTheRouter() {
        TestClient lecturer = joined(people.lecturer("l01"));

        assertThat(send(lecturer, new StartSessionRequest("s1"))).isInstanceOf(StartSessionResponse.class);
        PublishResponse ok = (PublishResponse) send(lecturer,
                new PublishRequest("p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1")));

        assertThat(ok.sdp()).contains(FakeMediaServer.ANSWER_MARKER);
    }

    @Test
    void mediaServerAvailabilityReachesEveryLiveClass() {
        TestClient lecturer = joined(people.lecturer("l01"));
        TestClient trainee = joined(people.trainee("t01"));

        media.goDown("media server connection lost");
        media.comeBack();

        for (TestClient c : List.of(lecturer, trainee)) {
            assertThat(c.channel().last(MediaLostEvent.class).reason()).isEqualTo("media server connection lost");
            assertThat(c.channel().ofType(MediaRestoredEvent.class)).hasSize(1);
        }
    }

    /** docs/protocol.md: every request gets exactly one reply; a server bug is 500 INTERNAL. */
    @Test
    void aServerBugStillAnswersTheRequestWithInternal() {
        MediaServer broken = new MediaServer() {
            @Override
            public CompletionStage<MediaRoom> openRoom(RoomSpec spec) {
                throw new IllegalStateException("adapter bug");
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public void addListener(MediaServerListener listener) {
            }

            @Override
            public void close() {
            }
        };
        classrooms = classrooms(new InMemoryClassroomDirectory(false).add(Classroom.of(CLASS_ID, "班")), broken);
        router = new MessageRouter(classrooms, clock);
        TestClient lecturer = joined(people.lecturer("l01"));

        router.route(lecturer.connection(), new StartSessionRequest("s1"));

        assertThat(laneErrors).as("the bug is reported to the lane's handler").isNotEmpty();
        assertThat(lecturer.channel().errorCodeFor("s1")).isEqualTo(ErrorCode.INTERNAL);
    }
}
