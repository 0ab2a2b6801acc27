package org.wlcy.classroom.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.MediaServerListener;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.ParticipantId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClassMessages.LeaveClassResponse;
import org.wlcy.classroom.protocol.ClassMessages.ParticipantJoinedEvent;
import org.wlcy.classroom.protocol.ClassMessages.ParticipantLeftEvent;
import org.wlcy.classroom.protocol.ClassMessages.PresenceReplacedEvent;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MediaMessages.AnswerResponse;
import org.wlcy.classroom.protocol.MediaMessages.MediaLostEvent;
import org.wlcy.classroom.protocol.MediaMessages.MediaRestoredEvent;
import org.wlcy.classroom.protocol.MediaMessages.MediaStateEvent;
import org.wlcy.classroom.protocol.MediaMessages.PublishResponse;
import org.wlcy.classroom.protocol.MediaMessages.StreamPublishedEvent;
import org.wlcy.classroom.protocol.MediaMessages.StreamUnpublishedEvent;
import org.wlcy.classroom.protocol.MediaMessages.StreamView;
import org.wlcy.classroom.protocol.MediaMessages.SubscribeResponse;
import org.wlcy.classroom.protocol.MediaMessages.TrickleEvent;
import org.wlcy.classroom.protocol.MediaMessages.TrickleResponse;
import org.wlcy.classroom.protocol.MediaMessages.UnpublishResponse;
import org.wlcy.classroom.protocol.MediaMessages.UnsubscribeResponse;
import org.wlcy.classroom.protocol.MessageTypes;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionResponse;
import org.wlcy.classroom.protocol.SessionMessages.SessionEndedEvent;
import org.wlcy.classroom.protocol.SessionMessages.SessionStartedEvent;
import org.wlcy.classroom.protocol.SessionMessages.SessionView;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.stream.StreamId;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.stream.SubscriptionId;
import org.wlcy.classroom.testing.DirectExecutor;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.FakeMediaServer.FakePublisher;
import org.wlcy.classroom.testing.FakeMediaServer.FakeSubscriber;
import org.wlcy.classroom.testing.FakeMediaServer.Op;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;

/** {@link LiveClassroom} on a synchronous lane with the fake media server. */
class LiveClassroomTest {
    private static final ClassroomId CLASS_ID = new ClassroomId("demo-class");
    private static final IceCandidate CANDIDATE =
            new IceCandidate("candidate:1 1 udp 2015363327 127.0.0.2 50000 typ host", "0", 0);

    private final Identities people = Identities.of(CLASS_ID);
    private final Classroom classroom = Classroom.of(CLASS_ID, "网络创业培训示范班");
    private final FakeMediaServer media = new FakeMediaServer();
    private final MutableClock clock = new MutableClock();
    private final RecordingListener listener = new RecordingListener();
    private LiveClassroom room;

    @BeforeEach
    void setUp() {
        room = new LiveClassroom(classroom, media, clock, DirectExecutor.INSTANCE, IdGenerator.sequential(),
                listener);
        // What Classrooms does for every live class.
        media.addListener(new MediaServerListener() {
            @Override
            public void onMediaServerLost(String reason) {
                room.onMediaLost(reason);
            }

            @Override
            public void onMediaServerAvailable() {
                room.onMediaRestored();
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    private TestClient join(Identity identity) {
        TestClient c = TestClient.of(identity);
        String rid = c.nextRequestId();
        room.join(c.connection(), rid);
        c.channel().replyTo(rid, JoinClassResponse.class);
        return c;
    }

    private List<TestClient> joinTrainees(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> join(people.trainee(String.format("t%02d", i)))).toList();
    }

    private SessionView start(TestClient lecturer) {
        String rid = lecturer.nextRequestId();
        room.startSession(lecturer.connection(), rid);
        return lecturer.channel().replyTo(rid, StartSessionResponse.class).session();
    }

    private PublishResponse publish(TestClient lecturer, StreamKind kind) {
        String rid = lecturer.nextRequestId();
        room.publish(lecturer.connection(), rid, kind, FakeMediaServer.browserOffer(rid));
        return lecturer.channel().replyTo(rid, PublishResponse.class);
    }

    private SubscribeResponse subscribe(TestClient who, StreamId stream) {
        String rid = who.nextRequestId();
        room.subscribe(who.connection(), rid, stream);
        return who.channel().replyTo(rid, SubscribeResponse.class);
    }

    private static void assertRefused(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ClassroomException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    private static List<ParticipantId> ids(List<Participant> ps) {
        return ps.stream().map(Participant::participantId).toList();
    }

    private static List<StreamId> published(TestClient c) {
        return c.channel().ofType(StreamPublishedEvent.class).stream().map(e -> e.stream().streamId()).toList();
    }

    private static List<StreamId> unpublished(TestClient c) {
        return c.channel().ofType(StreamUnpublishedEvent.class).stream().map(StreamUnpublishedEvent::streamId)
                .toList();
    }

    // ------------------------------------------------------------------ presence

    @Nested
    class Joining {
        @Test
        void joinOkDescribesTheClassAndTheJoiner() {
            clock.advance(Duration.ofSeconds(5));
            Instant now = clock.instant();
            TestClient t = TestClient.of(people.person("t01", Role.TRAINEE, "王芳"));

            room.join(t.connection(), "r1");

            JoinClassResponse ok = t.channel().replyTo("r1", JoinClassResponse.class);
            assertThat(ok.protocolVersion()).isEqualTo(MessageTypes.PROTOCOL_VERSION);
            assertThat(ok.serverTime()).isEqualTo(now);
            assertThat(ok.classroom().classroomId()).isEqualTo(CLASS_ID);
            assertThat(ok.classroom().name()).isEqualTo("网络创业培训示范班");
            assertThat(ok.classroom().maxTrainees()).isEqualTo(30);
            assertThat(ok.classroom().maxLecturers()).isEqualTo(2);
            assertThat(ok.you().userId()).isEqualTo(new UserId("t01"));
            assertThat(ok.you().displayName()).isEqualTo("王芳");
            assertThat(ok.you().role()).isEqualTo(Role.TRAINEE);
            assertThat(ok.you().joinedAt()).isEqualTo(now);
            assertThat(ok.session()).as("no lesson is live").isNull();
            assertThat(ok.streams()).isEmpty();
            assertThat(t.connection().classroom()).isSameAs(room);
            assertThat(t.participantId()).isEqualTo(ok.you().participantId());
            assertThat(room.participants()).extracting(Participant::userId).containsExactly(new UserId("t01"));
        }

        @Test
        void joinOkDuringALessonShowsTheLessonThePeopleAndTheStreams() {
            TestClient lecturer = join(people.lecturer("l01"));
            SessionView lesson = start(lecturer);
            PublishResponse camera = publish(lecturer, StreamKind.CAMERA);
            TestClient early = join(people.trainee("t01"));

            TestClient late = TestClient.of(people.trainee("t02"));
            room.join(late.connection(), "r1");

            JoinClassResponse ok = late.channel().replyTo("r1", JoinClassResponse.class);
            assertThat(ok.session()).isEqualTo(lesson);
            assertThat(ok.session().state()).isEqualTo("live");
            assertThat(ids(ok.participants())).as("the people already present, in joining order")
                    .containsSubsequence(lecturer.participantId(), early.participantId());
            assertThat(ok.streams()).singleElement().satisfies(s -> {
                assertThat(s.streamId()).isEqualTo(camera.streamId());
                assertThat(s.participantId()).isEqualTo(lecturer.participantId());
                assertThat(s.userId()).isEqualTo(new UserId("l01"));
                assertThat(s.kind()).isEqualTo(StreamKind.CAMERA);
            });
        }

        /** docs/protocol.md (after 421a5f0): "participants lists everyone present, including you (last)". */
        @Test
        void participantsListEveryoneWithTheJoinerLast() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            TestClient me = TestClient.of(people.trainee("t02"));

            room.join(me.connection(), "r1");

            JoinClassResponse ok = me.channel().replyTo("r1", JoinClassResponse.class);
            assertThat(ids(ok.participants()))
                    .containsExactly(lecturer.participantId(), trainee.participantId(), ok.you().participantId());
        }

        @Test
        void othersAreToldWhoJoinedAndTheJoinerIsNotToldAboutThemselves() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient regulator = join(people.regulator("g01"));

            TestClient t = join(people.trainee("t01"));

            for (TestClient other : List.of(lecturer, regulator)) {
                assertThat(other.channel().last(ParticipantJoinedEvent.class).participant())
                        .satisfies(p -> {
                            assertThat(p.participantId()).isEqualTo(t.participantId());
                            assertThat(p.userId()).isEqualTo(new UserId("t01"));
                            assertThat(p.role()).isEqualTo(Role.TRAINEE);
                        });
            }
            assertThat(t.channel().ofType(ParticipantJoinedEvent.class)).isEmpty();
            assertThat(listener.log).contains("joined t01");
        }

        @Test
        void leavingTellsTheOthersAndAnswersTheLeaver() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient t = join(people.trainee("t01"));
            ParticipantId pid = t.participantId();

            room.leave(t.connection(), "bye", LeaveReason.CLIENT_REQUEST);

            assertThat(t.channel().replyTo("bye")).isEqualTo(new LeaveClassResponse("bye"));
            assertThat(lecturer.channel().last(ParticipantLeftEvent.class))
                    .isEqualTo(new ParticipantLeftEvent(pid, new UserId("t01"), LeaveReason.CLIENT_REQUEST));
            assertThat(room.participants()).extracting(Participant::userId).containsExactly(new UserId("l01"));
            assertThat(t.connection().classroom()).isNull();
            assertThat(listener.log).contains("left t01 CLIENT_REQUEST");
        }

        @Test
        void aNonMemberIsRefused() {
            TestClient outsider = TestClient.of(Identities.withClasses("t99", Role.TRAINEE,
                    new ClassroomId("other-class")));

            assertRefused(ErrorCode.NOT_A_MEMBER, () -> room.join(outsider.connection(), "r1"));

            assertThat(room.participants()).isEmpty();
            assertThat(outsider.connection().classroom()).isNull();
        }

        @Test
        void anAdminMayEnterAClassTheTokenDoesNotList() {
            TestClient admin = TestClient.of(Identities.withClasses("a01", Role.ADMIN));

            room.join(admin.connection(), "r1");

            assertThat(admin.channel().replyTo("r1")).isInstanceOf(JoinClassResponse.class);
        }

        @Test
        void aConnectionCannotJoinTwice() {
            TestClient t = join(people.trainee("t01"));

            assertRefused(ErrorCode.ALREADY_JOINED, () -> room.join(t.connection(), "again"));

            assertThat(room.participants()).hasSize(1);
        }
    }

    @Nested
    class Art7Limits {
        @Test
        void the31stTraineeIsRefusedAndTheThirtyStay() {
            TestClient lecturer = join(people.lecturer("l01"));
            List<TestClient> thirty = joinTrainees(30);
            lecturer.channel().clear();

            TestClient extra = TestClient.of(people.trainee("t31"));
            assertRefused(ErrorCode.CLASS_FULL, () -> room.join(extra.connection(), "r1"));

            assertThat(room.participants()).filteredOn(p -> p.role() == Role.TRAINEE).hasSize(30);
            assertThat(extra.connection().classroom()).isNull();
            assertThat(lecturer.channel().messages()).as("nobody joined or left").isEmpty();
            assertThat(thirty).allSatisfy(t -> assertThat(t.channel().ofType(ParticipantLeftEvent.class)).isEmpty());
        }

        @Test
        void aSeatFreedByALeaverCanBeTaken() {
            List<TestClient> thirty = joinTrainees(30);
            room.leave(thirty.get(0).connection(), null, LeaveReason.SIGNAL_TIMEOUT);

            TestClient next = join(people.trainee("t31"));

            assertThat(next.connection().classroom()).isSameAs(room);
            assertThat(room.participants()).hasSize(30);
        }

        @Test
        void aThirdLecturerIsRefused() {
            join(people.lecturer("l01"));
            join(people.lecturer("l02"));

            TestClient third = TestClient.of(people.lecturer("l03"));
            assertRefused(ErrorCode.CLASS_FULL, () -> room.join(third.connection(), "r1"));

            assertThat(room.participants()).filteredOn(p -> p.role() == Role.LECTURER).hasSize(2);
        }

        @Test
        void lecturersAndTraineesHaveSeparateLimits() {
            joinTrainees(30);

            TestClient lecturer = join(people.lecturer("l01"));

            assertThat(lecturer.connection().classroom()).isSameAs(room);
        }

        @Test
        void regulatorsAndAdminsDoNotCount() {
            join(people.lecturer("l01"));
            join(people.lecturer("l02"));
            joinTrainees(30);

            TestClient regulator = join(people.regulator("g01"));
            TestClient regulator2 = join(people.regulator("g02"));
            TestClient admin = join(people.admin("a01"));

            assertThat(List.of(regulator, regulator2, admin))
                    .allSatisfy(c -> assertThat(c.connection().classroom()).isSameAs(room));
            assertThat(room.participants()).hasSize(35);
        }

        @Test
        void aSmallerClassHasSmallerLimits() {
            room = new LiveClassroom(new Classroom(CLASS_ID, "small", 2, 1), media, clock, DirectExecutor.INSTANCE,
                    IdGenerator.sequential(), listener);
            joinTrainees(2);
            join(people.lecturer("l01"));

            assertRefused(ErrorCode.CLASS_FULL, () -> room.join(TestClient.of(people.trainee("t03")).connection(), "r"));
            assertRefused(ErrorCode.CLASS_FULL, () -> room.join(TestClient.of(people.lecturer("l02")).connection(), "r"));
        }
    }

    @Nested
    class DuplicateIdentity {
        @Test
        void joiningAgainReplacesTheEarlierPresence() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient firstTab = join(people.trainee("t01"));
            ParticipantId oldId = firstTab.participantId();
            lecturer.channel().clear();

            TestClient secondTab = join(people.trainee("t01"));

            assertThat(firstTab.channel().lastMessage()).as("told before the close")
                    .isInstanceOf(PresenceReplacedEvent.class);
            assertThat(firstTab.channel().last(PresenceReplacedEvent.class).reason())
                    .isEqualTo(LeaveReason.DUPLICATE_IDENTITY);
            assertThat(firstTab.channel().closedWith()).isEqualTo(LeaveReason.DUPLICATE_IDENTITY);
            assertThat(firstTab.connection().classroom()).isNull();
            assertThat(lecturer.channel().messages()).satisfiesExactly(
                    left -> assertThat(left).isEqualTo(
                            new ParticipantLeftEvent(oldId, new UserId("t01"), LeaveReason.DUPLICATE_IDENTITY)),
                    joined -> assertThat(((ParticipantJoinedEvent) joined).participant().participantId())
                            .isEqualTo(secondTab.participantId()));
            assertThat(secondTab.participantId()).isNotEqualTo(oldId);
            assertThat(room.participants()).extracting(Participant::participantId)
                    .containsExactly(lecturer.participantId(), secondTab.participantId());
            assertThat(secondTab.channel().ofType(ParticipantLeftEvent.class)).as("not told about its own old self")
                    .isEmpty();
        }

        @Test
        void theReplacementDoesNotCountTwiceAgainstAFullClass() {
            List<TestClient> thirty = joinTrainees(30);

            TestClient again = join(people.trainee("t07"));

            assertThat(again.connection().classroom()).isSameAs(room);
            assertThat(thirty.get(6).channel().closedWith()).isEqualTo(LeaveReason.DUPLICATE_IDENTITY);
            assertThat(room.participants()).hasSize(30);
        }

        @Test
        void aLecturerReplacingTheirPresenceEndsTheOldStreams() {
            TestClient firstTab = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(firstTab);
            PublishResponse camera = publish(firstTab, StreamKind.CAMERA);
            FakePublisher publisher = media.lastPublisher();

            join(people.lecturer("l01"));

            assertThat(publisher.isClosed()).isTrue();
            assertThat(unpublished(trainee)).containsExactly(camera.streamId());
        }

        @Test
        void theOldConnectionLeavingLaterDoesNotRemoveTheNewPresence() {
            TestClient firstTab = join(people.trainee("t01"));
            TestClient secondTab = join(people.trainee("t01"));

            room.leave(firstTab.connection(), null, LeaveReason.CLIENT_REQUEST);

            assertThat(room.participants()).extracting(Participant::participantId)
                    .containsExactly(secondTab.participantId());
            assertThat(secondTab.connection().classroom()).isSameAs(room);
        }
    }

    // ------------------------------------------------------------------ the lesson

    @Nested
    class Lesson {
        @Test
        void traineesAndRegulatorsCannotStartEndOrPublish() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            TestClient regulator = join(people.regulator("g01"));

            for (TestClient c : List.of(trainee, regulator)) {
                assertRefused(ErrorCode.ROLE_FORBIDDEN, () -> room.startSession(c.connection(), "s"));
            }
            assertThat(room.liveSession()).isNull();
            start(lecturer);
            for (TestClient c : List.of(trainee, regulator)) {
                assertRefused(ErrorCode.ROLE_FORBIDDEN,
                        () -> room.publish(c.connection(), "p", StreamKind.SCREEN, FakeMediaServer.browserOffer("x")));
                assertRefused(ErrorCode.ROLE_FORBIDDEN, () -> room.endSession(c.connection(), "e"));
            }
            assertRefused(ErrorCode.ROLE_FORBIDDEN, () -> room.publish(regulator.connection(), "p", StreamKind.CAMERA,
                    FakeMediaServer.browserOffer("x")));
            assertRefused(ErrorCode.NOT_INVITED, () -> room.publish(trainee.connection(), "p", StreamKind.CAMERA,
                    FakeMediaServer.browserOffer("x")));
            assertThat(room.liveSession()).as("still live").isNotNull();
            assertThat(media.publishers()).isEmpty();
        }

        @Test
        void startingTellsTheLecturerAndTheClass() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            TestClient regulator = join(people.regulator("g01"));
            clock.advance(Duration.ofMinutes(1));

            SessionView view = start(lecturer);

            assertThat(view.state()).isEqualTo("live");
            assertThat(view.classroomId()).isEqualTo(CLASS_ID);
            assertThat(view.startedBy()).isEqualTo(new UserId("l01"));
            assertThat(view.startedAt()).isEqualTo(clock.instant());
            assertThat(view.endedAt()).isNull();
            assertThat(view.sessionId()).isNotBlank();
            for (TestClient c : List.of(trainee, regulator)) {
                assertThat(c.channel().last(SessionStartedEvent.class).session()).isEqualTo(view);
            }
            assertThat(media.openRooms()).singleElement().satisfies(r -> {
                assertThat(r.spec().name()).contains(CLASS_ID.value()).contains(view.sessionId());
                assertThat(r.spec().maxPublishers()).isGreaterThanOrEqualTo(2 * classroom.maxLecturers());
            });
            assertThat(listener.log).contains("started l01");
        }

        /** docs/protocol.md: "Everyone in the class gets session.started" (contrast "everyone else" for publish). */
        @Test
        void everyoneInTheClassIncludingTheStarterGetsSessionStarted() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient coLecturer = join(people.lecturer("l02"));
            join(people.trainee("t01"));

            SessionView view = start(lecturer);

            assertThat(coLecturer.channel().last(SessionStartedEvent.class).session()).isEqualTo(view);
            assertThat(lecturer.channel().ofType(SessionStartedEvent.class)).as("the starter is in the class too")
                    .extracting(SessionStartedEvent::session).containsExactly(view);
        }

        @Test
        void aSecondStartIsRefusedWhileLive() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient coLecturer = join(people.lecturer("l02"));
            SessionView first = start(lecturer);

            assertRefused(ErrorCode.SESSION_ALREADY_LIVE, () -> room.startSession(coLecturer.connection(), "s"));

            assertThat(room.liveSession().id().value()).isEqualTo(first.sessionId());
            assertThat(media.rooms()).hasSize(1);
        }

        @Test
        void endingWithoutALiveLessonIsRefused() {
            TestClient lecturer = join(people.lecturer("l01"));

            assertRefused(ErrorCode.NO_LIVE_SESSION, () -> room.endSession(lecturer.connection(), "e"));
        }

        @Test
        void endingTellsEveryoneAndClosesAllMedia() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient coLecturer = join(people.lecturer("l02"));
            TestClient trainee = join(people.trainee("t01"));
            SessionView live = start(lecturer);
            PublishResponse camera = publish(lecturer, StreamKind.CAMERA);
            PublishResponse screen = publish(coLecturer, StreamKind.SCREEN);
            subscribe(trainee, camera.streamId());
            subscribe(lecturer, screen.streamId());
            clock.advance(Duration.ofMinutes(45));

            room.endSession(lecturer.connection(), "end");

            SessionView ended = lecturer.channel().replyTo("end", EndSessionResponse.class).session();
            assertThat(ended.sessionId()).isEqualTo(live.sessionId());
            assertThat(ended.state()).isEqualTo("ended");
            assertThat(ended.endedAt()).isEqualTo(clock.instant());
            for (TestClient c : List.of(lecturer, coLecturer, trainee)) {
                assertThat(c.channel().last(SessionEndedEvent.class))
                        .isEqualTo(new SessionEndedEvent(ended, new UserId("l01")));
            }
            assertThat(trainee.channel().ofType(StreamUnpublishedEvent.class))
                    .extracting(StreamUnpublishedEvent::streamId, StreamUnpublishedEvent::reason)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(camera.streamId(), LeaveReason.SESSION_ENDED),
                            org.assertj.core.groups.Tuple.tuple(screen.streamId(), LeaveReason.SESSION_ENDED));
            List<?> seen = trainee.channel().messages();
            assertThat(seen.indexOf(trainee.channel().last(StreamUnpublishedEvent.class)))
                    .as("stream.unpublished comes before session.ended")
                    .isLessThan(seen.indexOf(trainee.channel().last(SessionEndedEvent.class)));
            assertThat(media.publishers()).hasSize(2).allSatisfy(p -> assertThat(p.isClosed()).isTrue());
            assertThat(media.subscribers()).hasSize(2).allSatisfy(s -> assertThat(s.isClosed()).isTrue());
            assertThat(media.lastRoom().isClosed()).isTrue();
            assertThat(room.liveSession()).isNull();
            assertThat(room.participants()).as("people stay in the class").hasSize(3);
            assertThat(listener.log).contains("ended l01");
        }

        @Test
        void aNewLessonCanStartAfterTheLastEndedInAFreshRoom() {
            TestClient lecturer = join(people.lecturer("l01"));
            SessionView first = start(lecturer);
            room.endSession(lecturer.connection(), "end");

            SessionView second = start(lecturer);

            assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
            assertThat(media.rooms()).hasSize(2);
            assertThat(media.openRooms()).singleElement().isSameAs(media.lastRoom());
            PublishResponse camera = publish(lecturer, StreamKind.CAMERA);
            assertThat(camera.sdp()).contains(FakeMediaServer.ANSWER_MARKER);
        }
    }

    // ------------------------------------------------------------------ media

    @Nested
    class Publishing {
        @Test
        void publishingWithoutALessonIsRefused() {
            TestClient lecturer = join(people.lecturer("l01"));

            assertRefused(ErrorCode.NO_LIVE_SESSION, () -> room.publish(lecturer.connection(), "p",
                    StreamKind.CAMERA, FakeMediaServer.browserOffer("x")));
            assertThat(media.publishers()).isEmpty();
        }

        @Test
        void publishingACameraAnswersTheOfferAndTellsTheOthers() {
            TestClient lecturer = join(people.person("l01", Role.LECTURER, "李老师"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);

            PublishResponse ok = publish(lecturer, StreamKind.CAMERA);

            FakePublisher publisher = media.lastPublisher();
            assertThat(ok.sdp()).isEqualTo(publisher.sdpAnswer()).contains(FakeMediaServer.ANSWER_MARKER);
            assertThat(publisher.sdpOffer()).contains("browser-offer-");
            assertThat(publisher.display()).contains("camera");
            assertThat(trainee.channel().last(StreamPublishedEvent.class).stream()).isEqualTo(new StreamView(
                    ok.streamId(), lecturer.participantId(), new UserId("l01"), "李老师", StreamKind.CAMERA));
            assertThat(lecturer.channel().ofType(StreamPublishedEvent.class)).as("not echoed to the publisher")
                    .isEmpty();
            assertThat(listener.log).contains("published " + ok.streamId());
        }

        @Test
        void aSecondCameraIsRefused() {
            TestClient lecturer = join(people.lecturer("l01"));
            start(lecturer);
            publish(lecturer, StreamKind.CAMERA);

            assertRefused(ErrorCode.TOO_MANY_STREAMS, () -> room.publish(lecturer.connection(), "p2",
                    StreamKind.CAMERA, FakeMediaServer.browserOffer("p2")));

            assertThat(media.publishers()).hasSize(1);
        }

        @Test
        void aSecondCameraIsRefusedWhileTheFirstIsStillBeingNegotiated() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            media.holdCompletions();
            room.publish(lecturer.connection(), "p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1"));

            ErrorCode second = null;
            try {
                room.publish(lecturer.connection(), "p2", StreamKind.CAMERA, FakeMediaServer.browserOffer("p2"));
            } catch (ClassroomException e) {
                second = e.code();
            }
            media.stopHolding();

            assertThat(published(trainee)).as("one camera per lecturer reaches the class").hasSize(1);
            assertThat(media.activePublishers()).hasSize(1);
            assertThat(second != null ? second : lecturer.channel().errorCodeFor("p2"))
                    .isEqualTo(ErrorCode.TOO_MANY_STREAMS);
        }

        @Test
        void aCameraAndAScreenShareAreBothFine() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);

            PublishResponse camera = publish(lecturer, StreamKind.CAMERA);
            PublishResponse screen = publish(lecturer, StreamKind.SCREEN);

            assertThat(camera.streamId()).isNotEqualTo(screen.streamId());
            assertThat(trainee.channel().ofType(StreamPublishedEvent.class))
                    .extracting(e -> e.stream().kind()).containsExactly(StreamKind.CAMERA, StreamKind.SCREEN);
        }

        @Test
        void twoLecturersEachHaveACamera() {
            TestClient l1 = join(people.lecturer("l01"));
            TestClient l2 = join(people.lecturer("l02"));
            start(l1);

            PublishResponse c1 = publish(l1, StreamKind.CAMERA);
            PublishResponse c2 = publish(l2, StreamKind.CAMERA);

            assertThat(published(l1)).containsExactly(c2.streamId());
            assertThat(published(l2)).containsExactly(c1.streamId());
        }

        @Test
        void unpublishingEndsTheStreamAndItsSubscriptions() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            PublishResponse camera = publish(lecturer, StreamKind.CAMERA);
            subscribe(trainee, camera.streamId());

            room.unpublish(lecturer.connection(), "u", camera.streamId());

            assertThat(lecturer.channel().replyTo("u")).isEqualTo(new UnpublishResponse("u"));
            assertThat(trainee.channel().last(StreamUnpublishedEvent.class)).isEqualTo(
                    new StreamUnpublishedEvent(camera.streamId(), lecturer.participantId(), LeaveReason.CLIENT_REQUEST));
            assertThat(media.lastPublisher().closedDirectly()).isTrue();
            assertThat(media.lastSubscriber().isClosed()).isTrue();
            assertThat(media.lastRoom().isClosed()).as("the lesson goes on").isFalse();
            publish(lecturer, StreamKind.CAMERA);
        }

        @Test
        void nobodyUnpublishesSomeoneElsesStream() {
            TestClient l1 = join(people.lecturer("l01"));
            TestClient l2 = join(people.lecturer("l02"));
            start(l1);
            PublishResponse camera = publish(l1, StreamKind.CAMERA);

            assertRefused(ErrorCode.STREAM_NOT_FOUND, () -> room.unpublish(l2.connection(), "u", camera.streamId()));

            assertThat(media.lastPublisher().isClosed()).isFalse();
        }

        @Test
        void aRefusalOfTheMediaServerIsMediaFailed() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            media.failNext(Op.PUBLISH, 465, "bad SDP");

            room.publish(lecturer.connection(), "p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1"));

            assertThat(lecturer.channel().errorCodeFor("p1")).isEqualTo(ErrorCode.MEDIA_FAILED);
            assertThat(lecturer.channel().errorFor("p1").code()).isEqualTo(401);
            assertThat(trainee.channel().ofType(StreamPublishedEvent.class)).isEmpty();
            assertThat(publish(lecturer, StreamKind.CAMERA).sdp()).as("the next try works")
                    .contains(FakeMediaServer.ANSWER_MARKER);
        }

        @Test
        void anUnreachableMediaServerIsMediaUnavailable() {
            TestClient lecturer = join(people.lecturer("l01"));
            start(lecturer);
            media.failNextUnavailable(Op.PUBLISH);

            room.publish(lecturer.connection(), "p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1"));

            assertThat(lecturer.channel().errorCodeFor("p1")).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE);
            assertThat(lecturer.channel().errorFor("p1").code()).isEqualTo(400);
        }

        @Test
        void aStreamIsAnnouncedOnlyOnceItsMediaFlows() {
            media.autoConnectPublishers(false);
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            PublishResponse ok = publish(lecturer, StreamKind.CAMERA);

            assertThat(trainee.channel().ofType(StreamPublishedEvent.class)).as("not before webrtcup").isEmpty();
            assertRefused(ErrorCode.STREAM_NOT_FOUND, () -> room.subscribe(trainee.connection(), "early", ok.streamId()));
            TestClient late = join(people.trainee("t02"));
            assertThat(late.channel().last(JoinClassResponse.class).streams()).isEmpty();

            media.lastPublisher().fireConnected();
            assertThat(trainee.channel().last(StreamPublishedEvent.class).stream().streamId()).isEqualTo(ok.streamId());
            assertThat(late.channel().last(StreamPublishedEvent.class).stream().streamId()).isEqualTo(ok.streamId());
            assertThat(subscribe(trainee, ok.streamId()).sdp()).contains(FakeMediaServer.OFFER_MARKER);
        }

        @Test
        void aTraineesProctoringCameraIsSeenByLecturersOnly() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient t1 = join(people.trainee("t01"));
            TestClient t2 = join(people.trainee("t02"));
            start(lecturer);
            assertRefused(ErrorCode.NOT_INVITED,
                    () -> room.publish(t1.connection(), "c", StreamKind.CAMERA, FakeMediaServer.browserOffer("c")));
            assertRefused(ErrorCode.ROLE_FORBIDDEN, () -> room.publish(lecturer.connection(), "p", StreamKind.PROCTOR,
                    FakeMediaServer.browserOffer("p")));

            PublishResponse proctor = publish(t1, StreamKind.PROCTOR);
            assertThat(published(lecturer)).containsExactly(proctor.streamId());
            assertThat(published(t2)).as("trainees never see each other's proctoring camera").isEmpty();
            assertRefused(ErrorCode.STREAM_NOT_FOUND, () -> room.subscribe(t2.connection(), "s", proctor.streamId()));
            assertThat(subscribe(lecturer, proctor.streamId()).sdp()).contains(FakeMediaServer.OFFER_MARKER);
            TestClient late = join(people.trainee("t03"));
            assertThat(late.channel().last(JoinClassResponse.class).streams()).isEmpty();

            room.leave(t1.connection(), null, org.wlcy.classroom.participant.LeaveReason.CLIENT_REQUEST);
            assertThat(unpublished(lecturer)).containsExactly(proctor.streamId());
            assertThat(unpublished(t2)).isEmpty();
        }

        @Test
        void aRoomThatFailedToOpenIsOpenedAgainLater() {
            TestClient lecturer = join(people.lecturer("l01"));
            media.failNext(Op.OPEN_ROOM, 500, "room create failed");
            start(lecturer);

            // The failed room is forgotten as soon as its failure is known; the next publish opens it again.
            PublishResponse ok = publish(lecturer, StreamKind.CAMERA);
            assertThat(ok.sdp()).contains(FakeMediaServer.ANSWER_MARKER);
            assertThat(media.openRooms()).hasSize(1);
        }
    }

    @Nested
    class Subscribing {
        private TestClient lecturer;
        private TestClient trainee;
        private PublishResponse camera;

        @BeforeEach
        void lessonWithACamera() {
            lecturer = join(people.lecturer("l01"));
            trainee = join(people.trainee("t01"));
            start(lecturer);
            camera = publish(lecturer, StreamKind.CAMERA);
        }

        @Test
        void subscribingGivesTheMediaServersOffer() {
            SubscribeResponse ok = subscribe(trainee, camera.streamId());

            FakeSubscriber subscriber = media.lastSubscriber();
            assertThat(ok.streamId()).isEqualTo(camera.streamId());
            assertThat(ok.subscriptionId()).isNotNull();
            assertThat(ok.sdp()).isEqualTo(subscriber.sdpOffer()).contains(FakeMediaServer.OFFER_MARKER);
            assertThat(subscriber.feedId()).isEqualTo(media.lastPublisher().feedId());
        }

        @Test
        void aRegulatorMayWatch() {
            TestClient regulator = join(people.regulator("g01"));

            assertThat(subscribe(regulator, camera.streamId()).sdp()).contains(FakeMediaServer.OFFER_MARKER);
        }

        @Test
        void subscribingToAnUnknownStreamIsRefused() {
            assertRefused(ErrorCode.STREAM_NOT_FOUND,
                    () -> room.subscribe(trainee.connection(), "s", new StreamId("s-nope")));
            assertThat(media.subscribers()).isEmpty();
        }

        @Test
        void answeringStartsTheSubscription() {
            SubscribeResponse sub = subscribe(trainee, camera.streamId());

            room.answer(trainee.connection(), "a", sub.subscriptionId(), FakeMediaServer.browserAnswer("a"));

            assertThat(trainee.channel().replyTo("a")).isEqualTo(new AnswerResponse("a"));
            assertThat(media.lastSubscriber().answers()).containsExactly(FakeMediaServer.browserAnswer("a"));
        }

        @Test
        void aRefusedAnswerIsMediaFailed() {
            SubscribeResponse sub = subscribe(trainee, camera.streamId());
            media.failNext(Op.START_SUBSCRIBER, 465, "bad answer");

            room.answer(trainee.connection(), "a", sub.subscriptionId(), FakeMediaServer.browserAnswer("a"));

            assertThat(trainee.channel().errorCodeFor("a")).isEqualTo(ErrorCode.MEDIA_FAILED);
        }

        @Test
        void nobodyAnswersOrEndsSomeoneElsesSubscription() {
            TestClient other = join(people.trainee("t02"));
            SubscribeResponse sub = subscribe(trainee, camera.streamId());

            assertRefused(ErrorCode.SUBSCRIPTION_NOT_FOUND, () -> room.answer(other.connection(), "a",
                    sub.subscriptionId(), FakeMediaServer.browserAnswer("a")));
            assertRefused(ErrorCode.SUBSCRIPTION_NOT_FOUND,
                    () -> room.unsubscribe(other.connection(), "u", sub.subscriptionId()));

            assertThat(media.lastSubscriber().started()).isFalse();
            assertThat(media.lastSubscriber().isClosed()).isFalse();
        }

        @Test
        void unsubscribingClosesTheSubscriber() {
            SubscribeResponse sub = subscribe(trainee, camera.streamId());

            room.unsubscribe(trainee.connection(), "u", sub.subscriptionId());

            assertThat(trainee.channel().replyTo("u")).isEqualTo(new UnsubscribeResponse("u"));
            assertThat(media.lastSubscriber().closedDirectly()).isTrue();
            assertRefused(ErrorCode.SUBSCRIPTION_NOT_FOUND,
                    () -> room.unsubscribe(trainee.connection(), "u2", sub.subscriptionId()));
        }

        @Test
        void aSubscriptionAnsweredAfterTheStreamEndedIsUndone() {
            media.holdCompletions();
            room.subscribe(trainee.connection(), "s", camera.streamId());
            room.unpublish(lecturer.connection(), "u", camera.streamId());

            media.stopHolding();

            assertThat(trainee.channel().errorCodeFor("s")).isEqualTo(ErrorCode.STREAM_NOT_FOUND);
            assertThat(media.lastSubscriber().isClosed()).isTrue();
        }
    }

    @Nested
    class Trickle {
        private TestClient lecturer;
        private TestClient coLecturer;
        private TestClient trainee;
        private PublishResponse camera;
        private SubscribeResponse sub;

        @BeforeEach
        void lessonWithACameraAndASubscription() {
            lecturer = join(people.lecturer("l01"));
            coLecturer = join(people.lecturer("l02"));
            trainee = join(people.trainee("t01"));
            start(lecturer);
            camera = publish(lecturer, StreamKind.CAMERA);
            sub = subscribe(trainee, camera.streamId());
        }

        @Test
        void candidatesForOnesOwnStreamReachThePublisher() {
            room.trickle(lecturer.connection(), "c1", camera.streamId().value(), CANDIDATE);
            room.trickle(lecturer.connection(), "c2", camera.streamId().value(), null);

            assertThat(lecturer.channel().replyTo("c1")).isEqualTo(new TrickleResponse("c1"));
            assertThat(lecturer.channel().replyTo("c2")).isEqualTo(new TrickleResponse("c2"));
            assertThat(media.lastPublisher().candidates()).containsExactly(CANDIDATE);
            assertThat(media.lastPublisher().endOfCandidates()).isTrue();
        }

        @Test
        void candidatesForOnesOwnSubscriptionReachTheSubscriber() {
            room.trickle(trainee.connection(), "c1", sub.subscriptionId().value(), CANDIDATE);

            assertThat(trainee.channel().replyTo("c1")).isEqualTo(new TrickleResponse("c1"));
            assertThat(media.lastSubscriber().candidates()).containsExactly(CANDIDATE);
            assertThat(media.lastPublisher().candidates()).isEmpty();
        }

        @Test
        void candidatesForSomeoneElsesStreamOrSubscriptionAreRefused() {
            assertRefused(ErrorCode.STREAM_NOT_FOUND,
                    () -> room.trickle(coLecturer.connection(), "c1", camera.streamId().value(), CANDIDATE));
            assertRefused(ErrorCode.STREAM_NOT_FOUND,
                    () -> room.trickle(trainee.connection(), "c2", camera.streamId().value(), CANDIDATE));
            assertRefused(ErrorCode.STREAM_NOT_FOUND,
                    () -> room.trickle(lecturer.connection(), "c3", sub.subscriptionId().value(), CANDIDATE));
            assertRefused(ErrorCode.STREAM_NOT_FOUND,
                    () -> room.trickle(trainee.connection(), "c4", "s-unknown", CANDIDATE));

            assertThat(media.lastPublisher().candidates()).isEmpty();
            assertThat(media.lastSubscriber().candidates()).isEmpty();
        }

        @Test
        void theMediaServersCandidatesAndStateReachTheOwnerOnly() {
            IceCandidate server = new IceCandidate("candidate:1 1 udp 2015363327 127.0.0.2 40000 typ host", "0", 0);

            media.lastPublisher().fireCandidate(server);
            media.lastPublisher().fireCandidate(null);
            media.lastPublisher().fireConnected();
            media.lastSubscriber().fireCandidate(server);
            media.lastSubscriber().fireConnected();

            String streamTarget = camera.streamId().value();
            String subTarget = sub.subscriptionId().value();
            assertThat(lecturer.channel().ofType(TrickleEvent.class)).containsExactly(
                    new TrickleEvent(streamTarget, server), new TrickleEvent(streamTarget, null));
            assertThat(lecturer.channel().ofType(MediaStateEvent.class)).as("the fake also connects on publish")
                    .isNotEmpty().containsOnly(MediaStateEvent.connected(streamTarget));
            assertThat(trainee.channel().ofType(TrickleEvent.class)).containsExactly(new TrickleEvent(subTarget, server));
            assertThat(trainee.channel().ofType(MediaStateEvent.class))
                    .containsExactly(MediaStateEvent.connected(subTarget));
            assertThat(coLecturer.channel().ofType(TrickleEvent.class)).isEmpty();
            assertThat(coLecturer.channel().ofType(MediaStateEvent.class)).isEmpty();
        }
    }

    @Nested
    class Hangups {
        @Test
        void aPublisherHangupUnpublishesTheStreamAndTellsTheOwner() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            PublishResponse camera = publish(lecturer, StreamKind.CAMERA);
            subscribe(trainee, camera.streamId());
            FakePublisher publisher = media.lastPublisher();

            publisher.fireHangup("ICE failed");

            assertThat(trainee.channel().last(StreamUnpublishedEvent.class)).isEqualTo(
                    new StreamUnpublishedEvent(camera.streamId(), lecturer.participantId(), LeaveReason.MEDIA_FAILURE));
            assertThat(lecturer.channel().last(MediaStateEvent.class))
                    .isEqualTo(MediaStateEvent.hangup(camera.streamId().value(), "ICE failed"));
            assertThat(trainee.channel().ofType(MediaStateEvent.class)).isEmpty();
            assertThat(publisher.isClosed()).isTrue();
            assertThat(media.lastSubscriber().isClosed()).isTrue();
            assertThat(publish(lecturer, StreamKind.CAMERA).sdp()).as("may publish again")
                    .contains(FakeMediaServer.ANSWER_MARKER);

            lecturer.channel().clear();
            publisher.fireHangup("again");
            assertThat(lecturer.channel().ofType(MediaStateEvent.class)).as("a stale hangup says nothing").isEmpty();
        }

        @Test
        void aSubscriberHangupEndsTheSubscriptionAndTellsItsOwner() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            PublishResponse camera = publish(lecturer, StreamKind.CAMERA);
            SubscribeResponse sub = subscribe(trainee, camera.streamId());

            media.lastSubscriber().fireHangup("DTLS alert");

            assertThat(trainee.channel().last(MediaStateEvent.class))
                    .isEqualTo(MediaStateEvent.hangup(sub.subscriptionId().value(), "DTLS alert"));
            assertThat(media.lastSubscriber().isClosed()).isTrue();
            assertThat(lecturer.channel().ofType(MediaStateEvent.class)).noneMatch(e -> e.state().equals("hangup"));
            assertThat(media.lastPublisher().isClosed()).as("the stream goes on").isFalse();
            assertRefused(ErrorCode.SUBSCRIPTION_NOT_FOUND,
                    () -> room.unsubscribe(trainee.connection(), "u", sub.subscriptionId()));
        }
    }

    @Nested
    class LeavingWithMedia {
        @Test
        void leavingEndsTheLeaversStreamsAndSubscriptionsAndTellsTheOthers() {
            TestClient l1 = join(people.lecturer("l01"));
            TestClient l2 = join(people.lecturer("l02"));
            TestClient trainee = join(people.trainee("t01"));
            start(l1);
            PublishResponse camera = publish(l1, StreamKind.CAMERA);
            PublishResponse screen = publish(l1, StreamKind.SCREEN);
            PublishResponse other = publish(l2, StreamKind.CAMERA);
            subscribe(l1, other.streamId());
            subscribe(trainee, camera.streamId());
            FakeSubscriber l1sSubscription = media.subscribers().get(0);
            ParticipantId pid = l1.participantId();

            room.leave(l1.connection(), "bye", LeaveReason.CLIENT_REQUEST);

            assertThat(unpublished(trainee)).containsExactlyInAnyOrder(camera.streamId(), screen.streamId());
            assertThat(trainee.channel().last(ParticipantLeftEvent.class).participantId()).isEqualTo(pid);
            assertThat(l2.channel().last(ParticipantLeftEvent.class).participantId()).isEqualTo(pid);
            assertThat(media.publishers()).filteredOn(FakePublisher::isActive).singleElement()
                    .satisfies(p -> assertThat(p.display()).startsWith(l2.participantId().value()));
            assertThat(l1sSubscription.isClosed()).isTrue();
            assertThat(media.subscribers().get(1).isClosed()).as("trainee's subscription to the leaver").isTrue();
            assertThat(room.liveSession()).as("the lesson goes on").isNotNull();
        }

        @Test
        void aPublishAnsweredAfterThePublisherLeftIsUndone() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            media.holdCompletions();
            room.publish(lecturer.connection(), "p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1"));
            room.leave(lecturer.connection(), "bye", LeaveReason.CLIENT_REQUEST);

            media.stopHolding();

            assertThat(media.lastPublisher().closedDirectly()).as("the media server's publisher is not leaked")
                    .isTrue();
            assertThat(lecturer.channel().replyTo("p1")).isInstanceOf(ErrorResponse.class);
            assertThat(trainee.channel().ofType(StreamPublishedEvent.class)).isEmpty();
        }
    }

    @Nested
    class Races {
        @Test
        void aPublishAnsweredAfterTheLessonEndedIsUndone() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            media.holdCompletions();
            room.publish(lecturer.connection(), "p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1"));
            assertThat(media.heldCount()).isEqualTo(1);
            room.endSession(lecturer.connection(), "end");

            media.stopHolding();

            assertThat(lecturer.channel().errorCodeFor("p1")).isEqualTo(ErrorCode.NO_LIVE_SESSION);
            assertThat(media.lastPublisher().closedDirectly()).isTrue();
            assertThat(trainee.channel().ofType(StreamPublishedEvent.class)).isEmpty();
            TestClient late = TestClient.of(people.trainee("t02"));
            room.join(late.connection(), "j");
            assertThat(late.channel().replyTo("j", JoinClassResponse.class).streams()).isEmpty();
        }

        @Test
        void aPublishAnsweredAfterTheMediaServerRestartedIsUndone() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            media.holdCompletions();
            room.publish(lecturer.connection(), "p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1"));
            media.goDown("janus restarted");
            media.comeBack();

            media.stopHolding();

            assertThat(lecturer.channel().replyTo("p1")).isInstanceOf(ErrorResponse.class);
            assertThat(trainee.channel().ofType(StreamPublishedEvent.class)).isEmpty();
            assertThat(publish(lecturer, StreamKind.CAMERA).sdp()).contains(FakeMediaServer.ANSWER_MARKER);
        }
    }

    @Nested
    class MediaServerAvailability {
        @Test
        void losingTheMediaServerDropsEveryStreamAndTellsEveryone() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            PublishResponse camera = publish(lecturer, StreamKind.CAMERA);
            subscribe(trainee, camera.streamId());

            media.goDown("media server connection lost");

            for (TestClient c : List.of(lecturer, trainee)) {
                assertThat(c.channel().last(MediaLostEvent.class))
                        .isEqualTo(new MediaLostEvent("media server connection lost"));
            }
            assertThat(trainee.channel().last(StreamUnpublishedEvent.class).reason())
                    .isEqualTo(LeaveReason.MEDIA_FAILURE);
            List<?> seen = trainee.channel().messages();
            assertThat(seen.indexOf(trainee.channel().last(StreamUnpublishedEvent.class)))
                    .as("stream.unpublished comes before media.lost")
                    .isLessThan(seen.indexOf(trainee.channel().last(MediaLostEvent.class)));
            assertThat(room.liveSession()).as("the lesson goes on").isNotNull();
            assertThat(room.participants()).hasSize(2);
            TestClient late = TestClient.of(people.trainee("t02"));
            room.join(late.connection(), "j");
            assertThat(late.channel().replyTo("j", JoinClassResponse.class).streams()).isEmpty();
        }

        @Test
        void publishingWhileTheMediaServerIsDownIsMediaUnavailable() {
            TestClient lecturer = join(people.lecturer("l01"));
            start(lecturer);
            media.goDown("gone");

            room.publish(lecturer.connection(), "p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1"));

            assertThat(lecturer.channel().errorCodeFor("p1")).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE);
        }

        @Test
        void whenTheMediaServerIsBackEveryoneIsToldAndPublishingWorksAgain() {
            TestClient lecturer = join(people.lecturer("l01"));
            TestClient trainee = join(people.trainee("t01"));
            start(lecturer);
            publish(lecturer, StreamKind.CAMERA);
            media.goDown("gone");

            media.comeBack();

            for (TestClient c : List.of(lecturer, trainee)) {
                assertThat(c.channel().ofType(MediaRestoredEvent.class)).hasSize(1);
            }
            PublishResponse again = publish(lecturer, StreamKind.CAMERA);
            assertThat(again.sdp()).contains(FakeMediaServer.ANSWER_MARKER);
            assertThat(media.lastPublisher().room().isLost()).as("published into a fresh room").isFalse();
            assertThat(trainee.channel().last(StreamPublishedEvent.class).stream().streamId())
                    .isEqualTo(again.streamId());
            assertThat(subscribe(trainee, again.streamId()).sdp()).contains(FakeMediaServer.OFFER_MARKER);
        }
    }

    @Test
    void shutdownClosesEveryConnectionAndAllMedia() {
        TestClient lecturer = join(people.lecturer("l01"));
        TestClient trainee = join(people.trainee("t01"));
        start(lecturer);
        publish(lecturer, StreamKind.CAMERA);

        room.shutdown();

        assertThat(lecturer.channel().closedWith()).isEqualTo(LeaveReason.SERVER_SHUTDOWN);
        assertThat(trainee.channel().closedWith()).isEqualTo(LeaveReason.SERVER_SHUTDOWN);
        assertThat(media.lastPublisher().isClosed()).isTrue();
        assertThat(media.lastRoom().isClosed()).isTrue();
        assertThat(room.participants()).isEmpty();
    }

    /** A {@link ClassSessionListener} that logs what it hears, for attendance-style assertions. */
    static final class RecordingListener implements ClassSessionListener {
        final List<String> log = new ArrayList<>();

        @Override
        public void onParticipantJoined(ClassroomId c, Participant p) {
            log.add("joined " + p.userId());
        }

        @Override
        public void onParticipantLeft(ClassroomId c, Participant p, LeaveReason reason) {
            log.add("left " + p.userId() + " " + reason);
        }

        @Override
        public void onSessionStarted(ClassSession s) {
            log.add("started " + s.startedBy());
        }

        @Override
        public void onSessionEnded(ClassSession s) {
            log.add("ended " + s.startedBy());
        }

        @Override
        public void onStreamPublished(ClassroomId c, StreamView s) {
            log.add("published " + s.streamId());
        }

        @Override
        public void onStreamUnpublished(ClassroomId c, StreamView s, LeaveReason reason) {
            log.add("unpublished " + s.streamId() + " " + reason);
        }
    }
}
