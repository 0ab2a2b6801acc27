package org.wlcy.classroom.gateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.http.Signalling;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * Several gateway nodes, one class's participants spread across them (docs/adr/0016): each class
 * runs on one node, its owner, which holds a lease in Redis ({@code class:<id>:owner}). A client
 * whose class runs elsewhere stays connected to its own node, which relays its requests to the
 * owner and the owner's messages back ({@link Envelope}). The owner renews its leases; a node that
 * loses one (or finds the owner of a relayed class gone) closes those clients, which reconnect and
 * are placed again — so a dead node's classes move to a live one, their lesson still live
 * ({@code class:<id>:session}). With Redis away, every node runs the classes of its own clients
 * (the class splits by node until Redis is back; then the nodes that are not the owner send their
 * clients over).
 */
public final class ClusterSignalling implements Signalling, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSignalling.class);
    private final Duration lease;
    private final MessageRouter router;
    private final Classrooms classrooms;
    private final ClusterBus bus;
    private final ProtocolCodec codec;
    private final ObjectMapper mapper;
    private final String me;
    private final AtomicLong ids = new AtomicLong();
    /** This node's clients whose class runs on another node. */
    private final Map<ClientConnection, Link> links = new ConcurrentHashMap<>();
    private final Map<String, Link> linksById = new ConcurrentHashMap<>();
    /** Joins being placed: the requests that came meanwhile, in order. */
    private final Map<ClientConnection, Placement> placing = new ConcurrentHashMap<>();
    /** Clients of other nodes in classes this node runs, by "node/conn". */
    private final Map<String, ClientConnection> proxies = new ConcurrentHashMap<>();
    /** Who runs a class, as recently read (a placement is not on the hot path of every request). */
    private final Cache<ClassroomId, String> owners = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(1)).maximumSize(100_000).build();
    private final ScheduledFuture<?> checks;

    /** A client of this node in a class another node runs. */
    private record Link(String id, ClientConnection conn, ClassroomId classroom, String owner) {
    }

    private static final class Placement {
        final List<ClientMessage> queued = new ArrayList<>();
        boolean done;
    }

    public ClusterSignalling(MessageRouter router, Classrooms classrooms, ClusterBus bus, ProtocolCodec codec,
                             ScheduledExecutorService timers, Duration lease) {
        this.lease = lease;
        this.router = router;
        this.classrooms = classrooms;
        this.bus = bus;
        this.codec = codec;
        this.mapper = codec.mapper();
        this.me = bus.nodeId();
        bus.onMessage(this::receive);
        long every = Math.max(200, lease.toMillis() / 3);
        checks = timers.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    private static String ownerKey(ClassroomId id) {
        return "class:" + id.value() + ":owner";
    }

    static String sessionKey(ClassroomId id) {
        return "class:" + id.value() + ":session";
    }

    // ------------------------------------------------------------------ this node's clients

    @Override
    public void route(ClientConnection conn, ClientMessage message) {
        while (true) {
            Link link = links.get(conn);
            if (link != null) {
                forward(link, message);
                return;
            }
            Placement p = placing.get(conn);
            if (p == null) {
                break;
            }
            synchronized (p) {
                if (!p.done) {
                    p.queued.add(message);
                    return;
                }
            }
            placing.remove(conn, p);
        }
        if (message instanceof JoinClassRequest join && conn.classroom() == null && bus.isAvailable()
                && conn.identity().mayEnter(join.classroomId())) {
            Placement p = new Placement();
            p.queued.add(message);
            placing.put(conn, p);
            place(join.classroomId()).whenComplete((owner, error) -> placed(conn, p, join.classroomId(),
                    error == null ? owner : me));
            return;
        }
        router.route(conn, message);
    }

    private void placed(ClientConnection conn, Placement p, ClassroomId classroom, String owner) {
        synchronized (p) {
            if (owner.equals(me) || owner.isEmpty()) {
                p.queued.forEach(m -> router.route(conn, m));
            } else {
                Link link = new Link(me + "-" + ids.incrementAndGet(), conn, classroom, owner);
                links.put(conn, link);
                linksById.put(link.id(), link);
                p.queued.forEach(m -> forward(link, m));
            }
            p.done = true;
        }
        placing.remove(conn, p);
    }

    /** The class's owner, claiming it for this node if nobody runs it (then restoring a live lesson). */
    private CompletionStage<String> place(ClassroomId classroom) {
        String known = owners.getIfPresent(classroom);
        if (known != null && !known.equals(me)) {
            return CompletableFuture.completedFuture(known);
        }
        return bus.claim(ownerKey(classroom), lease).thenCompose(owner -> {
            owners.put(classroom, owner);
            if (!owner.equals(me)) {
                return CompletableFuture.completedFuture(owner);
            }
            return bus.get(sessionKey(classroom)).thenApply(json -> {
                if (json != null) {
                    restore(classroom, json);
                }
                return owner;
            });
        });
    }

    private void restore(ClassroomId classroom, String json) {
        try {
            ClassSession live = mapper.readValue(json, ClassSession.class);
            classrooms.find(classroom).ifPresent(c -> c.lane().execute(() -> {
                if (c.liveSession() == null) {
                    LOG.info("taking over the live lesson {} of class {}", live.id().value(), classroom);
                }
                c.restoreSession(live);
            }));
        } catch (JsonProcessingException e) {
            LOG.warn("unreadable lesson of class {} in Redis: {}", classroom, e.getMessage());
        }
    }

    private void forward(Link link, ClientMessage message) {
        sendThen(link.owner(), Envelope.in(link.id(), me, link.conn().identity(), codec.encodeRequest(message)),
                () -> link.conn().channel().send(ErrorResponse.of(message.requestId(), ErrorCode.INTERNAL,
                        "your class runs on another server, which cannot be reached now; try again")));
    }

    @Override
    public void closed(ClientConnection conn, LeaveReason reason) {
        Link link = links.remove(conn);
        if (link != null) {
            linksById.remove(link.id());
            send(link.owner(), Envelope.gone(link.id(), me, reason.name()));
            return;
        }
        router.closed(conn, reason);
    }

    // ------------------------------------------------------------------ messages between nodes

    private void send(String node, Envelope envelope) {
        sendThen(node, envelope, () -> { });
    }

    /** Sends, running {@code onFailure} if the bus could not take it (Redis away). */
    private void sendThen(String node, Envelope envelope, Runnable onFailure) {
        try {
            bus.send(node, mapper.writeValueAsString(envelope)).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.debug("cannot reach node {}: {}", node, error.toString());
                    onFailure.run();
                }
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void receive(String payload) {
        Envelope e;
        try {
            e = mapper.readValue(payload, Envelope.class);
        } catch (JsonProcessingException ex) {
            LOG.warn("unreadable cluster message: {}", ex.getMessage());
            return;
        }
        switch (e.t()) {
            case "in" -> {
                ClientConnection proxy = proxies.computeIfAbsent(e.from() + "/" + e.conn(), k ->
                        new ClientConnection(e.who(), new RemoteChannel(e.conn(), codec, out -> send(e.from(), out))));
                router.route(proxy, codec.decode(e.body()));
            }
            case "gone" -> {
                ClientConnection proxy = proxies.remove(e.from() + "/" + e.conn());
                if (proxy != null) {
                    router.closed(proxy, LeaveReason.valueOf(e.reason()));
                }
            }
            case "out" -> {
                Link link = linksById.get(e.conn());
                if (link != null) {
                    link.conn().channel().send(codec.decodeServer(e.body()));
                }
            }
            case "close" -> {
                Link link = linksById.remove(e.conn());
                if (link != null) {
                    links.remove(link.conn());
                    owners.invalidate(link.classroom()); // the owner may be giving the class up
                    link.conn().channel().close(LeaveReason.valueOf(e.reason()));
                }
            }
            default -> LOG.warn("unknown cluster message type {}", e.t());
        }
    }

    // ------------------------------------------------------------------ leases and failover

    /**
     * Every few seconds: renew the leases of the classes this node runs (or claim them after Redis
     * came back), send the clients of a class another node now runs over to it, and close relayed
     * clients whose owner is gone, so that they reconnect and the class is placed again.
     */
    private void check() {
        if (!bus.isAvailable()) {
            return;
        }
        try {
            for (LiveClassroom c : classrooms.all()) {
                // A class's state is read on its lane only.
                c.lane().execute(() -> {
                    if (c.isActive()) {
                        holdOrHandOver(c);
                    }
                });
            }
            Map<ClassroomId, List<Link>> byClass = new java.util.HashMap<>();
            links.values().forEach(l -> byClass.computeIfAbsent(l.classroom(), k -> new ArrayList<>()).add(l));
            byClass.forEach((id, ls) -> bus.get(ownerKey(id)).whenComplete((owner, error) -> {
                if (error != null) {
                    return;
                }
                for (Link l : ls) {
                    if (!l.owner().equals(owner)) {
                        LOG.info("node {} no longer runs class {}: its clients here reconnect", l.owner(), id);
                        owners.invalidate(id);
                        if (links.remove(l.conn(), l)) {
                            linksById.remove(l.id());
                            l.conn().channel().close(LeaveReason.SERVER_SHUTDOWN);
                        }
                    }
                }
            }));
        } catch (RuntimeException e) {
            LOG.error("cluster check failed", e);
        }
    }

    /** Renews this node's lease on an active class, or claims it; if another node runs it, sends its clients there. */
    private void holdOrHandOver(LiveClassroom c) {
        ClassroomId id = c.id();
        bus.renew(ownerKey(id), lease).thenCompose(ours -> ours
                ? CompletableFuture.completedFuture(me)
                : bus.claim(ownerKey(id), lease)).whenComplete((owner, error) -> {
                    if (error == null && !owner.equals(me)) {
                        LOG.info("class {} runs on node {} now: sending this node's clients there", id, owner);
                        c.lane().execute(c::shutdown);
                    }
                });
    }

    /** True while Redis answers (for {@code /readyz}). */
    public boolean busAvailable() {
        return bus.isAvailable();
    }

    /**
     * A node that stops on purpose gives its classes up before closing them: their clients, told
     * to reconnect by the shutdown, are placed again at once. (A node that dies keeps its classes
     * until its leases run out.)
     */
    public void giveUpClasses() {
        checks.cancel(false);
        List<CompletableFuture<Boolean>> releases = new ArrayList<>();
        if (bus.isAvailable()) {
            for (LiveClassroom c : classrooms.all()) {
                releases.add(bus.release(ownerKey(c.id())).toCompletableFuture());
            }
        }
        try {
            CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not give up every class before stopping: {}", e.toString());
        }
    }

    @Override
    public void close() {
        checks.cancel(false);
        bus.close();
    }
}
