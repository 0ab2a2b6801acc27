package org.wlcy.classroom.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.chat.InteractionGuard;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.filter.WordList;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.CommerceMessages.FlashEndedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.FlashStartedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.OpenRoomRequest;
import org.wlcy.classroom.protocol.CommerceMessages.OpenRoomResponse;
import org.wlcy.classroom.protocol.CommerceMessages.PinProductRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PinProductResponse;
import org.wlcy.classroom.protocol.CommerceMessages.PlaceOrderRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PlaceOrderResponse;
import org.wlcy.classroom.protocol.CommerceMessages.PutProductRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PutProductResponse;
import org.wlcy.classroom.protocol.CommerceMessages.RoomClosedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.SetHostRequest;
import org.wlcy.classroom.protocol.CommerceMessages.SetHostResponse;
import org.wlcy.classroom.protocol.CommerceMessages.StartFlashRequest;
import org.wlcy.classroom.protocol.CommerceMessages.StartFlashResponse;
import org.wlcy.classroom.protocol.CommerceMessages.StatsEvent;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionResponse;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.testing.DirectExecutor;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.ManualTimers;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.RecordingTraceLog;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * The practice room through the router on a synchronous lane, with a manual clock and timers: the
 * flash sale ends by its timer, the dashboard comes at most once a second, an order whose trace
 * write fails is refused and takes nothing, the lesson's end closes the room with the figures
 * traced under the host.
 */
class CommerceServiceTest {
    private final Identities people = Identities.of("demo-class");
    private final MutableClock clock = new MutableClock();
    private final ManualTimers timers = new ManualTimers(clock);
    private final RecordingTraceLog recorded = new RecordingTraceLog();
    private boolean traceFails;
    private final List<Throwable> laneErrors = new ArrayList<>();
    private Classrooms classrooms;
    private MessageRouter router;
    private TestClient lecturer;
    private TestClient host;
    private TestClient buyer;

    @BeforeEach
    void lesson() {
        TraceLog trace = events -> traceFails ? CompletableFuture.failedFuture(new IllegalStateException("disk full"))
                : recorded.append(events);
        IdGenerator ids = IdGenerator.sequential();
        CommerceService commerce = new CommerceService(trace, clock, ids, timers, new InteractionGuard(
                new SensitiveWordFilter(WordList.builtIn(), FilterMode.MASK), clock));
        classrooms = new Classrooms(new InMemoryClassroomDirectory(false).add(Classroom.of(people.classroom(),
                "示范班")), new FakeMediaServer(), clock, DirectExecutor.INSTANCE, ids,
                ClassSessionListener.all(List.of(commerce)), (t, e) -> laneErrors.add(e));
        router = new MessageRouter(classrooms, clock);
        commerce.register(router, classrooms);
        lecturer = join("l01", true);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        host = join("t01", false);
        buyer = join("t02", false);
        request(lecturer, new OpenRoomRequest(lecturer.nextRequestId(), null, null), OpenRoomResponse.class);
        request(lecturer, new SetHostRequest(lecturer.nextRequestId(), new UserId("t01"), null), SetHostResponse.class);
    }

    @AfterEach
    void noLaneErrors() {
        assertThat(laneErrors).isEmpty();
    }

    private TestClient join(String user, boolean isLecturer) {
        TestClient c = TestClient.of(isLecturer ? people.lecturer(user) : people.trainee(user));
        request(c, new JoinClassRequest(c.nextRequestId(), people.classroom()), JoinClassResponse.class);
        return c;
    }

    private <T extends ServerMessage> T request(TestClient c, ClientMessage m, Class<T> type) {
        router.route(c.connection(), m);
        return c.channel().replyTo(m.requestId(), type);
    }

    private ErrorCode refused(TestClient c, ClientMessage m) {
        router.route(c.connection(), m);
        return c.channel().replyTo(m.requestId()) instanceof ErrorResponse e ? ErrorCode.valueOf(e.error()) : null;
    }

    private String apple(int stock) {
        String id = request(host, new PutProductRequest(host.nextRequestId(), null, "苹果", "/img/apple.png", 3990,
                stock, null), PutProductResponse.class).product().productId();
        request(host, new PinProductRequest(host.nextRequestId(), id), PinProductResponse.class);
        return id;
    }

    @Test
    void aFlashSaleEndsByItsTimerOnTheLane() {
        String id = apple(100);
        request(host, new StartFlashRequest(host.nextRequestId(), id, 1990, 30), StartFlashResponse.class);
        assertThat(buyer.channel().last(FlashStartedEvent.class).flash().endsAt())
                .isEqualTo(clock.instant().plusSeconds(30));

        timers.advance(Duration.ofSeconds(29));
        assertThat(request(buyer, new PlaceOrderRequest(buyer.nextRequestId(), id, 2), PlaceOrderResponse.class)
                .order().unitPriceFen()).isEqualTo(1990);
        assertThat(buyer.channel().ofType(FlashEndedEvent.class)).isEmpty();

        timers.advance(Duration.ofSeconds(1));
        FlashEndedEvent ended = buyer.channel().last(FlashEndedEvent.class);
        assertThat(ended.reason()).isEqualTo("time-up");
        assertThat(ended.sold()).isEqualTo(2);
        assertThat(request(buyer, new PlaceOrderRequest(buyer.nextRequestId(), id, 1), PlaceOrderResponse.class)
                .order().unitPriceFen()).isEqualTo(3990);
        assertThat(recorded.ofKind(TraceKind.COMMERCE_FLASH)).extracting(e -> e.data().get("action"))
                .containsExactly("started", "ended");
    }

    @Test
    void theDashboardComesAtMostOncePerSecondToTheHostAndTheLecturers() {
        String id = apple(100);
        timers.advance(Duration.ofSeconds(1));
        int before = host.channel().ofType(StatsEvent.class).size();
        for (int i = 0; i < 5; i++) {
            request(buyer, new PlaceOrderRequest(buyer.nextRequestId(), id, 1), PlaceOrderResponse.class);
        }
        assertThat(host.channel().ofType(StatsEvent.class)).as("nothing before the second is up").hasSize(before);

        timers.advance(Duration.ofSeconds(1));
        List<StatsEvent> got = host.channel().ofType(StatsEvent.class);
        assertThat(got).hasSize(before + 1);
        StatsEvent last = got.get(got.size() - 1);
        assertThat(last.stats().orders()).isEqualTo(5);
        assertThat(last.stats().units()).isEqualTo(5);
        assertThat(last.stats().turnoverFen()).isEqualTo(5 * 3990L);
        assertThat(last.stats().viewers()).isEqualTo(1);
        assertThat(last.stats().conversion()).isEqualTo(1.0);
        assertThat(lecturer.channel().last(StatsEvent.class)).isEqualTo(last);
        assertThat(buyer.channel().ofType(StatsEvent.class)).as("the audience sees no dashboard").isEmpty();

        timers.advance(Duration.ofSeconds(3));
        assertThat(host.channel().ofType(StatsEvent.class)).as("no change, no message").hasSize(before + 1);
    }

    @Test
    void anOrderThatCannotBeRecordedIsRefusedAndTakesNoStock() {
        String id = apple(1);
        traceFails = true;

        assertThat(refused(buyer, new PlaceOrderRequest(buyer.nextRequestId(), id, 1))).isEqualTo(ErrorCode.INTERNAL);
        traceFails = false;
        assertThat(request(buyer, new PlaceOrderRequest(buyer.nextRequestId(), id, 1), PlaceOrderResponse.class)
                .order().stockLeft()).as("the unit came back").isZero();
        assertThat(recorded.ofKind(TraceKind.COMMERCE_ORDER)).hasSize(1);
    }

    @Test
    void theLessonsEndClosesTheRoomWithTheHostsFiguresOnTheTrace() {
        String id = apple(10);
        request(buyer, new PlaceOrderRequest(buyer.nextRequestId(), id, 3), PlaceOrderResponse.class);

        request(lecturer, new EndSessionRequest(lecturer.nextRequestId()), EndSessionResponse.class);

        assertThat(buyer.channel().last(RoomClosedEvent.class).reason()).isEqualTo("lesson-ended");
        TraceEvent session = recorded.ofKind(TraceKind.COMMERCE_SESSION).get(0);
        assertThat(session.userId()).isEqualTo(new UserId("t01"));
        assertThat(session.data()).containsEntry("orders", 1L).containsEntry("units", 3L)
                .containsEntry("turnoverFen", 3 * 3990L).containsEntry("viewers", 1L).containsEntry("buyers", 1L)
                .containsEntry("conversionPermille", 1000L).containsEntry("reason", "lesson-ended");
        TraceEvent closed = recorded.ofKind(TraceKind.COMMERCE_ROOM_CLOSED).get(0);
        assertThat(closed.userId()).isEqualTo(new UserId("l01"));
        assertThat(closed.data()).containsEntry("hosts", "t01").containsEntry("turnoverFen", 3 * 3990L);
        assertThat(refused(buyer, new PlaceOrderRequest(buyer.nextRequestId(), id, 1)))
                .isEqualTo(ErrorCode.COMMERCE_ROOM_CLOSED);
    }
}
