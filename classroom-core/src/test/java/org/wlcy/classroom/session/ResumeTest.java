package org.wlcy.classroom.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClassMessages.ParticipantJoinedEvent;
import org.wlcy.classroom.protocol.ClassMessages.ParticipantLeftEvent;
import org.wlcy.classroom.protocol.MediaMessages.MediaStateEvent;
import org.wlcy.classroom.protocol.MediaMessages.PublishResponse;
import org.wlcy.classroom.protocol.MediaMessages.StreamUnpublishedEvent;
import org.wlcy.classroom.protocol.MediaMessages.TrickleEvent;
import org.wlcy.classroom.protocol.SessionMessages.SessionStartedEvent;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.testing.DirectExecutor;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.ManualTimers;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;

/**
 * A page whose connection drops comes back to the same presence within the grace period
 * ({@link ResumePolicy}): nobody sees it leave, its streams stay, and it gets what it missed.
 */
class ResumeTest {
    private static final ClassroomId CLASS_ID = new ClassroomId("demo-class");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private final Identities people = Identities.of(CLASS_ID);
    private final FakeMediaServer media = new FakeMediaServer();
    private final MutableClock clock = new MutableClock();
    private final ManualTimers timers = new ManualTimers(clock);
    private final List<String> log = new ArrayList<>();
    private LiveClassroom room;
    private TestClient lecturer;

    @BeforeEach
    void setUp() {
        ClassSessionListener listener = new ClassSessionListener() {
            @Override
            public void onParticipantJoined(ClassroomId c, Participant p) {
                log.add("joined " + p.userId());
            }

            @Override
            public void onParticipantLeft(ClassroomId c, Participant p, LeaveReason reason) {
                log.add("left " + p.userId() + " " + reason);
            }

            @Override
            public void onParticipantSuspended(ClassroomId c, Participant p) {
                log.add("suspended " + p.userId());
            }

            @Override
            public void onParticipantResumed(ClassroomId c, Participant p, Instant since) {
                log.add("resumed " + p.userId() + " after " + Duration.between(since, clock.instant()).toSeconds() + " s");
            }
        };
        room = new LiveClassroom(Classroom.of(CLASS_ID, "示范班"), media, clock, DirectExecutor.INSTANCE,
                IdGenerator.sequential(), listener, new ResumePolicy(GRACE, 3, timers));
        lecturer = TestClient.of(people.lecturer("l01"));
        JoinClassResponse ok = join(lecturer, null);
        assertThat(ok.resumeToken()).as("a token to come back with").isNotBlank();
        String rid = lecturer.nextRequestId();
        room.startSession(lecturer.connection(), rid);
        lecturer.channel().replyTo(rid, StartSessionResponse.class);
    }

    private JoinClassResponse join(TestClient c, String resumeToken) {
        String rid = c.nextRequestId();
        room.join(c.connection(), rid, resumeToken);
        return c.channel().replyTo(rid, JoinClassResponse.class);
    }

    /** The same person's page on a new connection. */
    private static TestClient again(Identity who) {
        return TestClient.of(who);
    }

    private void drop(TestClient c) {
        room.leave(c.connection(), null, LeaveReason.SIGNAL_TIMEOUT);
    }

    @Nested
    class WithinTheGracePeriod {
        @Test
        void thePageComesBackToTheSamePresenceAndNobodySawItLeave() {
            TestClient t = TestClient.of(people.trainee("t01"));
            JoinClassResponse first = join(t, null);
            lecturer.channel().clear();

            drop(t);
            timers.advance(GRACE.minusSeconds(1));
            TestClient back = again(people.trainee("t01"));
            JoinClassResponse ok = join(back, first.resumeToken());

            assertThat(ok.resumed()).isTrue();
            assertThat(ok.you().participantId()).isEqualTo(first.you().participantId());
            assertThat(ok.resumeToken()).as("rotated").isNotEqualTo(first.resumeToken());
            assertThat(back.connection().classroom()).isSameAs(room);
            assertThat(lecturer.channel().ofType(ParticipantLeftEvent.class)).isEmpty();
            assertThat(lecturer.channel().ofType(ParticipantJoinedEvent.class)).isEmpty();
            assertThat(room.participants()).extracting(Participant::userId).extracting(Object::toString)
                    .containsExactly("l01", "t01");
            assertThat(log).containsSubsequence("joined t01", "suspended t01", "resumed t01 after 29 s");
            assertThat(log).noneMatch(line -> line.startsWith("left t01"));
        }

        @Test
        void whatTheClassSentMeanwhileFollowsTheReplyInOrder() {
            TestClient t = TestClient.of(people.trainee("t01"));
            JoinClassResponse first = join(t, null);
            drop(t);

            TestClient t2 = TestClient.of(people.trainee("t02"));
            join(t2, null);
            drop(t2);
            room.leave(t2.connection(), null, LeaveReason.CLIENT_REQUEST); // already gone: no-op

            TestClient back = again(people.trainee("t01"));
            join(back, first.resumeToken());

            var after = back.channel().messages();
            assertThat(after.get(0)).isInstanceOf(JoinClassResponse.class);
            assertThat(after.subList(1, after.size())).hasExactlyElementsOfTypes(ParticipantJoinedEvent.class);
        }

        @Test
        void itsStreamsStayAndMediaEventsReachTheNewConnection() {
            String rid = lecturer.nextRequestId();
            room.publish(lecturer.connection(), rid, StreamKind.CAMERA, FakeMediaServer.browserOffer(rid));
            PublishResponse published = lecturer.channel().replyTo(rid, PublishResponse.class);
            media.publishers().get(0).fireConnected();
            JoinClassResponse first = lecturer.channel().ofType(JoinClassResponse.class).get(0);

            drop(lecturer);
            IceCandidate late = new IceCandidate("candidate:1 1 udp 1 127.0.0.2 50000 typ host", "0", 0);
            media.publishers().get(0).fireCandidate(late);
            TestClient back = again(people.lecturer("l01"));
            JoinClassResponse ok = join(back, first.resumeToken());

            assertThat(ok.streams()).extracting(s -> s.streamId()).contains(published.streamId());
            assertThat(media.activePublishers()).hasSize(1);
            assertThat(back.channel().ofType(TrickleEvent.class)).as("held while away")
                    .containsExactly(new TrickleEvent(published.streamId().value(), late));
            media.publishers().get(0).fireHangup("ICE failed");
            assertThat(back.channel().ofType(MediaStateEvent.class)).extracting(MediaStateEvent::state)
                    .contains("hangup");
        }

        @Test
        void aPageTheServerStillThinksConnectedIsTakenOverToo() {
            TestClient t = TestClient.of(people.trainee("t01"));
            JoinClassResponse first = join(t, null);

            TestClient back = again(people.trainee("t01"));
            JoinClassResponse ok = join(back, first.resumeToken());

            assertThat(ok.resumed()).isTrue();
            assertThat(t.channel().closedWith()).isEqualTo(LeaveReason.DUPLICATE_IDENTITY);
            drop(t); // the old connection's close arrives later: it no longer holds the presence
            assertThat(log).noneMatch(line -> line.startsWith("suspended") || line.startsWith("left"));
        }
    }

    @Nested
    class OtherwiseANewPresence {
        @Test
        void afterTheGracePeriodThePresenceEndsAndAJoinStartsANewOne() {
            TestClient t = TestClient.of(people.trainee("t01"));
            JoinClassResponse first = join(t, null);
            drop(t);

            timers.advance(GRACE);

            assertThat(lecturer.channel().ofType(ParticipantLeftEvent.class)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(LeaveReason.SIGNAL_TIMEOUT));
            assertThat(log).contains("left t01 SIGNAL_TIMEOUT");
            JoinClassResponse ok = join(again(people.trainee("t01")), first.resumeToken());
            assertThat(ok.resumed()).isFalse();
            assertThat(ok.you().participantId()).isNotEqualTo(first.you().participantId());
        }

        @Test
        void aWrongTokenStartsANewPresenceAndEndsTheWaitingOne() {
            TestClient t = TestClient.of(people.trainee("t01"));
            JoinClassResponse first = join(t, null);
            drop(t);

            JoinClassResponse ok = join(again(people.trainee("t01")), "not-the-token");

            assertThat(ok.resumed()).isFalse();
            assertThat(ok.you().participantId()).isNotEqualTo(first.you().participantId());
            assertThat(log).contains("left t01 DUPLICATE_IDENTITY");
            timers.advance(GRACE);
            assertThat(log).as("the wait was called off").doesNotContain("left t01 SIGNAL_TIMEOUT");
        }

        @Test
        void someoneElsesTokenIsUseless() {
            TestClient t = TestClient.of(people.trainee("t01"));
            JoinClassResponse first = join(t, null);
            drop(t);

            JoinClassResponse ok = join(TestClient.of(people.trainee("t02")), first.resumeToken());

            assertThat(ok.resumed()).isFalse();
            assertThat(ok.you().userId().value()).isEqualTo("t02");
        }

        @Test
        void aPageThatMissedTooMuchCannotCatchUp() {
            TestClient t = TestClient.of(people.trainee("t01"));
            JoinClassResponse first = join(t, null);
            drop(t);
            for (String u : List.of("t02", "t03", "t04", "t05")) {
                join(TestClient.of(people.trainee(u)), null); // 4 participant.joined > 3 held
            }

            JoinClassResponse ok = join(again(people.trainee("t01")), first.resumeToken());

            assertThat(ok.resumed()).isFalse();
        }

        @Test
        void leavingOnPurposeEndsThePresenceAtOnce() {
            TestClient t = TestClient.of(people.trainee("t01"));
            join(t, null);

            room.leave(t.connection(), null, LeaveReason.CLIENT_REQUEST);

            assertThat(log).contains("left t01 CLIENT_REQUEST").doesNotContain("suspended t01");
        }

        @Test
        void withResumingOffADropEndsThePresenceAndNoTokenIsGiven() {
            LiveClassroom plain = new LiveClassroom(Classroom.of(CLASS_ID, "示范班"), media, clock,
                    DirectExecutor.INSTANCE, IdGenerator.sequential(), ClassSessionListener.NONE);
            TestClient t = TestClient.of(people.trainee("t01"));
            String rid = t.nextRequestId();
            plain.join(t.connection(), rid, null);

            assertThat(t.channel().replyTo(rid, JoinClassResponse.class).resumeToken()).isNull();
            plain.leave(t.connection(), null, LeaveReason.SIGNAL_TIMEOUT);
            assertThat(plain.participants()).isEmpty();
        }
    }

    @Test
    void theLessonEndingWhileAwayIsDeliveredOnReturn() {
        TestClient t = TestClient.of(people.trainee("t01"));
        JoinClassResponse first = join(t, null);
        drop(t);
        String rid = lecturer.nextRequestId();
        room.endSession(lecturer.connection(), rid);

        TestClient back = again(people.trainee("t01"));
        JoinClassResponse ok = join(back, first.resumeToken());

        assertThat(ok.session()).isNull();
        assertThat(back.channel().messages()).anyMatch(m -> m.getClass().getSimpleName().equals("SessionEndedEvent"));
        assertThat(back.channel().ofType(SessionStartedEvent.class)).isEmpty();
        assertThat(back.channel().ofType(StreamUnpublishedEvent.class)).isEmpty();
    }
}
