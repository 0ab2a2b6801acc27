package org.wlcy.classroom.commerce;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wlcy.classroom.chat.InteractionGuard;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.like.LikeService;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.CommerceMessages.CloseRoomRequest;
import org.wlcy.classroom.protocol.CommerceMessages.CloseRoomResponse;
import org.wlcy.classroom.protocol.CommerceMessages.FlashEndedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.FlashStartedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.OpenRoomRequest;
import org.wlcy.classroom.protocol.CommerceMessages.OpenRoomResponse;
import org.wlcy.classroom.protocol.CommerceMessages.PinProductRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PinProductResponse;
import org.wlcy.classroom.protocol.CommerceMessages.PlaceOrderRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PlaceOrderResponse;
import org.wlcy.classroom.protocol.CommerceMessages.ProductChangedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.ProductPinnedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.ProductRemovedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.PutProductRequest;
import org.wlcy.classroom.protocol.CommerceMessages.PutProductResponse;
import org.wlcy.classroom.protocol.CommerceMessages.RemoveProductRequest;
import org.wlcy.classroom.protocol.CommerceMessages.RemoveProductResponse;
import org.wlcy.classroom.protocol.CommerceMessages.RoomClosedEvent;
import org.wlcy.classroom.protocol.CommerceMessages.RoomStateEvent;
import org.wlcy.classroom.protocol.CommerceMessages.SetHostRequest;
import org.wlcy.classroom.protocol.CommerceMessages.SetHostResponse;
import org.wlcy.classroom.protocol.CommerceMessages.StartFlashRequest;
import org.wlcy.classroom.protocol.CommerceMessages.StartFlashResponse;
import org.wlcy.classroom.protocol.CommerceMessages.StatsEvent;
import org.wlcy.classroom.protocol.CommerceMessages.StatsView;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.session.ServerTrace;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * The practice live room (模拟直播电商, Art. 24(1); docs/adr/0025) of a live lesson. A lecturer opens
 * it and hands the host role to a trainee present, who may then publish a camera into the main
 * room (the speaking turns' camera right) and runs the shelf: products, the pinned card, one flash
 * sale at a time, ended by a timer that hops onto the class's lane. The other trainees order the
 * pinned product against the simulated stock; each order is decided on the lane (so stock never
 * goes below zero) and acknowledged only once it is durably on the trace. The host and the
 * lecturers get the dashboard ({@code commerce.stats}) at most once a second while it changes.
 * Each host's figures are traced under the host at the end of their stint, the room's at its close.
 * Comments and likes are the lesson's chat, danmaku and likes as they are.
 */
public final class CommerceService implements ClassSessionListener {
    /** The dashboard comes at most this often. */
    public static final Duration STATS_INTERVAL = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(CommerceService.class.getName());
    private final ServerTrace trace;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final Scheduler timers;
    private final InteractionGuard guard;
    private Function<ClassroomId, Optional<LiveClassroom>> classes = id -> Optional.empty();

    /**
     * {@code guard}: the live interaction's sensitive-word filter, which screens what the class is
     * shown (room titles, product names and promotions) as it screens chat: masked, or 213.
     */
    public CommerceService(TraceLog trace, InstantSource clock, IdGenerator ids, Scheduler timers,
                           InteractionGuard guard) {
        this.trace = new ServerTrace(trace, clock, ids);
        this.clock = clock;
        this.ids = ids;
        this.timers = timers;
        this.guard = guard;
    }

    /** Registers the {@code commerce.*} handlers; {@code classrooms} resolves classes for lesson events. */
    public void register(MessageRouter router, Classrooms classrooms) {
        this.classes = classrooms::find;
        router.on(OpenRoomRequest.class, this::open);
        router.on(CloseRoomRequest.class, this::close);
        router.on(SetHostRequest.class, this::setHost);
        router.on(PutProductRequest.class, this::put);
        router.on(RemoveProductRequest.class, this::remove);
        router.on(PinProductRequest.class, this::pin);
        router.on(StartFlashRequest.class, this::startFlash);
        router.on(PlaceOrderRequest.class, this::order);
    }

    /** Per class: the open room (or none), its timers and the last dashboard sent. */
    private static final class State {
        CommerceRoom room;
        Scheduler.Cancellable flashTimer;
        Scheduler.Cancellable statsTimer;
        StatsView lastStats;
    }

    private static State state(LiveClassroom c) {
        return c.feature(State.class, State::new);
    }

    /** The open room of a class, if any (on the lane). */
    public static Optional<CommerceRoom> room(LiveClassroom c) {
        return Optional.ofNullable(state(c).room);
    }

    // ------------------------------------------------------------------ the lecturer's requests

    private void open(LiveClassroom c, ClientConnection conn, OpenRoomRequest req) {
        Participant lecturer = c.lecturerOf(conn, "open a practice live room");
        if (c.liveSession() == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "a practice live room runs during a lesson");
        }
        if (c.inBreakout()) {
            throw new ClassroomException(ErrorCode.BREAKOUT_RUNNING, "the class is in groups; recall them first "
                    + "(the practice room is for the whole lesson)");
        }
        State s = state(c);
        if (s.room != null) {
            throw new ClassroomException(ErrorCode.COMMERCE_ROOM_OPEN, "practice room " + s.room.id()
                    + " is open already");
        }
        String title = req.title() == null ? "直播间" : guard.screen(req.title()).text();
        CommerceRoom room = new CommerceRoom(ids.next("cr-"), title, lecturer.userId(), clock.instant(),
                LikeService.lessonTotal(c));
        traineesPresent(c).forEach(room::watched);
        s.room = room;
        s.lastStats = null;
        trace.record(c, lecturer.userId(), TraceKind.COMMERCE_ROOM_OPENED, Map.of("roomId", room.id(),
                "title", title));
        conn.channel().send(new OpenRoomResponse(req.requestId(), room.view()));
        c.sendTo(p -> true, new RoomStateEvent(room.view()));
        scheduleStats(c, room);
    }

    private void close(LiveClassroom c, ClientConnection conn, CloseRoomRequest req) {
        Participant lecturer = c.lecturerOf(conn, "close the practice live room");
        CommerceRoom room = openRoom(c);
        conn.channel().send(new CloseRoomResponse(req.requestId(), closeRoom(c, room, lecturer.userId(), "lecturer")));
    }

    private void setHost(LiveClassroom c, ClientConnection conn, SetHostRequest req) {
        Participant lecturer = c.lecturerOf(conn, "hand the host role");
        CommerceRoom room = openRoom(c);
        Participant trainee = c.participants().stream()
                .filter(p -> p.userId().equals(req.userId()) && p.role() == Role.TRAINEE).findFirst()
                .orElseThrow(() -> new ClassroomException(ErrorCode.INVALID_FIELD,
                        "userId: no trainee " + req.userId() + " is present"));
        if (!room.isHost(trainee.userId())) {
            room.handTo(trainee.userId(), trainee.displayName(), clock.instant(), LikeService.lessonTotal(c),
                    traineesPresent(c)).ifPresent(ended -> endStint(c, room, ended, "host-changed"));
            trace.record(c, trainee.userId(), TraceKind.COMMERCE_HOST, Map.of("roomId", room.id(),
                    "by", lecturer.userId().value()));
            state(c).lastStats = null;
        }
        c.grantCamera(trainee.userId()); // again for the same host: gives back a right a speaking turn's end took
        c.grantScreen(trainee.userId()); // issue I live room (i-live): the host shares a screen too
        conn.channel().send(new SetHostResponse(req.requestId(), room.view()));
        c.sendTo(p -> true, new RoomStateEvent(room.view()));
    }

    // ------------------------------------------------------------------ the host's requests

    private void put(LiveClassroom c, ClientConnection conn, PutProductRequest req) {
        Participant host = host(c, conn, "stock the shelf");
        CommerceRoom room = state(c).room;
        String name = guard.screen(req.name()).text();
        String promotion = req.promotion() == null || req.promotion().isEmpty() ? null
                : guard.screen(req.promotion()).text();
        Product p = room.put(req.productId(), req.productId() == null ? ids.next("pr-") : null, name,
                req.imageUrl(), req.priceFen(), req.stock(), promotion);
        Map<String, Object> data = productData(room, p.id(), "put");
        data.put("name", p.name());
        data.put("imageUrl", p.imageUrl());
        data.put("priceFen", p.priceFen());
        data.put("stock", p.stock());
        data.put("promotion", p.promotion() == null ? "" : p.promotion());
        trace.record(c, host.userId(), TraceKind.COMMERCE_PRODUCT, data);
        conn.channel().send(new PutProductResponse(req.requestId(), p.view()));
        c.sendTo(q -> true, new ProductChangedEvent(p.view()));
        if (room.pinned().filter(x -> x.id().equals(p.id())).isPresent()) {
            c.sendTo(q -> true, new ProductPinnedEvent(p.view()));
        }
    }

    private void remove(LiveClassroom c, ClientConnection conn, RemoveProductRequest req) {
        Participant host = host(c, conn, "take products off the shelf");
        CommerceRoom room = state(c).room;
        boolean wasPinned = room.pinned().filter(x -> x.id().equals(req.productId())).isPresent();
        Product p = room.remove(req.productId());
        trace.record(c, host.userId(), TraceKind.COMMERCE_PRODUCT, productData(room, p.id(), "remove"));
        conn.channel().send(new RemoveProductResponse(req.requestId(), p.id()));
        if (room.flash().filter(f -> f.productId().equals(p.id())).isPresent()) {
            endFlash(c, room, "removed");
        }
        c.sendTo(q -> true, new ProductRemovedEvent(p.id()));
        if (wasPinned) {
            c.sendTo(q -> true, new ProductPinnedEvent(null));
        }
    }

    private void pin(LiveClassroom c, ClientConnection conn, PinProductRequest req) {
        Participant host = host(c, conn, "pin products");
        CommerceRoom room = state(c).room;
        Optional<Product> pinned = room.pin(req.productId(), clock.instant());
        trace.record(c, host.userId(), TraceKind.COMMERCE_PRODUCT,
                productData(room, req.productId() == null ? "" : req.productId(), pinned.isPresent() ? "pin" : "unpin"));
        conn.channel().send(new PinProductResponse(req.requestId(), pinned.map(Product::id).orElse(null)));
        c.sendTo(q -> true, new ProductPinnedEvent(pinned.map(Product::view).orElse(null)));
    }

    private void startFlash(LiveClassroom c, ClientConnection conn, StartFlashRequest req) {
        Participant host = host(c, conn, "start flash sales");
        State s = state(c);
        CommerceRoom room = s.room;
        Instant now = clock.instant();
        FlashSale flash = room.startFlash(req.productId(), req.priceFen(), req.seconds(), now);
        Map<String, Object> data = productData(room, flash.productId(), "started");
        data.put("priceFen", flash.priceFen());
        data.put("seconds", req.seconds());
        data.put("endsAt", flash.endsAt().toString());
        trace.record(c, host.userId(), TraceKind.COMMERCE_FLASH, data);
        scheduleFlashEnd(c, room, flash);
        conn.channel().send(new StartFlashResponse(req.requestId(), flash.view()));
        c.sendTo(q -> true, new ProductPinnedEvent(room.product(flash.productId()).view()));
        c.sendTo(q -> true, new FlashStartedEvent(flash.view()));
    }

    // ------------------------------------------------------------------ the audience

    private void order(LiveClassroom c, ClientConnection conn, PlaceOrderRequest req) {
        Participant buyer = c.participantOf(conn);
        if (buyer.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees order in the practice room");
        }
        CommerceRoom room = openRoom(c);
        Order o = room.order(ids.next("od-"), buyer.userId(), req.productId(), req.quantity(), clock.instant());
        Map<String, Object> data = new HashMap<>();
        data.put("roomId", room.id());
        data.put("orderId", o.id());
        data.put("hostId", o.host().value());
        data.put("productId", o.productId());
        data.put("quantity", o.quantity());
        data.put("unitPriceFen", o.unitPriceFen());
        data.put("totalFen", o.totalFen());
        data.put("flash", o.flash());
        data.put("stockLeft", o.stockLeft());
        trace.append(c, buyer.userId(), TraceKind.COMMERCE_ORDER, data).whenCompleteAsync((stored, error) -> {
            if (error != null) {
                room.undo(o);
                conn.channel().send(ErrorResponse.of(req.requestId(), ErrorCode.INTERNAL,
                        "your order could not be recorded; nothing was taken; order again"));
                LOG.log(System.Logger.Level.ERROR, "could not record order " + o.id() + " in " + c.id(), error);
                return;
            }
            conn.channel().send(new PlaceOrderResponse(req.requestId(), o.view()));
            if (state(c).room == room) {
                room.products().stream().filter(p -> p.id().equals(o.productId())).findFirst()
                        .ifPresent(p -> c.sendTo(q -> true, new ProductChangedEvent(p.view())));
            }
        }, c.lane());
    }

    // ------------------------------------------------------------------ class events (on the lane)

    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        classes.apply(classroom).ifPresent(c -> {
            CommerceRoom room = state(c).room;
            if (room == null) {
                return;
            }
            if (p.role() == Role.TRAINEE) {
                room.watched(p.userId());
                if (room.isHost(p.userId())) {
                    c.grantCamera(p.userId()); // back after a drop: the host's camera right again
                    c.grantScreen(p.userId()); // issue I live room (i-live): and the screen's
                }
            }
            c.sendToUser(p.userId(), new RoomStateEvent(room.view()));
        });
    }

    /** The lesson ended: its practice room closes with it. */
    @Override
    public void onSessionEnded(ClassSession session) {
        classes.apply(session.classroomId()).ifPresent(c -> {
            CommerceRoom room = state(c).room;
            if (room != null) {
                closeRoom(c, room, room.openedBy(), "lesson-ended");
            }
        });
    }

    // ------------------------------------------------------------------ internals

    private StatsView closeRoom(LiveClassroom c, CommerceRoom room, UserId by, String reason) {
        State s = state(c);
        if (room.flash().isPresent()) {
            endFlash(c, room, "closed");
        }
        room.close().ifPresent(ended -> endStint(c, room, ended, "lesson-ended".equals(reason) ? reason : "closed"));
        cancel(s.statsTimer);
        s.statsTimer = null;
        s.room = null;
        s.lastStats = null;
        long likes = room.likesSinceOpen(LikeService.lessonTotal(c));
        SalesFigures f = room.total();
        Map<String, Object> data = figures(f, likes);
        data.put("roomId", room.id());
        data.put("reason", reason);
        data.put("hosts", String.join(",", room.hosts().stream().map(UserId::value).toList()));
        data.put("seconds", Duration.between(room.openedAt(), clock.instant()).toSeconds());
        trace.record(c, by, TraceKind.COMMERCE_ROOM_CLOSED, data);
        StatsView stats = new StatsView(room.id(), null, f.viewers(), likes, f.orders(), f.units(), f.turnoverFen(),
                f.buyers(), f.conversion());
        c.sendTo(p -> true, new RoomClosedEvent(room.id(), reason, stats));
        return stats;
    }

    /** A host's stint ended: their figures go to the trace under them, their camera right ends. */
    private void endStint(LiveClassroom c, CommerceRoom room, HostStint stint, String reason) {
        Instant now = clock.instant();
        Map<String, Object> data = figures(stint.figures(), stint.likesSince(LikeService.lessonTotal(c)));
        data.put("roomId", room.id());
        data.put("startedAt", stint.startedAt().toString());
        data.put("endedAt", now.toString());
        data.put("seconds", Duration.between(stint.startedAt(), now).toSeconds());
        data.put("products", room.products().size());
        data.put("reason", reason);
        trace.record(c, stint.host(), TraceKind.COMMERCE_SESSION, data);
        c.revokeCamera(stint.host());
        c.revokeScreen(stint.host()); // issue I live room (i-live)
    }

    private static Map<String, Object> figures(SalesFigures f, long likes) {
        Map<String, Object> d = new HashMap<>();
        d.put("viewers", f.viewers());
        d.put("likes", likes);
        d.put("orders", f.orders());
        d.put("units", f.units());
        d.put("turnoverFen", f.turnoverFen());
        d.put("buyers", f.buyers());
        d.put("conversionPermille", f.conversionPermille());
        return d;
    }

    private void endFlash(LiveClassroom c, CommerceRoom room, String reason) {
        State s = state(c);
        cancel(s.flashTimer);
        s.flashTimer = null;
        FlashSale flash = room.flash().orElseThrow();
        int sold = room.endFlash();
        UserId host = room.stint().map(HostStint::host).orElse(room.openedBy());
        Map<String, Object> data = productData(room, flash.productId(), "ended");
        data.put("reason", reason);
        data.put("sold", sold);
        trace.record(c, host, TraceKind.COMMERCE_FLASH, data);
        c.sendTo(p -> true, new FlashEndedEvent(flash.productId(), reason, sold));
    }

    private void scheduleFlashEnd(LiveClassroom c, CommerceRoom room, FlashSale flash) {
        State s = state(c);
        s.flashTimer = timers.schedule(ceil(Duration.between(clock.instant(), flash.endsAt())),
                () -> c.lane().execute(() -> flashDue(c, room, flash)));
    }

    /** On the lane: the flash sale's timer fired; it ends if the server's clock has reached its end. */
    private void flashDue(LiveClassroom c, CommerceRoom room, FlashSale flash) {
        if (state(c).room != room || room.flash().filter(f -> f == flash).isEmpty()) {
            return;
        }
        if (flash.runsAt(clock.instant())) {
            scheduleFlashEnd(c, room, flash); // the timer ran ahead of the clock
            return;
        }
        endFlash(c, room, "time-up");
    }

    private void scheduleStats(LiveClassroom c, CommerceRoom room) {
        state(c).statsTimer = timers.schedule(STATS_INTERVAL, () -> c.lane().execute(() -> statsDue(c, room)));
    }

    /** On the lane, once a second while the room is open: the dashboard, if it changed. */
    private void statsDue(LiveClassroom c, CommerceRoom room) {
        State s = state(c);
        if (s.room != room) {
            return;
        }
        StatsView now = stats(c, room);
        if (!now.equals(s.lastStats)) {
            s.lastStats = now;
            UserId host = now.hostId();
            c.sendTo(p -> p.role() == Role.LECTURER || p.userId().equals(host), new StatsEvent(now));
        }
        scheduleStats(c, room);
    }

    /** The current host's figures (the room's before a host is set). */
    private static StatsView stats(LiveClassroom c, CommerceRoom room) {
        long lessonLikes = LikeService.lessonTotal(c);
        Optional<HostStint> stint = room.stint();
        SalesFigures f = stint.map(HostStint::figures).orElse(room.total());
        long likes = stint.map(h -> h.likesSince(lessonLikes)).orElse(room.likesSinceOpen(lessonLikes));
        return new StatsView(room.id(), stint.map(HostStint::host).orElse(null), f.viewers(), likes, f.orders(),
                f.units(), f.turnoverFen(), f.buyers(), f.conversion());
    }

    private static CommerceRoom openRoom(LiveClassroom c) {
        CommerceRoom room = state(c).room;
        if (room == null) {
            throw new ClassroomException(ErrorCode.COMMERCE_ROOM_CLOSED, "no practice live room is open");
        }
        return room;
    }

    /** The caller if they host the open room: regulators and admins 304, no room 290, not the host 292. */
    private static Participant host(LiveClassroom c, ClientConnection conn, String what) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.TRAINEE && who.role() != Role.LECTURER) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only the room's host may " + what);
        }
        CommerceRoom room = openRoom(c);
        if (!room.isHost(who.userId())) {
            throw new ClassroomException(ErrorCode.NOT_COMMERCE_HOST, "only the room's host may " + what);
        }
        return who;
    }

    private static List<UserId> traineesPresent(LiveClassroom c) {
        return c.participants().stream().filter(p -> p.role() == Role.TRAINEE).map(Participant::userId).toList();
    }

    private static Map<String, Object> productData(CommerceRoom room, String productId, String action) {
        Map<String, Object> d = new HashMap<>();
        d.put("roomId", room.id());
        d.put("productId", productId);
        d.put("action", action);
        return d;
    }

    private static void cancel(Scheduler.Cancellable t) {
        if (t != null) {
            t.cancel();
        }
    }

    /** Whole milliseconds, rounded up: a timer never fires before the moment it waits for. */
    private static Duration ceil(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return Duration.ZERO;
        }
        long ms = d.toMillis();
        return d.minusMillis(ms).isZero() ? d : Duration.ofMillis(ms + 1);
    }
}
