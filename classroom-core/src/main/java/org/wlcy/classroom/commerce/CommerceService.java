package org.wlcy.classroom.commerce;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.wlcy.classroom.breakout.BreakoutService;
import org.wlcy.classroom.breakout.GroupId;
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
import org.wlcy.classroom.protocol.CommerceMessages.RoomLeftEvent;
import org.wlcy.classroom.protocol.CommerceMessages.RoomStateEvent;
import org.wlcy.classroom.protocol.CommerceMessages.SetHostRequest;
import org.wlcy.classroom.protocol.CommerceMessages.SetHostResponse;
import org.wlcy.classroom.protocol.CommerceMessages.StartFlashRequest;
import org.wlcy.classroom.protocol.CommerceMessages.StartFlashResponse;
import org.wlcy.classroom.protocol.CommerceMessages.StatsEvent;
import org.wlcy.classroom.protocol.CommerceMessages.StatsView;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.ServerMessage;
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
 * The practice live rooms (模拟直播电商, Art. 24(1); docs/adr/0025) of a live lesson: the whole
 * lesson's room, or during a breakout one room per group whose audience is the group's members. A
 * lecturer opens a room and hands the host role to a trainee in its audience, who may then publish
 * a camera (into the main room with the speaking turns' camera right; in a group as any member)
 * and a screen, and runs the shelf: products, the pinned card, one flash
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

    /** One open room, its timers, the last dashboard sent and the trainees told of it (a group room's). */
    private static final class Open {
        final CommerceRoom room;
        final Set<UserId> told = new HashSet<>();
        Scheduler.Cancellable flashTimer;
        Scheduler.Cancellable statsTimer;
        StatsView lastStats;

        Open(CommerceRoom room) {
            this.room = room;
        }
    }

    /** Per class: the open rooms by id, in the order they opened. */
    private static final class State {
        final Map<String, Open> rooms = new LinkedHashMap<>();
    }

    private static State state(LiveClassroom c) {
        return c.feature(State.class, State::new);
    }

    /** The open rooms of a class, in the order they opened (on the lane). */
    public static List<CommerceRoom> rooms(LiveClassroom c) {
        return state(c).rooms.values().stream().map(o -> o.room).toList();
    }

    /** The room a trainee watches: their breakout group's, else the whole lesson's, if one is open (on the lane). */
    public static Optional<CommerceRoom> roomOf(LiveClassroom c, UserId trainee) {
        return openOf(c, trainee).map(o -> o.room);
    }

    // ------------------------------------------------------------------ the lecturer's requests

    private void open(LiveClassroom c, ClientConnection conn, OpenRoomRequest req) {
        Participant lecturer = c.lecturerOf(conn, "open a practice live room");
        if (c.liveSession() == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "a practice live room runs during a lesson");
        }
        State s = state(c);
        GroupId group = req.groupId();
        String groupName = null;
        if (group == null) {
            if (c.inBreakout()) {
                throw new ClassroomException(ErrorCode.BREAKOUT_RUNNING, "the class is in groups; open a room for "
                        + "a group (groupId), or recall the groups first");
            }
            if (!s.rooms.isEmpty()) {
                throw new ClassroomException(ErrorCode.COMMERCE_ROOM_OPEN, "practice room "
                        + s.rooms.keySet().iterator().next() + " is open already");
            }
        } else {
            groupName = BreakoutService.running(c).orElseThrow(() -> new ClassroomException(ErrorCode.NO_BREAKOUT,
                    "groupId: no breakout is running")).view().groups().stream()
                    .filter(g -> g.groupId().equals(group)).findFirst()
                    .orElseThrow(() -> new ClassroomException(ErrorCode.GROUP_NOT_FOUND, "no group " + group))
                    .name();
            for (Open o : s.rooms.values()) {
                if (o.room.group() == null || o.room.group().equals(group)) {
                    throw new ClassroomException(ErrorCode.COMMERCE_ROOM_OPEN, o.room.group() == null
                            ? "the whole lesson's practice room " + o.room.id() + " is open; close it first"
                            : "group " + group + " has practice room " + o.room.id() + " open already");
                }
            }
        }
        String title = req.title() != null ? guard.screen(req.title()).text()
                : group == null ? "直播间" : groupName + "直播间";
        CommerceRoom room = new CommerceRoom(ids.next("cr-"), title, lecturer.userId(), clock.instant(),
                LikeService.lessonTotal(c, group), group, groupName);
        Open open = new Open(room);
        s.rooms.put(room.id(), open);
        List<UserId> audience = traineesWatching(c, room);
        audience.forEach(room::watched);
        if (group != null) {
            open.told.addAll(audience);
        }
        Map<String, Object> data = new HashMap<>(Map.of("roomId", room.id(), "title", title));
        groupData(room, data);
        trace.record(c, lecturer.userId(), TraceKind.COMMERCE_ROOM_OPENED, data);
        conn.channel().send(new OpenRoomResponse(req.requestId(), room.view()));
        send(c, room, new RoomStateEvent(room.view()));
        scheduleStats(c, open);
    }

    private void close(LiveClassroom c, ClientConnection conn, CloseRoomRequest req) {
        Participant lecturer = c.lecturerOf(conn, "close the practice live room");
        Open open = named(c, req.roomId());
        conn.channel().send(new CloseRoomResponse(req.requestId(),
                closeRoom(c, open, lecturer.userId(), "lecturer")));
    }

    private void setHost(LiveClassroom c, ClientConnection conn, SetHostRequest req) {
        Participant lecturer = c.lecturerOf(conn, "hand the host role");
        Participant trainee = c.participants().stream()
                .filter(p -> p.userId().equals(req.userId()) && p.role() == Role.TRAINEE).findFirst()
                .orElseThrow(() -> new ClassroomException(ErrorCode.INVALID_FIELD,
                        "userId: no trainee " + req.userId() + " is present"));
        Open open = req.roomId() != null ? named(c, req.roomId()) : openOf(c, trainee.userId())
                .orElseThrow(() -> new ClassroomException(ErrorCode.COMMERCE_ROOM_CLOSED, state(c).rooms.isEmpty()
                        ? "no practice live room is open" : "no practice live room is open in " + trainee.userId()
                        + "'s group"));
        CommerceRoom room = open.room;
        if (!audience(c, room).test(trainee)) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "userId: " + trainee.userId()
                    + " is not in group " + room.group() + ", the audience of room " + room.id());
        }
        for (Open other : state(c).rooms.values()) {
            if (other != open && other.room.isHost(trainee.userId())) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "userId: " + trainee.userId()
                        + " hosts room " + other.room.id() + "; one room at a time");
            }
        }
        if (!room.isHost(trainee.userId())) {
            room.handTo(trainee.userId(), trainee.displayName(), clock.instant(), likes(c, room),
                    traineesWatching(c, room)).ifPresent(ended -> endStint(c, room, ended, "host-changed"));
            trace.record(c, trainee.userId(), TraceKind.COMMERCE_HOST, Map.of("roomId", room.id(),
                    "by", lecturer.userId().value()));
            open.lastStats = null;
        }
        if (room.group() == null) {
            c.grantCamera(trainee.userId()); // again for the same host: gives back a right a speaking turn's end took
        }
        c.grantScreen(trainee.userId()); // the host shares a screen too, into the room they are in
        conn.channel().send(new SetHostResponse(req.requestId(), room.view()));
        send(c, room, new RoomStateEvent(room.view()));
    }

    // ------------------------------------------------------------------ the host's requests

    private void put(LiveClassroom c, ClientConnection conn, PutProductRequest req) {
        Hosting h = host(c, conn, "stock the shelf");
        CommerceRoom room = h.open().room;
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
        trace.record(c, h.host().userId(), TraceKind.COMMERCE_PRODUCT, data);
        conn.channel().send(new PutProductResponse(req.requestId(), p.view()));
        send(c, room, new ProductChangedEvent(room.id(), p.view()));
        if (room.pinned().filter(x -> x.id().equals(p.id())).isPresent()) {
            send(c, room, new ProductPinnedEvent(room.id(), p.view()));
        }
    }

    private void remove(LiveClassroom c, ClientConnection conn, RemoveProductRequest req) {
        Hosting h = host(c, conn, "take products off the shelf");
        CommerceRoom room = h.open().room;
        boolean wasPinned = room.pinned().filter(x -> x.id().equals(req.productId())).isPresent();
        Product p = room.remove(req.productId());
        trace.record(c, h.host().userId(), TraceKind.COMMERCE_PRODUCT, productData(room, p.id(), "remove"));
        conn.channel().send(new RemoveProductResponse(req.requestId(), p.id()));
        if (room.flash().filter(f -> f.productId().equals(p.id())).isPresent()) {
            endFlash(c, h.open(), "removed");
        }
        send(c, room, new ProductRemovedEvent(room.id(), p.id()));
        if (wasPinned) {
            send(c, room, new ProductPinnedEvent(room.id(), null));
        }
    }

    private void pin(LiveClassroom c, ClientConnection conn, PinProductRequest req) {
        Hosting h = host(c, conn, "pin products");
        CommerceRoom room = h.open().room;
        Optional<Product> pinned = room.pin(req.productId(), clock.instant());
        trace.record(c, h.host().userId(), TraceKind.COMMERCE_PRODUCT,
                productData(room, req.productId() == null ? "" : req.productId(), pinned.isPresent() ? "pin" : "unpin"));
        conn.channel().send(new PinProductResponse(req.requestId(), pinned.map(Product::id).orElse(null)));
        send(c, room, new ProductPinnedEvent(room.id(), pinned.map(Product::view).orElse(null)));
    }

    private void startFlash(LiveClassroom c, ClientConnection conn, StartFlashRequest req) {
        Hosting h = host(c, conn, "start flash sales");
        CommerceRoom room = h.open().room;
        Instant now = clock.instant();
        FlashSale flash = room.startFlash(req.productId(), req.priceFen(), req.seconds(), now);
        Map<String, Object> data = productData(room, flash.productId(), "started");
        data.put("priceFen", flash.priceFen());
        data.put("seconds", req.seconds());
        data.put("endsAt", flash.endsAt().toString());
        trace.record(c, h.host().userId(), TraceKind.COMMERCE_FLASH, data);
        scheduleFlashEnd(c, h.open(), flash);
        conn.channel().send(new StartFlashResponse(req.requestId(), flash.view()));
        send(c, room, new ProductPinnedEvent(room.id(), room.product(flash.productId()).view()));
        send(c, room, new FlashStartedEvent(room.id(), flash.view()));
    }

    // ------------------------------------------------------------------ the audience

    private void order(LiveClassroom c, ClientConnection conn, PlaceOrderRequest req) {
        Participant buyer = c.participantOf(conn);
        if (buyer.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees order in the practice room");
        }
        Open open = openOf(c, buyer.userId()).orElseThrow(() -> new ClassroomException(
                ErrorCode.COMMERCE_ROOM_CLOSED, "no practice live room is open for you"));
        CommerceRoom room = open.room;
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
            if (state(c).rooms.get(room.id()) == open) {
                room.products().stream().filter(p -> p.id().equals(o.productId())).findFirst()
                        .ifPresent(p -> send(c, room, new ProductChangedEvent(room.id(), p.view())));
            }
        }, c.lane());
    }

    // ------------------------------------------------------------------ class events (on the lane)

    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        classes.apply(classroom).ifPresent(c -> {
            for (Open open : List.copyOf(state(c).rooms.values())) {
                CommerceRoom room = open.room;
                if (!audience(c, room).test(p)) {
                    continue;
                }
                if (p.role() == Role.TRAINEE) {
                    room.watched(p.userId());
                    if (room.group() != null) {
                        open.told.add(p.userId());
                    }
                    if (room.isHost(p.userId())) {
                        if (room.group() == null) {
                            c.grantCamera(p.userId()); // back after a drop: the host's camera right again
                        }
                        c.grantScreen(p.userId()); // and the screen's
                    }
                }
                c.sendToUser(p.userId(), new RoomStateEvent(room.view()));
            }
        });
    }

    /**
     * Trainees moved between groups: a group room's audience follows. One who leaves its group is
     * told {@code commerce.room.left} (its host's stint ends: the room waits for a new host); one
     * who comes into it is a viewer and gets its state.
     */
    @Override
    public void onPlaced(ClassroomId classroom, Map<UserId, GroupId> moves) {
        classes.apply(classroom).ifPresent(c -> moves.forEach((user, group) -> {
            for (Open open : List.copyOf(state(c).rooms.values())) {
                CommerceRoom room = open.room;
                if (room.group() == null) {
                    continue;
                }
                if (room.group().equals(group)) {
                    if (open.told.add(user)) {
                        room.watched(user);
                        c.sendToUser(user, new RoomStateEvent(room.view()));
                    }
                } else if (open.told.remove(user)) {
                    if (room.isHost(user)) {
                        if (room.flash().isPresent()) {
                            endFlash(c, open, "host-moved");
                        }
                        room.dropHost().ifPresent(ended -> endStint(c, room, ended, "host-moved"));
                        open.lastStats = null;
                        send(c, room, new RoomStateEvent(room.view()));
                    }
                    c.sendToUser(user, new RoomLeftEvent(room.id(), "moved"));
                }
            }
        }));
    }

    /** The groups were recalled: their rooms close. */
    @Override
    public void onGroupsClosed(ClassroomId classroom, List<GroupId> groups) {
        classes.apply(classroom).ifPresent(c -> {
            for (Open open : List.copyOf(state(c).rooms.values())) {
                if (open.room.group() != null && groups.contains(open.room.group())) {
                    closeRoom(c, open, open.room.openedBy(), "breakout-ended");
                }
            }
        });
    }

    /** The lesson ended: its practice rooms close with it. */
    @Override
    public void onSessionEnded(ClassSession session) {
        classes.apply(session.classroomId()).ifPresent(c -> {
            for (Open open : List.copyOf(state(c).rooms.values())) {
                closeRoom(c, open, open.room.openedBy(), "lesson-ended");
            }
        });
    }

    // ------------------------------------------------------------------ internals

    private StatsView closeRoom(LiveClassroom c, Open open, UserId by, String reason) {
        CommerceRoom room = open.room;
        if (room.flash().isPresent()) {
            endFlash(c, open, "closed");
        }
        room.close().ifPresent(ended -> endStint(c, room, ended, "lesson-ended".equals(reason) ? reason : "closed"));
        cancel(open.statsTimer);
        open.statsTimer = null;
        state(c).rooms.remove(room.id());
        long likes = room.likesSinceOpen(likes(c, room));
        SalesFigures f = room.total();
        Map<String, Object> data = figures(f, likes);
        data.put("roomId", room.id());
        data.put("reason", reason);
        data.put("hosts", String.join(",", room.hosts().stream().map(UserId::value).toList()));
        data.put("seconds", Duration.between(room.openedAt(), clock.instant()).toSeconds());
        groupData(room, data);
        trace.record(c, by, TraceKind.COMMERCE_ROOM_CLOSED, data);
        StatsView stats = new StatsView(room.id(), null, f.viewers(), likes, f.orders(), f.units(), f.turnoverFen(),
                f.buyers(), f.conversion());
        RoomClosedEvent closed = new RoomClosedEvent(room.id(), reason, stats);
        c.sendTo(p -> audience(c, room).test(p) || open.told.contains(p.userId()), closed);
        return stats;
    }

    /** A host's stint ended: their figures go to the trace under them, their camera right ends. */
    private void endStint(LiveClassroom c, CommerceRoom room, HostStint stint, String reason) {
        Instant now = clock.instant();
        Map<String, Object> data = figures(stint.figures(), stint.likesSince(likes(c, room)));
        data.put("roomId", room.id());
        data.put("startedAt", stint.startedAt().toString());
        data.put("endedAt", now.toString());
        data.put("seconds", Duration.between(stint.startedAt(), now).toSeconds());
        data.put("products", room.products().size());
        data.put("reason", reason);
        groupData(room, data);
        trace.record(c, stint.host(), TraceKind.COMMERCE_SESSION, data);
        if (room.group() == null) {
            c.revokeCamera(stint.host());
        }
        c.revokeScreen(stint.host());
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

    /** A group room's group on its trace events (the whole lesson's room has none). */
    private static void groupData(CommerceRoom room, Map<String, Object> data) {
        if (room.group() != null) {
            data.put("groupId", room.group().value());
            data.put("groupName", room.view().groupName());
        }
    }

    private void endFlash(LiveClassroom c, Open open, String reason) {
        CommerceRoom room = open.room;
        cancel(open.flashTimer);
        open.flashTimer = null;
        FlashSale flash = room.flash().orElseThrow();
        int sold = room.endFlash();
        UserId host = room.stint().map(HostStint::host).orElse(room.openedBy());
        Map<String, Object> data = productData(room, flash.productId(), "ended");
        data.put("reason", reason);
        data.put("sold", sold);
        trace.record(c, host, TraceKind.COMMERCE_FLASH, data);
        send(c, room, new FlashEndedEvent(room.id(), flash.productId(), reason, sold));
    }

    private void scheduleFlashEnd(LiveClassroom c, Open open, FlashSale flash) {
        open.flashTimer = timers.schedule(ceil(Duration.between(clock.instant(), flash.endsAt())),
                () -> c.lane().execute(() -> flashDue(c, open, flash)));
    }

    /** On the lane: the flash sale's timer fired; it ends if the server's clock has reached its end. */
    private void flashDue(LiveClassroom c, Open open, FlashSale flash) {
        if (state(c).rooms.get(open.room.id()) != open || open.room.flash().filter(f -> f == flash).isEmpty()) {
            return;
        }
        if (flash.runsAt(clock.instant())) {
            scheduleFlashEnd(c, open, flash); // the timer ran ahead of the clock
            return;
        }
        endFlash(c, open, "time-up");
    }

    private void scheduleStats(LiveClassroom c, Open open) {
        open.statsTimer = timers.schedule(STATS_INTERVAL, () -> c.lane().execute(() -> statsDue(c, open)));
    }

    /** On the lane, once a second while the room is open: the dashboard, if it changed. */
    private void statsDue(LiveClassroom c, Open open) {
        if (state(c).rooms.get(open.room.id()) != open) {
            return;
        }
        StatsView now = stats(c, open.room);
        if (!now.equals(open.lastStats)) {
            open.lastStats = now;
            UserId host = now.hostId();
            c.sendTo(p -> p.role() == Role.LECTURER || p.userId().equals(host), new StatsEvent(now));
        }
        scheduleStats(c, open);
    }

    /** The current host's figures (the room's before a host is set). */
    private static StatsView stats(LiveClassroom c, CommerceRoom room) {
        long roomLikes = likes(c, room);
        Optional<HostStint> stint = room.stint();
        SalesFigures f = stint.map(HostStint::figures).orElse(room.total());
        long likes = stint.map(h -> h.likesSince(roomLikes)).orElse(room.likesSinceOpen(roomLikes));
        return new StatsView(room.id(), stint.map(HostStint::host).orElse(null), f.viewers(), likes, f.orders(),
                f.units(), f.turnoverFen(), f.buyers(), f.conversion());
    }

    /** The likes counter a room's figures grow with: its group's, or the whole lesson's. */
    private static long likes(LiveClassroom c, CommerceRoom room) {
        return LikeService.lessonTotal(c, room.group());
    }

    /** Who a room's events reach: everyone for the whole lesson's room; for a group's, its members and all but trainees. */
    private static Predicate<Participant> audience(LiveClassroom c, CommerceRoom room) {
        GroupId g = room.group();
        return g == null ? p -> true
                : p -> p.role() != Role.TRAINEE || c.groupOf(p.userId()).filter(g::equals).isPresent();
    }

    private static void send(LiveClassroom c, CommerceRoom room, ServerMessage m) {
        c.sendTo(audience(c, room), m);
    }

    private static List<UserId> traineesWatching(LiveClassroom c, CommerceRoom room) {
        Predicate<Participant> audience = audience(c, room);
        return c.participants().stream().filter(p -> p.role() == Role.TRAINEE && audience.test(p))
                .map(Participant::userId).toList();
    }

    /** The room a trainee watches: their group's if it has one, else the whole lesson's. */
    private static Optional<Open> openOf(LiveClassroom c, UserId trainee) {
        Optional<GroupId> group = c.groupOf(trainee);
        Open whole = null;
        for (Open o : state(c).rooms.values()) {
            if (o.room.group() == null) {
                whole = o;
            } else if (group.filter(o.room.group()::equals).isPresent()) {
                return Optional.of(o);
            }
        }
        return Optional.ofNullable(whole);
    }

    /** The room {@code roomId} names, or without it the one room open (290 without any, 400 with several). */
    private static Open named(LiveClassroom c, String roomId) {
        Map<String, Open> rooms = state(c).rooms;
        if (roomId != null) {
            Open o = rooms.get(roomId);
            if (o == null) {
                throw new ClassroomException(ErrorCode.COMMERCE_ROOM_CLOSED, "no practice live room " + roomId
                        + " is open");
            }
            return o;
        }
        if (rooms.isEmpty()) {
            throw new ClassroomException(ErrorCode.COMMERCE_ROOM_CLOSED, "no practice live room is open");
        }
        if (rooms.size() > 1) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "roomId: " + rooms.size()
                    + " practice rooms are open; say which");
        }
        return rooms.values().iterator().next();
    }

    /** The caller and the room they host. */
    private record Hosting(Participant host, Open open) {
    }

    /** The caller if they host an open room: regulators and admins 304, no room 290, not a host 292. */
    private static Hosting host(LiveClassroom c, ClientConnection conn, String what) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.TRAINEE && who.role() != Role.LECTURER) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only the room's host may " + what);
        }
        Map<String, Open> rooms = state(c).rooms;
        if (rooms.isEmpty()) {
            throw new ClassroomException(ErrorCode.COMMERCE_ROOM_CLOSED, "no practice live room is open");
        }
        return rooms.values().stream().filter(o -> o.room.isHost(who.userId())).findFirst()
                .map(o -> new Hosting(who, o))
                .orElseThrow(() -> new ClassroomException(ErrorCode.NOT_COMMERCE_HOST, "only the room's host may "
                        + what));
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
