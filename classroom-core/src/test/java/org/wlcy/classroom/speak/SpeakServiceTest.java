package org.wlcy.classroom.speak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.BreakoutMessages.StartBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.StartBreakoutResponse;
import org.wlcy.classroom.protocol.ClassMessages.LeaveClassRequest;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MediaMessages.PublishRequest;
import org.wlcy.classroom.protocol.MediaMessages.PublishResponse;
import org.wlcy.classroom.protocol.MediaMessages.StreamPublishedEvent;
import org.wlcy.classroom.protocol.MediaMessages.StreamUnpublishedEvent;
import org.wlcy.classroom.protocol.MediaMessages.SubscribeRequest;
import org.wlcy.classroom.protocol.MediaMessages.SubscribeResponse;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.protocol.SpeakMessages.AcceptTurnRequest;
import org.wlcy.classroom.protocol.SpeakMessages.AcceptTurnResponse;
import org.wlcy.classroom.protocol.SpeakMessages.EndTurnRequest;
import org.wlcy.classroom.protocol.SpeakMessages.EndTurnResponse;
import org.wlcy.classroom.protocol.SpeakMessages.HandChangedEvent;
import org.wlcy.classroom.protocol.SpeakMessages.InviteSpeakerRequest;
import org.wlcy.classroom.protocol.SpeakMessages.InviteSpeakerResponse;
import org.wlcy.classroom.protocol.SpeakMessages.RaiseHandRequest;
import org.wlcy.classroom.protocol.SpeakMessages.RaiseHandResponse;
import org.wlcy.classroom.protocol.SpeakMessages.SpeakInvitedEvent;
import org.wlcy.classroom.protocol.SpeakMessages.TurnEndedEvent;
import org.wlcy.classroom.protocol.SpeakMessages.TurnStartedEvent;
import org.wlcy.classroom.stream.StreamId;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.testing.ClassFixture;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceKind;

/** Raising hands and speaking turns through the router, with the fake media server. */
class SpeakServiceTest {
    private final ClassFixture f = new ClassFixture(2, 7);
    private TestClient lecturer;
    private TestClient t1;
    private TestClient t2;
    private TestClient t3;

    @BeforeEach
    void lesson() {
        lecturer = f.join(f.people.lecturer("l01"));
        f.request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        t1 = f.join(f.people.trainee("t01"));
        t2 = f.join(f.people.trainee("t02"));
        t3 = f.join(f.people.trainee("t03"));
    }

    @AfterEach
    void noLaneErrors() {
        assertThat(f.laneErrors).isEmpty();
    }

    private ErrorCode refused(TestClient c, ClientMessage m) {
        return f.send(c, m) instanceof ErrorResponse e ? ErrorCode.valueOf(e.error()) : null;
    }

    private String invite(String user) {
        return f.request(lecturer, new InviteSpeakerRequest(lecturer.nextRequestId(), new UserId(user)),
                InviteSpeakerResponse.class).turnId();
    }

    private PublishResponse publishCamera(TestClient c) {
        String rid = c.nextRequestId();
        return f.request(c, new PublishRequest(rid, StreamKind.CAMERA, FakeMediaServer.browserOffer(rid)),
                PublishResponse.class);
    }

    @Test
    void aRaisedHandReachesTheLecturersAndTheTraineeOnlyAndIsRecorded() {
        RaiseHandResponse ok = f.request(t1, new RaiseHandRequest(t1.nextRequestId(), true), RaiseHandResponse.class);

        assertThat(ok.raised()).isTrue();
        for (TestClient c : List.of(lecturer, t1)) {
            HandChangedEvent e = c.channel().last(HandChangedEvent.class);
            assertThat(e.userId()).isEqualTo(new UserId("t01"));
            assertThat(e.raised()).isTrue();
            assertThat(e.displayName()).isEqualTo(f.people.trainee("t01").displayName());
        }
        assertThat(t2.channel().ofType(HandChangedEvent.class)).isEmpty();
        TestClient late = f.join(f.people.lecturer("l02"));
        assertThat(late.channel().last(HandChangedEvent.class).userId()).as("a lecturer joining later sees it")
                .isEqualTo(new UserId("t01"));

        f.request(t1, new RaiseHandRequest(t1.nextRequestId(), false), RaiseHandResponse.class);
        assertThat(lecturer.channel().last(HandChangedEvent.class).raised()).isFalse();
        assertThat(f.trace.ofKind(TraceKind.HAND_RAISED)).extracting(e -> e.data().get("raised"))
                .containsExactly(true, false);
        assertThat(refused(lecturer, new RaiseHandRequest("h", true))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
    }

    @Test
    void anInvitedTraineeSpeaksToEveryoneUntilTheTurnEnds() {
        f.request(t1, new RaiseHandRequest(t1.nextRequestId(), true), RaiseHandResponse.class);
        String turn = invite("t01");
        SpeakInvitedEvent invited = t1.channel().last(SpeakInvitedEvent.class);
        assertThat(invited.turnId()).isEqualTo(turn);
        assertThat(invited.by()).isEqualTo(new UserId("l01"));
        assertThat(t2.channel().ofType(SpeakInvitedEvent.class)).isEmpty();
        assertThat(refused(t1, new PublishRequest("p0", StreamKind.CAMERA, FakeMediaServer.browserOffer("p0"))))
                .as("no camera before the turn starts").isEqualTo(ErrorCode.NOT_INVITED);

        f.clock.advance(Duration.ofSeconds(5));
        AcceptTurnResponse accepted = f.request(t1, new AcceptTurnRequest(t1.nextRequestId(), turn),
                AcceptTurnResponse.class);
        assertThat(accepted.turn().startedAt()).isEqualTo(f.clock.instant());
        for (TestClient c : List.of(lecturer, t1, t2, t3)) {
            assertThat(c.channel().last(TurnStartedEvent.class).turn()).isEqualTo(accepted.turn());
        }
        assertThat(lecturer.channel().last(HandChangedEvent.class).raised()).as("the hand goes down").isFalse();

        StreamId camera = publishCamera(t1).streamId();
        for (TestClient c : List.of(lecturer, t2, t3)) {
            assertThat(c.channel().last(StreamPublishedEvent.class).stream()).satisfies(v -> {
                assertThat(v.streamId()).isEqualTo(camera);
                assertThat(v.groupId()).isNull();
            });
        }
        assertThat(f.request(t2, new SubscribeRequest(t2.nextRequestId(), camera), SubscribeResponse.class)
                .streamId()).isEqualTo(camera);

        f.clock.advance(Duration.ofSeconds(90));
        f.request(lecturer, new EndTurnRequest(lecturer.nextRequestId(), turn), EndTurnResponse.class);
        for (TestClient c : List.of(lecturer, t1, t2, t3)) {
            TurnEndedEvent e = c.channel().last(TurnEndedEvent.class);
            assertThat(e.turnId()).isEqualTo(turn);
            assertThat(e.userId()).isEqualTo(new UserId("t01"));
            assertThat(e.endedBy()).isEqualTo(new UserId("l01"));
            assertThat(e.reason()).isEqualTo("ended");
        }
        for (TestClient c : List.of(lecturer, t1, t2, t3)) {
            StreamUnpublishedEvent e = c.channel().last(StreamUnpublishedEvent.class);
            assertThat(e.streamId()).isEqualTo(camera);
            assertThat(e.reason()).isEqualTo(LeaveReason.TURN_ENDED);
        }
        assertThat(f.media.activePublishers()).isEmpty();
        assertThat(f.media.activeSubscribers()).isEmpty();
        assertThat(refused(t1, new PublishRequest("p1", StreamKind.CAMERA, FakeMediaServer.browserOffer("p1"))))
                .isEqualTo(ErrorCode.NOT_INVITED);
        assertThat(f.trace.ofKind(TraceKind.SPEAK_TURN)).singleElement().satisfies(e -> {
            assertThat(e.userId()).isEqualTo(new UserId("t01"));
            assertThat(e.data()).containsEntry("turnId", turn).containsEntry("seconds", 90L)
                    .containsEntry("startedAt", accepted.turn().startedAt().toString())
                    .containsEntry("endedAt", f.clock.instant().toString()).containsEntry("endedBy", "l01")
                    .containsEntry("invitedBy", "l01");
        });
    }

    @Test
    void theSpeakerMayEndTheTurnAndLeavingEndsIt() {
        String turn1 = invite("t01");
        f.request(t1, new AcceptTurnRequest(t1.nextRequestId(), turn1), AcceptTurnResponse.class);
        f.request(t1, new EndTurnRequest(t1.nextRequestId(), turn1), EndTurnResponse.class);
        assertThat(lecturer.channel().last(TurnEndedEvent.class).endedBy()).isEqualTo(new UserId("t01"));

        String turn2 = invite("t02");
        f.request(t2, new AcceptTurnRequest(t2.nextRequestId(), turn2), AcceptTurnResponse.class);
        publishCamera(t2);
        f.send(t2, new LeaveClassRequest(t2.nextRequestId()));
        TurnEndedEvent left = lecturer.channel().last(TurnEndedEvent.class);
        assertThat(left.turnId()).isEqualTo(turn2);
        assertThat(left.reason()).isEqualTo("left");
        assertThat(f.trace.ofKind(TraceKind.SPEAK_TURN)).hasSize(2);
    }

    @Test
    void atMostMaxSpeakersAreInvitedOrSpeaking() {
        String turn1 = invite("t01");
        invite("t02");
        assertThat(refused(lecturer, new InviteSpeakerRequest("i3", new UserId("t03"))))
                .isEqualTo(ErrorCode.TOO_MANY_SPEAKERS);
        assertThat(refused(lecturer, new InviteSpeakerRequest("i4", new UserId("t01"))))
                .as("invited already").isEqualTo(ErrorCode.INVALID_FIELD);

        f.request(t1, new EndTurnRequest(t1.nextRequestId(), turn1), EndTurnResponse.class);
        assertThat(t1.channel().last(TurnEndedEvent.class).reason()).isEqualTo("declined");
        assertThat(t3.channel().ofType(TurnEndedEvent.class)).as("an invitation that never started is not news")
                .isEmpty();
        invite("t03");
        assertThat(f.trace.ofKind(TraceKind.SPEAK_TURN)).as("no turn took place").isEmpty();
    }

    @Test
    void refusals() {
        String turn = invite("t01");
        assertThat(refused(t1, new InviteSpeakerRequest("i", new UserId("t02")))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(refused(lecturer, new InviteSpeakerRequest("i2", new UserId("l01"))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refused(t2, new AcceptTurnRequest("a", turn))).as("someone else's turn")
                .isEqualTo(ErrorCode.NOT_INVITED);
        assertThat(refused(t2, new AcceptTurnRequest("a2", "turn-none"))).isEqualTo(ErrorCode.NOT_INVITED);
        assertThat(refused(t2, new EndTurnRequest("e", turn))).isEqualTo(ErrorCode.NOT_INVITED);
        assertThat(refused(lecturer, new EndTurnRequest("e2", "turn-none"))).isEqualTo(ErrorCode.INVALID_FIELD);
        TestClient regulator = f.join(f.people.regulator("g01"));
        assertThat(refused(regulator, new EndTurnRequest("e3", turn))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(refused(regulator, new PublishRequest("p", StreamKind.CAMERA, FakeMediaServer.browserOffer("p"))))
                .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
    }

    @Test
    void aBreakoutEndsTheTurnsAndNoneStartDuringIt() {
        String turn = invite("t01");
        f.request(t1, new AcceptTurnRequest(t1.nextRequestId(), turn), AcceptTurnResponse.class);
        StreamId camera = publishCamera(t1).streamId();

        f.request(lecturer, new StartBreakoutRequest(lecturer.nextRequestId(), 2, "random", null, 10, null),
                StartBreakoutResponse.class);

        assertThat(t2.channel().last(TurnEndedEvent.class).reason()).isEqualTo("breakout");
        assertThat(t2.channel().ofType(StreamUnpublishedEvent.class)).extracting(StreamUnpublishedEvent::streamId)
                .contains(camera);
        assertThat(refused(lecturer, new InviteSpeakerRequest("i", new UserId("t02"))))
                .isEqualTo(ErrorCode.BREAKOUT_RUNNING);
    }
}
