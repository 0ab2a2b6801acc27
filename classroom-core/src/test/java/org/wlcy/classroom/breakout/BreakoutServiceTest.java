package org.wlcy.classroom.breakout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutEndedEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutEndingEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutStartedEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutUpdatedEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutView;
import org.wlcy.classroom.protocol.BreakoutMessages.BroadcastEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BroadcastRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.BroadcastResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.ExtendBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.ExtendBreakoutResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.GroupView;
import org.wlcy.classroom.protocol.BreakoutMessages.MoveToGroupRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.MoveToGroupResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.NotesSavedEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.RecallBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.RecallBreakoutResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.SaveNotesRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.SaveNotesResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.StartBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.StartBreakoutResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.VisitGroupRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.VisitGroupResponse;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MediaMessages.PublishRequest;
import org.wlcy.classroom.protocol.MediaMessages.PublishResponse;
import org.wlcy.classroom.protocol.MediaMessages.StreamPublishedEvent;
import org.wlcy.classroom.protocol.MediaMessages.StreamUnpublishedEvent;
import org.wlcy.classroom.protocol.MediaMessages.StreamView;
import org.wlcy.classroom.protocol.MediaMessages.SubscribeRequest;
import org.wlcy.classroom.protocol.MediaMessages.SubscribeResponse;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionResponse;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.stream.StreamId;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.testing.ClassFixture;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Breakout groups on the fake media server, through the router: who is told of (and may receive)
 * which stream, moving people, visiting, recall, the timer, notes, and every refusal.
 */
class BreakoutServiceTest {
    private final ClassFixture f = new ClassFixture();
    private TestClient lecturer;
    private TestClient t1;
    private TestClient t2;
    private TestClient t3;
    private TestClient t4;
    private StreamId lecturerCamera;

    @BeforeEach
    void lessonWithTheLecturersCameraSeenByFourTrainees() {
        lecturer = f.join(f.people.lecturer("l01"));
        f.request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        lecturerCamera = publish(lecturer, StreamKind.CAMERA, null).streamId();
        t1 = f.join(f.people.trainee("t01"));
        t2 = f.join(f.people.trainee("t02"));
        t3 = f.join(f.people.trainee("t03"));
        t4 = f.join(f.people.trainee("t04"));
        for (TestClient t : List.of(t1, t2, t3, t4)) {
            subscribe(t, lecturerCamera);
        }
    }

    @AfterEach
    void noLaneErrors() {
        assertThat(f.laneErrors).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private PublishResponse publish(TestClient c, StreamKind kind, GroupId group) {
        String rid = c.nextRequestId();
        return f.request(c, new PublishRequest(rid, kind, FakeMediaServer.browserOffer(rid), group),
                PublishResponse.class);
    }

    private SubscribeResponse subscribe(TestClient c, StreamId stream) {
        return f.request(c, new SubscribeRequest(c.nextRequestId(), stream), SubscribeResponse.class);
    }

    private ErrorCode refused(TestClient c, ClientMessage m) {
        return f.send(c, m) instanceof ErrorResponse e ? ErrorCode.valueOf(e.error()) : null;
    }

    private ErrorCode publishRefused(TestClient c, StreamKind kind, GroupId group) {
        String rid = c.nextRequestId();
        return refused(c, new PublishRequest(rid, kind, FakeMediaServer.browserOffer(rid), group));
    }

    /** 2 groups: t01, t02 in the first; t03, t04 in the second. */
    private BreakoutView startManual(int minutes) {
        Map<String, Integer> assignment = new LinkedHashMap<>();
        assignment.put("t01", 0);
        assignment.put("t02", 0);
        assignment.put("t03", 1);
        assignment.put("t04", 1);
        return f.request(lecturer, new StartBreakoutRequest(lecturer.nextRequestId(), 2, "manual", assignment, minutes,
                List.of("甲组", "乙组")), StartBreakoutResponse.class).breakout();
    }

    private static GroupId group(BreakoutView b, int i) {
        return b.groups().get(i).groupId();
    }

    private static List<StreamView> published(TestClient c) {
        return c.channel().ofType(StreamPublishedEvent.class).stream().map(StreamPublishedEvent::stream).toList();
    }

    private static List<StreamId> publishedIds(TestClient c) {
        return published(c).stream().map(StreamView::streamId).toList();
    }

    private static List<StreamId> unpublished(TestClient c) {
        return c.channel().ofType(StreamUnpublishedEvent.class).stream().map(StreamUnpublishedEvent::streamId).toList();
    }

    private void clearAll() {
        for (TestClient c : List.of(lecturer, t1, t2, t3, t4)) {
            c.channel().clear();
        }
    }

    private List<TestClient> trainees() {
        return List.of(t1, t2, t3, t4);
    }

    // ------------------------------------------------------------------ starting

    @Nested
    class Starting {
        @Test
        void everyoneIsToldTheGroupsAndTraineesLeaveTheMainRoom() {
            clearAll();
            BreakoutView b = startManual(10);

            assertThat(b.groups()).extracting(GroupView::name).containsExactly("甲组", "乙组");
            assertThat(b.groups().get(0).members()).containsExactly(new UserId("t01"), new UserId("t02"));
            assertThat(b.groups().get(1).members()).containsExactly(new UserId("t03"), new UserId("t04"));
            assertThat(b.endsAt()).isEqualTo(b.startedAt().plus(Duration.ofMinutes(10)));
            for (TestClient c : List.of(lecturer, t1, t2, t3, t4)) {
                assertThat(c.channel().last(BreakoutStartedEvent.class).breakout()).isEqualTo(b);
            }
            for (TestClient t : trainees()) {
                assertThat(t.channel().last(StreamUnpublishedEvent.class)).as("the main room's camera leaves " + t)
                        .satisfies(e -> {
                            assertThat(e.streamId()).isEqualTo(lecturerCamera);
                            assertThat(e.reason()).isEqualTo(LeaveReason.ROOM_CHANGED);
                        });
            }
            assertThat(unpublished(lecturer)).as("the lecturer stays in the main room").isEmpty();
            assertThat(f.media.activeSubscribers()).as("the trainees' subscriptions to the main camera ended")
                    .isEmpty();
            assertThat(f.media.activePublishers()).as("the lecturer's main camera stays published").hasSize(1);
            assertThat(f.media.openRooms()).as("the main room and one room per group").hasSize(3);
        }

        @Test
        void randomAndBalancedSplitEveryTraineePresent() {
            for (String mode : List.of("random", "balanced")) {
                BreakoutView b = f.request(lecturer, new StartBreakoutRequest(lecturer.nextRequestId(), 2, mode, null,
                        5, null), StartBreakoutResponse.class).breakout();
                assertThat(b.groups()).extracting(GroupView::name).containsExactly("第1组", "第2组");
                assertThat(b.groups()).allSatisfy(g -> assertThat(g.members()).hasSize(2));
                assertThat(b.groups().stream().flatMap(g -> g.members().stream()))
                        .containsExactlyInAnyOrder(new UserId("t01"), new UserId("t02"), new UserId("t03"),
                                new UserId("t04"));
                f.request(lecturer, new RecallBreakoutRequest(lecturer.nextRequestId()), RecallBreakoutResponse.class);
            }
        }

        @Test
        void refusals() {
            assertThat(refused(t1, new StartBreakoutRequest("r", 2, "random", null, 5, null)))
                    .as("a trainee cannot split the class").isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            assertThat(refused(lecturer, new StartBreakoutRequest("r2", 2, "manual", Map.of("nobody", 0), 5, null)))
                    .as("manual assignment names someone not present").isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(refused(lecturer, new ExtendBreakoutRequest("r3", 5))).isEqualTo(ErrorCode.NO_BREAKOUT);
            assertThat(refused(lecturer, new RecallBreakoutRequest("r4"))).isEqualTo(ErrorCode.NO_BREAKOUT);
            assertThat(refused(lecturer, new BroadcastRequest("r5", "hi"))).isEqualTo(ErrorCode.NO_BREAKOUT);
            assertThat(refused(lecturer, new VisitGroupRequest("r6", null))).isEqualTo(ErrorCode.NO_BREAKOUT);
            assertThat(refused(lecturer, new MoveToGroupRequest("r7", new UserId("t01"), null)))
                    .isEqualTo(ErrorCode.NO_BREAKOUT);
            assertThat(refused(t1, new SaveNotesRequest("r8", new GroupId("g-x"), "x")))
                    .isEqualTo(ErrorCode.NO_BREAKOUT);
            BreakoutView b = startManual(5);
            assertThat(refused(lecturer, new StartBreakoutRequest("r9", 2, "random", null, 5, null)))
                    .isEqualTo(ErrorCode.BREAKOUT_RUNNING);
            assertThat(refused(lecturer, new VisitGroupRequest("r10", new GroupId("g-none"))))
                    .isEqualTo(ErrorCode.GROUP_NOT_FOUND);
            assertThat(refused(lecturer, new MoveToGroupRequest("r11", new UserId("t01"), new GroupId("g-none"))))
                    .isEqualTo(ErrorCode.GROUP_NOT_FOUND);
            assertThat(refused(lecturer, new MoveToGroupRequest("r12", new UserId("l01"), group(b, 1))))
                    .as("only trainees are moved").isEqualTo(ErrorCode.INVALID_FIELD);
            for (ClientMessage m : List.<ClientMessage>of(new ExtendBreakoutRequest("r13", 5),
                    new BroadcastRequest("r14", "x"), new VisitGroupRequest("r15", group(b, 0)),
                    new MoveToGroupRequest("r16", new UserId("t02"), group(b, 1)), new RecallBreakoutRequest("r17"))) {
                assertThat(refused(t1, m)).as(m.getClass().getSimpleName() + " by a trainee")
                        .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            }
        }

        @Test
        void noBreakoutWithoutALesson() {
            f.request(lecturer, new EndSessionRequest(lecturer.nextRequestId()), EndSessionResponse.class);
            assertThat(refused(lecturer, new StartBreakoutRequest("r", 2, "random", null, 5, null)))
                    .isEqualTo(ErrorCode.NO_LIVE_SESSION);
        }
    }

    // ------------------------------------------------------------------ visibility

    @Nested
    class Visibility {
        private BreakoutView b;
        private StreamId t1Camera;
        private StreamId t3Camera;

        @BeforeEach
        void groupsWithCameras() {
            b = startManual(10);
            clearAll();
            t1Camera = publish(t1, StreamKind.CAMERA, null).streamId();
            t3Camera = publish(t3, StreamKind.CAMERA, null).streamId();
        }

        @Test
        void aGroupsStreamsReachOnlyItsMembers() {
            assertThat(published(t2)).singleElement().satisfies(v -> {
                assertThat(v.streamId()).isEqualTo(t1Camera);
                assertThat(v.groupId()).isEqualTo(group(b, 0));
                assertThat(v.userId()).isEqualTo(new UserId("t01"));
            });
            assertThat(publishedIds(t4)).containsExactly(t3Camera);
            assertThat(publishedIds(t1)).containsExactly().doesNotContain(t3Camera);
            assertThat(publishedIds(lecturer)).as("a lecturer who does not visit sees no group").isEmpty();
            assertThat(subscribe(t2, t1Camera).streamId()).isEqualTo(t1Camera);
            assertThat(refused(t3, new SubscribeRequest("s1", t1Camera))).isEqualTo(ErrorCode.STREAM_NOT_FOUND);
            assertThat(refused(lecturer, new SubscribeRequest("s2", t1Camera))).isEqualTo(ErrorCode.STREAM_NOT_FOUND);
            assertThat(f.media.publisher(f.media.lastPublisher().feedId()).orElseThrow().room().spec().name())
                    .as("the group's stream is in the group's own media room").endsWith("/" + group(b, 1));
        }

        @Test
        void mainStreamsDoNotReachGroupedTraineesButReachLecturers() {
            TestClient colecturer = f.join(f.people.lecturer("l02"));
            StreamId screen = publish(lecturer, StreamKind.SCREEN, null).streamId();

            assertThat(publishedIds(colecturer)).contains(screen);
            for (TestClient t : trainees()) {
                assertThat(publishedIds(t)).doesNotContain(screen);
                assertThat(refused(t, new SubscribeRequest(t.nextRequestId(), lecturerCamera)))
                        .isEqualTo(ErrorCode.STREAM_NOT_FOUND);
            }
            assertThat(colecturer.channel().last(JoinClassResponse.class).streams()).extracting(StreamView::streamId)
                    .containsExactly(lecturerCamera);
        }

        @Test
        void proctoringCamerasStayInTheMainRoomForLecturersOnly() {
            StreamId proctor = publish(t1, StreamKind.PROCTOR, null).streamId();

            assertThat(published(lecturer)).singleElement().satisfies(v -> {
                assertThat(v.streamId()).isEqualTo(proctor);
                assertThat(v.groupId()).isNull();
            });
            assertThat(publishedIds(t2)).doesNotContain(proctor);
            assertThat(subscribe(lecturer, proctor).streamId()).isEqualTo(proctor);
            assertThat(publishRefused(t1, StreamKind.PROCTOR, group(b, 0))).isEqualTo(ErrorCode.INVALID_FIELD);

            f.request(lecturer, new RecallBreakoutRequest(lecturer.nextRequestId()), RecallBreakoutResponse.class);
            assertThat(unpublished(lecturer)).as("the proctoring camera goes on through the recall")
                    .doesNotContain(proctor);
            assertThat(f.media.activeSubscribers()).extracting(s -> s.feedId())
                    .contains(f.media.publishers().stream().filter(p -> p.display().endsWith("/proctor"))
                            .findFirst().orElseThrow().feedId());
        }

        @Test
        void aRejoiningTraineeIsBackInTheGroupAndSeesOnlyIt() {
            TestClient again = f.join(f.people.trainee("t02"));

            JoinClassResponse ok = again.channel().last(JoinClassResponse.class);
            assertThat(ok.streams()).extracting(StreamView::streamId).containsExactly(t1Camera);
            assertThat(again.channel().last(BreakoutUpdatedEvent.class).breakout().groups().get(0).members())
                    .contains(new UserId("t02"));
        }

        @Test
        void traineesPublishOnlyIntoTheirOwnGroup() {
            assertThat(publishRefused(t2, StreamKind.CAMERA, group(b, 1))).isEqualTo(ErrorCode.NOT_INVITED);
            assertThat(publishRefused(t1, StreamKind.CAMERA, null)).as("one camera per room")
                    .isEqualTo(ErrorCode.TOO_MANY_STREAMS);
            assertThat(publishRefused(t2, StreamKind.SCREEN, null)).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            assertThat(publishRefused(lecturer, StreamKind.CAMERA, group(b, 0))).as("visit first")
                    .isEqualTo(ErrorCode.NOT_INVITED);
            assertThat(publishRefused(lecturer, StreamKind.CAMERA, new GroupId("g-none")))
                    .isEqualTo(ErrorCode.GROUP_NOT_FOUND);
        }

        @Test
        void aVisitingLecturerSeesHearsAndIsSeenInThatGroupOnly() {
            VisitGroupResponse ok = f.request(lecturer, new VisitGroupRequest(lecturer.nextRequestId(), group(b, 0)),
                    VisitGroupResponse.class);

            assertThat(ok.breakout().groups().get(0).visitors()).containsExactly(new UserId("l01"));
            assertThat(publishedIds(lecturer)).containsExactly(t1Camera);
            for (TestClient c : List.of(t1, t2, t3, t4)) {
                assertThat(c.channel().last(BreakoutUpdatedEvent.class).breakout()).isEqualTo(ok.breakout());
            }
            StreamId visitCamera = publish(lecturer, StreamKind.CAMERA, group(b, 0)).streamId();
            assertThat(publishedIds(t1)).contains(visitCamera);
            assertThat(publishedIds(t2)).contains(visitCamera);
            assertThat(publishedIds(t3)).doesNotContain(visitCamera);
            assertThat(published(t2)).filteredOn(v -> v.streamId().equals(visitCamera))
                    .singleElement().extracting(StreamView::groupId).isEqualTo(group(b, 0));

            clearAll();
            f.request(lecturer, new VisitGroupRequest(lecturer.nextRequestId(), group(b, 1)), VisitGroupResponse.class);
            assertThat(unpublished(t1)).as("the visit's camera leaves with the lecturer").containsExactly(visitCamera);
            assertThat(unpublished(lecturer)).containsExactlyInAnyOrder(visitCamera, t1Camera);
            assertThat(publishedIds(lecturer)).containsExactly(t3Camera);
            assertThat(unpublished(t3)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ moving

    @Test
    void aMovedTraineeLeavesTheOldGroupsMediaAndSeesTheNewGroup() {
        BreakoutView b = startManual(10);
        StreamId t1Camera = publish(t1, StreamKind.CAMERA, null).streamId();
        StreamId t2Camera = publish(t2, StreamKind.CAMERA, null).streamId();
        StreamId t3Camera = publish(t3, StreamKind.CAMERA, null).streamId();
        subscribe(t2, t1Camera);
        subscribe(t1, t2Camera);
        clearAll();
        f.clock.advance(Duration.ofMinutes(3));

        MoveToGroupResponse ok = f.request(lecturer, new MoveToGroupRequest(lecturer.nextRequestId(),
                new UserId("t01"), group(b, 1)), MoveToGroupResponse.class);

        assertThat(ok.breakout().groups().get(0).members()).containsExactly(new UserId("t02"));
        assertThat(ok.breakout().groups().get(1).members()).contains(new UserId("t01"), new UserId("t03"));
        assertThat(t1.channel().ofType(StreamUnpublishedEvent.class)).extracting(StreamUnpublishedEvent::streamId,
                StreamUnpublishedEvent::reason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(t2Camera, LeaveReason.ROOM_CHANGED),
                org.assertj.core.groups.Tuple.tuple(t1Camera, LeaveReason.ROOM_CHANGED));
        assertThat(publishedIds(t1)).containsExactly(t3Camera);
        assertThat(unpublished(t2)).containsExactly(t1Camera);
        assertThat(unpublished(t3)).isEmpty();
        assertThat(unpublished(t4)).isEmpty();
        assertThat(f.media.activeSubscribers()).as("both old subscriptions ended").isEmpty();
        for (TestClient c : List.of(lecturer, t1, t2, t3, t4)) {
            assertThat(c.channel().last(BreakoutUpdatedEvent.class).breakout()).isEqualTo(ok.breakout());
        }

        StreamId again = publish(t1, StreamKind.CAMERA, null).streamId();
        assertThat(publishedIds(t3)).containsExactly(again);
        assertThat(publishedIds(t4)).containsExactly(again);
        assertThat(publishedIds(t2)).isEmpty();
        assertThat(published(t3).get(0).groupId()).isEqualTo(group(b, 1));

        List<TraceEvent> periods = f.trace.ofKind(TraceKind.BREAKOUT_JOINED);
        assertThat(periods).singleElement().satisfies(e -> {
            assertThat(e.userId()).isEqualTo(new UserId("t01"));
            assertThat(e.data()).containsEntry("groupId", group(b, 0).value()).containsEntry("reason", "moved")
                    .containsEntry("seconds", 180L).containsEntry("groupName", "甲组");
        });
    }

    @Test
    void aTraineeMovedToTheMainRoomSeesTheLecturerAgain() {
        BreakoutView b = startManual(10);
        clearAll();

        f.request(lecturer, new MoveToGroupRequest(lecturer.nextRequestId(), new UserId("t04"), null),
                MoveToGroupResponse.class);

        assertThat(publishedIds(t4)).containsExactly(lecturerCamera);
        assertThat(publishRefused(t4, StreamKind.CAMERA, null)).isEqualTo(ErrorCode.NOT_INVITED);
        assertThat(f.room().groupOf(new UserId("t04"))).isEmpty();
        assertThat(b.groups()).hasSize(2);
    }

    // ------------------------------------------------------------------ the end

    @Test
    void recallBringsEveryoneBackToTheMainRoom() {
        BreakoutView b = startManual(10);
        List<StreamId> groupCameras = trainees().stream().map(t -> publish(t, StreamKind.CAMERA, null).streamId())
                .toList();
        subscribe(t2, groupCameras.get(0));
        f.request(t1, new SaveNotesRequest(t1.nextRequestId(), group(b, 0), "商业模式：社区团购"),
                SaveNotesResponse.class);
        clearAll();
        f.clock.advance(Duration.ofMinutes(4));

        RecallBreakoutResponse ok = f.request(lecturer, new RecallBreakoutRequest(lecturer.nextRequestId()),
                RecallBreakoutResponse.class);

        assertThat(ok.breakoutId()).isEqualTo(b.breakoutId());
        for (TestClient t : trainees()) {
            BreakoutEndedEvent ended = t.channel().last(BreakoutEndedEvent.class);
            assertThat(ended.reason()).isEqualTo("recalled");
            assertThat(ended.endedBy()).isEqualTo(new UserId("l01"));
            assertThat(ended.notes()).extracting(n -> n.text()).containsExactly("商业模式：社区团购", "");
            assertThat(published(t)).as(t + " gets the main room's camera again").singleElement()
                    .satisfies(v -> {
                        assertThat(v.streamId()).isEqualTo(lecturerCamera);
                        assertThat(v.groupId()).isNull();
                    });
            assertThat(unpublished(t)).as("every group stream ends for " + t).isNotEmpty()
                    .allMatch(groupCameras::contains);
            assertThat(subscribe(t, lecturerCamera).streamId()).isEqualTo(lecturerCamera);
        }
        assertThat(unpublished(t1)).containsExactlyInAnyOrder(groupCameras.get(0), groupCameras.get(1));
        assertThat(f.media.activePublishers()).as("only the lecturer's camera is left").hasSize(1);
        assertThat(f.media.openRooms()).as("the groups' rooms are closed").hasSize(1);
        assertThat(f.room().inBreakout()).isFalse();
        assertThat(publishRefused(t1, StreamKind.CAMERA, null)).isEqualTo(ErrorCode.NOT_INVITED);
        assertThat(f.trace.ofKind(TraceKind.BREAKOUT_JOINED)).hasSize(4).allSatisfy(e ->
                assertThat(e.data()).containsEntry("reason", "recalled").containsEntry("seconds", 240L));
        assertThat(f.trace.ofKind(TraceKind.BREAKOUT_NOTES)).singleElement().satisfies(e -> {
            assertThat(e.userId()).isEqualTo(new UserId("t01"));
            assertThat(e.data()).containsEntry("text", "商业模式：社区团购").containsEntry("groupId", group(b, 0).value());
        });
        // A new breakout can start.
        startManual(5);
    }

    @Test
    void theTimerWarnsAMinuteBeforeAndRecallsAtTheEndAndAnExtensionMovesBoth() {
        startManual(5);
        f.scheduler.advance(Duration.ofMinutes(1));
        ExtendBreakoutResponse extended = f.request(lecturer, new ExtendBreakoutRequest(lecturer.nextRequestId(), 2),
                ExtendBreakoutResponse.class);
        assertThat(extended.breakout().endsAt()).isEqualTo(extended.breakout().startedAt().plus(Duration.ofMinutes(7)));
        assertThat(t1.channel().last(BreakoutUpdatedEvent.class).breakout()).isEqualTo(extended.breakout());

        f.scheduler.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(t1.channel().ofType(BreakoutEndingEvent.class)).as("no warning at the old time").isEmpty();
        f.scheduler.advance(Duration.ofSeconds(1));
        assertThat(t1.channel().ofType(BreakoutEndingEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.secondsLeft()).isEqualTo(60));
        assertThat(t1.channel().ofType(BreakoutEndedEvent.class)).isEmpty();

        f.scheduler.advance(Duration.ofSeconds(60));
        for (TestClient c : List.of(lecturer, t1, t2, t3, t4)) {
            BreakoutEndedEvent ended = c.channel().last(BreakoutEndedEvent.class);
            assertThat(ended.reason()).isEqualTo("time-up");
            assertThat(ended.endedBy()).isNull();
        }
        assertThat(publishedIds(t1)).contains(lecturerCamera);
        assertThat(f.room().inBreakout()).isFalse();
        assertThat(f.scheduler.pending()).isZero();
    }

    @Test
    void aRecalledBreakoutsTimerDoesNothing() {
        startManual(5);
        f.request(lecturer, new RecallBreakoutRequest(lecturer.nextRequestId()), RecallBreakoutResponse.class);
        BreakoutView next = startManual(30);

        f.scheduler.advance(Duration.ofMinutes(10));

        assertThat(t1.channel().ofType(BreakoutEndedEvent.class)).hasSize(1);
        assertThat(f.room().inBreakout()).isTrue();
        assertThat(next.breakoutId()).isNotNull();
    }

    @Test
    void endingTheLessonEndsTheBreakout() {
        startManual(5);
        f.request(lecturer, new EndSessionRequest(lecturer.nextRequestId()), EndSessionResponse.class);

        assertThat(t1.channel().last(BreakoutEndedEvent.class).reason()).isEqualTo("lesson-ended");
        assertThat(f.room().inBreakout()).isFalse();
        assertThat(f.media.openRooms()).isEmpty();
        f.scheduler.advance(Duration.ofMinutes(10));
        assertThat(t1.channel().ofType(BreakoutEndedEvent.class)).hasSize(1);
    }

    // ------------------------------------------------------------------ notes and broadcast

    @Test
    void notesReachTheGroupAndTheLecturersOnly() {
        BreakoutView b = startManual(10);
        clearAll();

        f.request(t3, new SaveNotesRequest(t3.nextRequestId(), group(b, 1), "痛点：获客成本高"), SaveNotesResponse.class);

        for (TestClient c : List.of(lecturer, t3, t4)) {
            NotesSavedEvent e = c.channel().last(NotesSavedEvent.class);
            assertThat(e.text()).isEqualTo("痛点：获客成本高");
            assertThat(e.by()).isEqualTo(new UserId("t03"));
            assertThat(e.groupId()).isEqualTo(group(b, 1));
        }
        assertThat(t1.channel().ofType(NotesSavedEvent.class)).isEmpty();
        assertThat(refused(t1, new SaveNotesRequest("n1", group(b, 1), "x"))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(refused(t1, new SaveNotesRequest("n2", new GroupId("g-none"), "x")))
                .isEqualTo(ErrorCode.GROUP_NOT_FOUND);
        f.request(lecturer, new SaveNotesRequest(lecturer.nextRequestId(), group(b, 0), "讲师备注"),
                SaveNotesResponse.class);
        f.request(lecturer, new MoveToGroupRequest(lecturer.nextRequestId(), new UserId("t04"), group(b, 0)),
                MoveToGroupResponse.class);
        assertThat(t4.channel().last(BreakoutUpdatedEvent.class).breakout().groups().get(1).notes())
                .isEqualTo("痛点：获客成本高");
    }

    @Test
    void aBroadcastReachesEveryGroup() {
        startManual(10);
        f.request(lecturer, new BroadcastRequest(lecturer.nextRequestId(), "还有5分钟，请准备汇报"),
                BroadcastResponse.class);

        for (TestClient c : trainees()) {
            BroadcastEvent e = c.channel().last(BroadcastEvent.class);
            assertThat(e.text()).isEqualTo("还有5分钟，请准备汇报");
            assertThat(e.from()).isEqualTo(new UserId("l01"));
        }
    }
}
