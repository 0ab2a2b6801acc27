package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.MediaEvents;
import org.wlcy.classroom.media.MediaException;
import org.wlcy.classroom.media.MediaRoom;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.media.RoomSpec;
import org.wlcy.classroom.media.Subscriber;

/**
 * One Janus videoroom on one Janus session. Each publisher and subscriber gets a handle of its
 * own. {@link #close()} detaches them all and destroys the videoroom.
 */
final class JanusRoom implements MediaRoom {

    private static final Logger log = LoggerFactory.getLogger(JanusRoom.class);

    private final JanusConnection connection;
    private final RoomSpec spec;
    private final long roomId;
    private final Set<JanusPublisher> publishers = ConcurrentHashMap.newKeySet();
    private final Set<JanusSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CompletableFuture<Void> closing;

    JanusRoom(JanusConnection connection, RoomSpec spec, long roomId) {
        this.connection = connection;
        this.spec = spec;
        this.roomId = roomId;
    }

    /**
     * Creates the videoroom on Janus, or reuses it when Janus says it exists (427). Always asks
     * Janus, so a room destroyed behind the adapter's back is created again; the returned object
     * is the one already open on this connection for the same id, if any.
     */
    static CompletableFuture<JanusRoom> open(JanusConnection connection, RoomSpec spec) {
        long roomId = RoomIds.of(spec.name());
        JanusSettings settings = connection.settings();
        ObjectNode create = JanusMessages.body(connection.json(), "create")
                .put("room", roomId)
                .put("description", spec.description())
                .put("publishers", spec.maxPublishers())
                .put("audiocodec", "opus")
                .put("videocodec", "vp8")
                .put("notify_joining", false)
                .put("permanent", false);
        if (settings.roomSecret() != null) {
            create.put("secret", settings.roomSecret());
        }
        if (settings.adminKey() != null) {
            create.put("admin_key", settings.adminKey());
        }
        return connection.adminHandle()
                .thenCompose(admin -> admin.message(create, null))
                .handle((answer, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        if (!(cause instanceof MediaException me) || me.mediaCode() != JanusMessages.ROOM_EXISTS) {
                            throw asMediaException(cause);
                        }
                        log.info("Janus room {} ({}) exists already; reusing it", roomId, spec.name());
                    } else {
                        log.info("Janus room {} ({}) created", roomId, spec.name());
                    }
                    return connection.addRoom(new JanusRoom(connection, spec, roomId));
                });
    }

    long roomId() {
        return roomId;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public RoomSpec spec() {
        return spec;
    }

    @Override
    public CompletionStage<Publisher> publish(String display, String sdpOffer, MediaEvents events) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new MediaException(0, "room " + spec.name() + " is closed"));
        }
        ObjectMapper json = connection.json();
        return this.<JanusPublisher>negotiate(events, handle -> {
            ObjectNode join = JanusMessages.body(json, "join")
                    .put("ptype", "publisher")
                    .put("room", roomId)
                    .put("display", display);
            return handle.message(join, null).thenCompose(joined -> {
                long feed = JanusMessages.pluginData(joined).path("id").asLong();
                ObjectNode configure = JanusMessages.body(json, "configure")
                        .put("audio", true)
                        .put("video", true);
                return handle.message(configure, JanusMessages.jsep(json, "offer", sdpOffer))
                        .thenApply(configured -> {
                            String answer = JanusMessages.jsepSdp(configured);
                            if (answer == null) {
                                throw new MediaException(0, "Janus sent no SDP answer to the offer");
                            }
                            JanusPublisher publisher = new JanusPublisher(this, handle, new FeedId(feed), answer);
                            publishers.add(publisher);
                            return publisher;
                        });
            });
        }).thenApply(Publisher.class::cast);
    }

    @Override
    public CompletionStage<Subscriber> subscribe(FeedId feed, MediaEvents events) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new MediaException(0, "room " + spec.name() + " is closed"));
        }
        ObjectMapper json = connection.json();
        return this.<JanusSubscriber>negotiate(events, handle -> {
            ObjectNode join = JanusMessages.body(json, "join")
                    .put("ptype", "subscriber")
                    .put("room", roomId);
            join.putArray("streams").addObject().put("feed", feed.value());
            return handle.message(join, null).thenApply(attached -> {
                String offer = JanusMessages.jsepSdp(attached);
                if (offer == null) {
                    throw new MediaException(0, "Janus sent no SDP offer for feed " + feed);
                }
                JanusSubscriber subscriber = new JanusSubscriber(this, handle, feed, offer);
                subscribers.add(subscriber);
                return subscriber;
            });
        }).thenApply(Subscriber.class::cast);
    }

    /**
     * Attaches a handle, runs {@code steps} on it, detaches it when they fail, and releases the
     * handle's held events once the caller's future has completed.
     */
    private <T extends HasHandle> CompletableFuture<T> negotiate(
            MediaEvents events, Function<JanusHandle, CompletableFuture<T>> steps) {
        CompletableFuture<T> result = new CompletableFuture<>();
        connection.attach(events).whenComplete((handle, attachError) -> {
            if (attachError != null) {
                result.completeExceptionally(asMediaException(unwrap(attachError)));
                return;
            }
            steps.apply(handle).whenComplete((value, error) -> {
                if (error != null) {
                    handle.detach();
                    result.completeExceptionally(asMediaException(unwrap(error)));
                } else if (closed.get()) {
                    value.close();
                    result.completeExceptionally(new MediaException(0, "room " + spec.name() + " closed"));
                } else {
                    result.complete(value);
                    handle.release();
                }
            });
        });
        return result;
    }

    /** What publishers and subscribers share: a handle of their own and close(). */
    interface HasHandle extends AutoCloseable {
        @Override
        void close();
    }

    void forget(JanusPublisher publisher) {
        publishers.remove(publisher);
    }

    void forget(JanusSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    ObjectMapper json() {
        return connection.json();
    }

    /**
     * Sends a synchronous room request ({@code rtp_forward}, {@code stop_rtp_forward}...) on the
     * connection's admin handle, with the room secret and admin key when they are configured.
     */
    CompletableFuture<JsonNode> adminRequest(ObjectNode body) {
        JanusSettings settings = connection.settings();
        if (settings.roomSecret() != null) {
            body.put("secret", settings.roomSecret());
        }
        if (settings.adminKey() != null) {
            body.put("admin_key", settings.adminKey());
        }
        return connection.adminHandle().thenCompose(admin -> admin.message(body, null));
    }

    @Override
    public void close() {
        closeAsync();
    }

    /** Detaches every handle and destroys the videoroom; idempotent. */
    CompletableFuture<Void> closeAsync() {
        if (!closed.compareAndSet(false, true)) {
            CompletableFuture<Void> c = closing;
            return c != null ? c : CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        for (JanusPublisher p : List.copyOf(publishers)) {
            steps.add(p.closeAsync());
        }
        for (JanusSubscriber s : List.copyOf(subscribers)) {
            steps.add(s.closeAsync());
        }
        if (connection.isOpen()) {
            ObjectNode destroy = JanusMessages.body(connection.json(), "destroy").put("room", roomId);
            if (connection.settings().roomSecret() != null) {
                destroy.put("secret", connection.settings().roomSecret());
            }
            if (connection.settings().adminKey() != null) {
                destroy.put("admin_key", connection.settings().adminKey());
            }
            steps.add(connection.adminHandle()
                    .thenCompose(admin -> admin.message(destroy, null))
                    .handle((r, e) -> {
                        if (e != null) {
                            log.warn("destroying Janus room {} ({}) failed: {}", roomId, spec.name(),
                                    JanusConnection.rootMessage(e));
                        } else {
                            log.info("Janus room {} ({}) destroyed", roomId, spec.name());
                        }
                        return null;
                    }));
        }
        CompletableFuture<Void> done = CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new))
                .handle((v, e) -> null)
                .thenRun(() -> connection.forget(this));
        closing = done;
        return done;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static MediaException asMediaException(Throwable t) {
        return t instanceof MediaException me ? me
                : new MediaException(0, "Janus request failed: " + JanusConnection.rootMessage(t));
    }

    @Override
    public String toString() {
        return "JanusRoom[" + roomId + " " + spec.name() + "]";
    }
}
