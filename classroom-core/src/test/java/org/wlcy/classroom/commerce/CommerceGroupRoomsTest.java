package org.wlcy.classroom.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.BreakoutMessages.MoveToGroupRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.MoveToGroupResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.RecallBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.RecallBreakoutResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.StartBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.StartBreakoutResponse;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.CommerceMessages.CloseRoomRequest;
import org.wlcy.classroom.protocol.CommerceMessages.OpenRoomRequest;
import org.wlcy.classroom.protocol.CommerceMessages.OpenRoomResponse;
import org.wlcy.classroom.protocol.CommerceMessages.PinProductRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PinProductResponse;
import org.wlcy.classroom.protocol.CommerceMessages.PlaceOrderRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PlaceOrderResponse;
import org.wlcy.classroom.protocol.CommerceMessages.ProductPinnedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.PutProductRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PutProductResponse;
import org.wlcy.classroom.protocol.CommerceMessages.RoomClosedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.RoomLeftEvent;
import org.wlcy.classroom.protocol.CommerceMessages.RoomStateEvent;
import org.wlcy.classroom.protocol.CommerceMessages.RoomView;
import org.wlcy.classroom.protocol.CommerceMessages.SetHostRequest;
import org.wlcy.classroom.protocol.CommerceMessages.SetHostResponse;
import org.wlcy.classroom.protocol.CommerceMessages.StatsEvent;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.LikeMessages.SendLikeRequest;
import org.wlcy.classroom.protocol.LikeMessages.SendLikeResponse;
import org.wlcy.classroom.protocol.MediaMessages.PublishRequest;
import org.wlcy.classroom.protocol.MediaMessages.PublishResponse;
import org.wlcy.classroom.protocol.MediaMessages.StreamPublishedEvent;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.testing.ClassFixture;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Practice live rooms per breakout group (issue I: "a lesson (or a breakout group)"): each group's
 * room is its members' alone (its shelf, card, orders, likes and dashboard), the audience follows
 * people moved between groups, a host moved away ends their stint, and recalling the groups closes
 * their rooms with the figures on the trace.
 */
class CommerceGroupRoomsTest {
    private final ClassFixture f = new ClassFixture();
    private TestClient lecturer;
    private TestClient t1;
    private TestClient t2;
    private TestClient t3;
    private TestClient t4;
    private GroupId a;
    private GroupId b;

    @BeforeEach
    void fourTraineesInTwoGroups() {
        lecturer = f.join(f.people.lecturer("l01"));
        f.request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        t1 = f.join(f.people.trainee("t01"));
        t2 = f.join(f.people.trainee("t02"));
        t3 = f.join(f.people.trainee("t03"));
        t4 = f.join(f.people.trainee("t04"));
        var groups = f.request(lecturer, new StartBreakoutRequest(lecturer.nextRequestId(), 2, "manual",
                Map.of("t01", 0, "t02", 0, "t03", 1, "t04", 1), 20, List.of("甲组", "乙组")),
                StartBreakoutResponse.class).breakout().groups();
        a = groups.get(0).groupId();
        b = groups.get(1).groupId();
    }

    @AfterEach
    void noLaneErrors() {
        assertThat(f.laneErrors).isEmpty();
    }

    private ErrorCode refused(TestClient c, ClientMessage m) {
        return f.send(c, m) instanceof ErrorResponse e ? ErrorCode.valueOf(e.error()) : null;
    }

    private RoomView open(GroupId group) {
        return f.request(lecturer, new OpenRoomRequest(lecturer.nextRequestId(), null, group), OpenRoomResponse.class)
                .room();
    }

    private void host(String user, String roomId) {
        f.request(lecturer, new SetHostRequest(lecturer.nextRequestId(), new UserId(user), roomId),
                SetHostResponse.class);
    }

    /** The host stocks and pins one product; its id. */
    private String pinned(TestClient host, String name, int stock) {
        String id = f.request(host, new PutProductRequest(host.nextRequestId(), null, name, "/img/p.png", 1000,
                stock, null), PutProductResponse.class).product().productId();
        f.request(host, new PinProductRequest(host.nextRequestId(), id), PinProductResponse.class);
        return id;
    }

    @Test
    void eachGroupsRoomIsItsMembersAlone() {
        assertThat(refused(lecturer, new OpenRoomRequest(lecturer.nextRequestId(), null, null)))
                .as("the whole lesson's room waits for the recall").isEqualTo(ErrorCode.BREAKOUT_RUNNING);
        RoomView roomA = open(a);
        assertThat(roomA.groupId()).isEqualTo(a);
        assertThat(roomA.groupName()).isEqualTo("甲组");
        assertThat(roomA.title()).isEqualTo("甲组直播间");
        assertThat(t2.channel().last(RoomStateEvent.class).room().roomId()).isEqualTo(roomA.roomId());
        assertThat(t3.channel().ofType(RoomStateEvent.class)).as("group B is not told of A's room").isEmpty();
        assertThat(lecturer.channel().last(RoomStateEvent.class).room().roomId()).isEqualTo(roomA.roomId());
        assertThat(refused(lecturer, new OpenRoomRequest(lecturer.nextRequestId(), null, a)))
                .as("one room per group").isEqualTo(ErrorCode.COMMERCE_ROOM_OPEN);
        assertThat(refused(lecturer, new OpenRoomRequest(lecturer.nextRequestId(), null, new GroupId("g-none"))))
                .isEqualTo(ErrorCode.GROUP_NOT_FOUND);
        RoomView roomB = open(b);

        assertThat(refused(lecturer, new SetHostRequest(lecturer.nextRequestId(), new UserId("t03"),
                roomA.roomId()))).as("a host from another group").isEqualTo(ErrorCode.INVALID_FIELD);
        host("t01", null); // the room of t01's group
        host("t03", null);
        assertThat(t2.channel().last(RoomStateEvent.class).room().hostId()).isEqualTo(new UserId("t01"));
        assertThat(t4.channel().last(RoomStateEvent.class).room().hostId()).isEqualTo(new UserId("t03"));
        assertThat(refused(lecturer, new CloseRoomRequest(lecturer.nextRequestId(), null)))
                .as("two rooms are open: which one?").isEqualTo(ErrorCode.INVALID_FIELD);

        String pear = pinned(t1, "甲组的梨", 1);
        String tea = pinned(t3, "乙组的茶", 5);
        assertThat(t2.channel().last(ProductPinnedEvent.class).product().name()).isEqualTo("甲组的梨");
        assertThat(t2.channel().last(ProductPinnedEvent.class).roomId()).isEqualTo(roomA.roomId());
        assertThat(t4.channel().ofType(ProductPinnedEvent.class)).extracting(e -> e.product().name())
                .containsExactly("乙组的茶");
        assertThat(lecturer.channel().ofType(ProductPinnedEvent.class)).extracting(ProductPinnedEvent::roomId)
                .containsExactly(roomA.roomId(), roomB.roomId());

        assertThat(refused(t4, new PlaceOrderRequest(t4.nextRequestId(), pear, 1)))
                .as("group B's buyer cannot buy from A's shelf").isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
        assertThat(f.request(t2, new PlaceOrderRequest(t2.nextRequestId(), pear, 1), PlaceOrderResponse.class)
                .order().stockLeft()).isZero();
        f.request(t4, new PlaceOrderRequest(t4.nextRequestId(), tea, 2), PlaceOrderResponse.class);
        f.request(t2, new SendLikeRequest(t2.nextRequestId(), 3), SendLikeResponse.class);

        f.scheduler.advance(Duration.ofSeconds(1));
        List<StatsEvent> shown = lecturer.channel().ofType(StatsEvent.class);
        StatsEvent statsA = shown.stream().filter(s -> s.stats().roomId().equals(roomA.roomId())).reduce((x, y) -> y)
                .orElseThrow();
        StatsEvent statsB = shown.stream().filter(s -> s.stats().roomId().equals(roomB.roomId())).reduce((x, y) -> y)
                .orElseThrow();
        assertThat(statsA.stats().viewers()).as("t02 alone watches A").isEqualTo(1);
        assertThat(statsA.stats().turnoverFen()).isEqualTo(1000);
        assertThat(statsA.stats().likes()).as("A's likes are its members'").isEqualTo(3);
        assertThat(statsB.stats().turnoverFen()).isEqualTo(2000);
        assertThat(statsB.stats().likes()).isZero();
        assertThat(t1.channel().ofType(StatsEvent.class)).extracting(s -> s.stats().roomId())
                .as("each host sees their own room's dashboard").containsOnly(roomA.roomId());
    }

    @Test
    void theHostSharesAScreenIntoTheirGroup() {
        open(a);
        host("t01", null);
        String rid = t1.nextRequestId();
        PublishResponse screen = f.request(t1, new PublishRequest(rid, StreamKind.SCREEN,
                FakeMediaServer.browserOffer(rid), null), PublishResponse.class);
        assertThat(t2.channel().ofType(StreamPublishedEvent.class)).extracting(StreamPublishedEvent::stream)
                .filteredOn(s -> s.streamId().equals(screen.streamId())).singleElement()
                .satisfies(s -> assertThat(s.groupId()).as("into the host's group").isEqualTo(a));
        assertThat(t3.channel().ofType(StreamPublishedEvent.class)).as("another group does not see it").isEmpty();
        String other = t2.nextRequestId();
        assertThat(refused(t2, new PublishRequest(other, StreamKind.SCREEN, FakeMediaServer.browserOffer(other), null)))
                .as("only the host shares a screen").isEqualTo(ErrorCode.ROLE_FORBIDDEN);
    }

    @Test
    void theAudienceFollowsPeopleMovedBetweenGroups_AMovedHostEndsTheirStint() {
        RoomView roomA = open(a);
        RoomView roomB = open(b);
        host("t01", null);
        pinned(t1, "梨", 10);

        f.request(lecturer, new MoveToGroupRequest(lecturer.nextRequestId(), new UserId("t02"), b),
                MoveToGroupResponse.class);
        assertThat(t2.channel().last(RoomLeftEvent.class).roomId()).isEqualTo(roomA.roomId());
        assertThat(t2.channel().last(RoomStateEvent.class).room().roomId()).isEqualTo(roomB.roomId());
        assertThat(refused(t2, new PlaceOrderRequest(t2.nextRequestId(), "pr-x", 1)))
                .as("B's room has no host yet").isEqualTo(ErrorCode.PRODUCT_NOT_ON_SALE);

        f.request(lecturer, new MoveToGroupRequest(lecturer.nextRequestId(), new UserId("t01"), b),
                MoveToGroupResponse.class);
        assertThat(lecturer.channel().last(RoomStateEvent.class).room()).satisfies(r -> {
            assertThat(r.roomId()).isEqualTo(roomA.roomId());
            assertThat(r.hostId()).as("A waits for a new host").isNull();
        });
        TraceEvent session = f.trace.ofKind(TraceKind.COMMERCE_SESSION).get(0);
        assertThat(session.userId()).isEqualTo(new UserId("t01"));
        assertThat(session.data()).containsEntry("reason", "host-moved").containsEntry("groupId", a.value())
                .containsEntry("groupName", "甲组");
        assertThat(refused(t1, new PinProductRequest(t1.nextRequestId(), null)))
                .isEqualTo(ErrorCode.NOT_COMMERCE_HOST);
    }

    @Test
    void recallingTheGroupsClosesTheirRooms() {
        RoomView roomA = open(a);
        host("t01", null);
        String pear = pinned(t1, "梨", 10);
        f.request(t2, new PlaceOrderRequest(t2.nextRequestId(), pear, 2), PlaceOrderResponse.class);

        f.request(lecturer, new RecallBreakoutRequest(lecturer.nextRequestId()), RecallBreakoutResponse.class);

        assertThat(t2.channel().last(RoomClosedEvent.class)).satisfies(e -> {
            assertThat(e.roomId()).isEqualTo(roomA.roomId());
            assertThat(e.reason()).isEqualTo("breakout-ended");
            assertThat(e.stats().orders()).isEqualTo(1);
        });
        assertThat(t3.channel().ofType(RoomClosedEvent.class)).isEmpty();
        TraceEvent closed = f.trace.ofKind(TraceKind.COMMERCE_ROOM_CLOSED).get(0);
        assertThat(closed.data()).containsEntry("groupId", a.value()).containsEntry("units", 2L)
                .containsEntry("reason", "breakout-ended");
        assertThat(f.trace.ofKind(TraceKind.COMMERCE_SESSION)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("turnoverFen", 2000L));
        assertThat(refused(t2, new PlaceOrderRequest(t2.nextRequestId(), pear, 1)))
                .isEqualTo(ErrorCode.COMMERCE_ROOM_CLOSED);
        assertThat(open(null).groupId()).as("the whole lesson's room may open now").isNull();
    }
}
