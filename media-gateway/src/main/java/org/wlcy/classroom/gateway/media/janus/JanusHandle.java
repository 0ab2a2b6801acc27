package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.MediaEvents;

/**
 * One Janus plugin handle (one peer connection). Turns Janus's pushed events for it
 * ({@code trickle}, {@code webrtcup}, {@code hangup}, {@code detached}) into {@link MediaEvents}
 * calls. Events are held back until {@link #release()}, so that a caller sees the publish or
 * subscribe result before the first local candidate; after {@link #detach()} none are delivered.
 */
final class JanusHandle {

    private static final Logger log = LoggerFactory.getLogger(JanusHandle.class);

    private final JanusConnection connection;
    private final long id;
    private final MediaEvents events;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding = true;
    private boolean detached;
    private CompletableFuture<Void> detaching;

    JanusHandle(JanusConnection connection, long id, MediaEvents events) {
        this.connection = connection;
        this.id = id;
        this.events = events;
    }

    long id() {
        return id;
    }

    JanusConnection connection() {
        return connection;
    }

    /** Sends a plugin message (with an optional jsep) and completes with Janus's answer. */
    CompletableFuture<JsonNode> message(ObjectNode body, ObjectNode jsep) {
        ObjectNode msg = connection.message("message").put("handle_id", id);
        msg.set("body", body);
        if (jsep != null) {
            msg.set("jsep", jsep);
        }
        return connection.request(msg, false);
    }

    /** Passes a browser candidate on; {@code null} = end of candidates. Fire and forget. */
    void trickle(IceCandidate candidate) {
        ObjectNode msg = connection.message("trickle").put("handle_id", id);
        ObjectNode c = msg.putObject("candidate");
        if (candidate == null) {
            c.put("completed", true);
        } else {
            c.put("candidate", candidate.candidate());
            if (candidate.sdpMid() != null) {
                c.put("sdpMid", candidate.sdpMid());
            }
            if (candidate.sdpMLineIndex() != null) {
                c.put("sdpMLineIndex", candidate.sdpMLineIndex());
            }
        }
        connection.request(msg, true).whenComplete((r, e) -> {
            if (e != null) {
                log.debug("trickle on handle {} failed: {}", id, JanusConnection.rootMessage(e));
            }
        });
    }

    /** Detaches the handle (Janus hangs up its peer connection); idempotent. */
    CompletableFuture<Void> detach() {
        synchronized (this) {
            if (detaching != null) {
                return detaching;
            }
            detached = true;
            held.clear();
        }
        CompletableFuture<Void> done = connection.isOpen()
                ? connection.request(connection.message("detach").put("handle_id", id), false)
                        .handle((r, e) -> {
                            if (e != null) {
                                log.debug("detaching handle {} failed: {}", id,
                                        JanusConnection.rootMessage(e));
                            }
                            return null;
                        })
                : CompletableFuture.completedFuture(null);
        done = done.thenRun(() -> connection.forget(this));
        synchronized (this) {
            detaching = done;
        }
        return done;
    }

    /** Delivers events held so far and every later one directly. */
    synchronized void release() {
        holding = false;
        for (Runnable r : held) {
            run(r);
        }
        held.clear();
    }

    /** A Janus event whose {@code sender} is this handle. */
    void onEvent(JsonNode msg) {
        String janus = msg.path("janus").asText();
        switch (janus) {
            case "trickle" -> {
                JsonNode c = msg.path("candidate");
                if (c.path("completed").asBoolean(false)) {
                    deliver(() -> events.onLocalCandidate(null));
                } else {
                    IceCandidate candidate = new IceCandidate(c.path("candidate").asText(),
                            c.hasNonNull("sdpMid") ? c.get("sdpMid").asText() : null,
                            c.hasNonNull("sdpMLineIndex") ? c.get("sdpMLineIndex").asInt() : null);
                    deliver(() -> events.onLocalCandidate(candidate));
                }
            }
            case "webrtcup" -> deliver(events::onConnected);
            case "hangup" -> {
                String reason = msg.path("reason").asText("hangup");
                deliver(() -> events.onHangup(reason));
            }
            case "detached" -> {
                connection.forget(this);
                deliver(() -> events.onHangup("detached"));
            }
            default -> log.debug("handle {}: {}", id, msg);
        }
    }

    /** The connection to Janus is gone, and with it this peer connection. */
    void onConnectionLost(String reason) {
        deliver(() -> events.onHangup(reason));
    }

    private synchronized void deliver(Runnable event) {
        if (detached) {
            return;
        }
        if (holding) {
            held.add(event);
            return;
        }
        run(event);
    }

    private void run(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            log.warn("MediaEvents listener of handle {} failed", id, e);
        }
    }

    @Override
    public String toString() {
        return "JanusHandle[" + id + "]";
    }
}
