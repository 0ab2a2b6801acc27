package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.media.MediaEvents;
import org.wlcy.classroom.media.MediaException;

/**
 * One WebSocket to Janus carrying one Janus session: request/answer matching by
 * {@code transaction}, request timeouts, keepalives, and routing of Janus's pushed events to
 * {@link JanusHandle}s. Once closed (lost or shut down) it stays closed; the
 * {@link JanusMediaServer} makes a new one.
 */
final class JanusConnection implements JanusSocket.Handler {

    private static final Logger log = LoggerFactory.getLogger(JanusConnection.class);

    /** Told once when the connection closes without being shut down on purpose. */
    interface LossListener {
        void onLost(JanusConnection connection, String reason);
    }

    private record Pending(String what, CompletableFuture<JsonNode> future, boolean completeOnAck) {
    }

    private final JanusSettings settings;
    private final ObjectMapper json;
    private final ScheduledExecutorService scheduler;
    private final LossListener lossListener;
    private final String txPrefix;
    private final AtomicLong txCounter = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, JanusHandle> handles = new ConcurrentHashMap<>();
    private final Map<Long, JanusRoom> rooms = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sendLock = new Object();
    private volatile boolean shuttingDown;
    private volatile Session ws;
    private volatile long sessionId;
    private volatile ScheduledFuture<?> keepaliveTask;
    private CompletableFuture<JanusHandle> adminHandle;

    JanusConnection(JanusSettings settings, ObjectMapper json, ScheduledExecutorService scheduler,
                    LossListener lossListener) {
        this.settings = settings;
        this.json = json;
        this.scheduler = scheduler;
        this.lossListener = lossListener;
        this.txPrefix = Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "-";
    }

    /** Connects the WebSocket, creates the Janus session and starts keepalives. */
    CompletableFuture<Void> open(WebSocketClient client) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols("janus-protocol");
        CompletableFuture<Session> connecting;
        try {
            connecting = client.connect(new JanusSocket(this), settings.url(), upgrade);
        } catch (IOException | RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        return connecting
                .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((session, err) -> {
                    if (err != null) {
                        close("connect to " + settings.url() + " failed: " + rootMessage(err));
                        throw MediaException.unavailable("cannot connect to Janus at " + settings.url()
                                + ": " + rootMessage(err));
                    }
                    ws = session;
                    return session;
                })
                .thenCompose(s -> request(message("create"), false))
                .thenAccept(created -> {
                    sessionId = created.path("data").path("id").asLong();
                    long every = settings.keepalive().toMillis();
                    keepaliveTask = scheduler.scheduleAtFixedRate(this::keepalive, every, every,
                            TimeUnit.MILLISECONDS);
                    log.info("Janus session {} created on {}", sessionId, settings.url());
                });
    }

    long sessionId() {
        return sessionId;
    }

    boolean isOpen() {
        return !closed.get();
    }

    ObjectMapper json() {
        return json;
    }

    JanusSettings settings() {
        return settings;
    }

    /** A request of the given {@code janus} type, bound to this connection's session. */
    ObjectNode message(String janus) {
        ObjectNode msg = json.createObjectNode().put("janus", janus);
        if (sessionId != 0) {
            msg.put("session_id", sessionId);
        }
        return msg;
    }

    /**
     * Sends one request and completes with Janus's answer: {@code success}, {@code server_info},
     * the {@code event} of an asynchronous plugin request, or (when {@code completeOnAck}) the
     * {@code ack}. Janus errors fail it with {@link MediaException}; a lost connection or a
     * timeout fails it with {@link MediaException#unavailable}.
     */
    CompletableFuture<JsonNode> request(ObjectNode msg, boolean completeOnAck) {
        String what = msg.path("janus").asText() + describeBody(msg);
        if (closed.get()) {
            return CompletableFuture.failedFuture(
                    MediaException.unavailable("connection to Janus is closed (" + what + ")"));
        }
        String tx = txPrefix + txCounter.incrementAndGet();
        msg.put("transaction", tx);
        if (settings.apiSecret() != null) {
            msg.put("apisecret", settings.apiSecret());
        }
        Pending p = new Pending(what, new CompletableFuture<>(), completeOnAck);
        pending.put(tx, p);
        try {
            ScheduledFuture<?> timeout = scheduler.schedule(() -> fail(tx, MediaException.unavailable(
                            "Janus did not answer " + what + " within " + settings.requestTimeout())),
                    settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            p.future().whenComplete((r, e) -> timeout.cancel(false));
        } catch (RejectedExecutionException e) {
            fail(tx, MediaException.unavailable("adapter scheduler is shut down"));
            return p.future();
        }
        String text;
        try {
            text = json.writeValueAsString(msg);
        } catch (JsonProcessingException e) {
            fail(tx, new MediaException(0, "cannot encode " + what + ": " + e.getMessage()));
            return p.future();
        }
        Session session = ws;
        if (session == null) {
            fail(tx, MediaException.unavailable("not connected to Janus"));
            return p.future();
        }
        log.trace("-> {}", text);
        synchronized (sendLock) {
            session.sendText(text, Callback.from(() -> { },
                    err -> fail(tx, MediaException.unavailable("sending " + what + " failed: "
                            + rootMessage(err)))));
        }
        return p.future();
    }

    /** Attaches a new videoroom handle whose pushed events go to {@code events}. */
    CompletableFuture<JanusHandle> attach(MediaEvents events) {
        ObjectNode msg = message("attach").put("plugin", JanusMessages.VIDEOROOM);
        return request(msg, false).thenApply(answer -> {
            JanusHandle handle = new JanusHandle(this, answer.path("data").path("id").asLong(), events);
            handles.put(handle.id(), handle);
            if (closed.get()) {
                handle.onConnectionLost("connection to Janus closed");
            }
            return handle;
        });
    }

    /** The handle used for room management ({@code create}, {@code destroy}...), attached once. */
    synchronized CompletableFuture<JanusHandle> adminHandle() {
        if (adminHandle == null || adminHandle.isCompletedExceptionally()) {
            adminHandle = attach(new MediaEvents() { });
        }
        return adminHandle;
    }

    void forget(JanusHandle handle) {
        handles.remove(handle.id(), handle);
    }

    /** Registers {@code room} unless one is already open for its id; returns the one kept. */
    JanusRoom addRoom(JanusRoom room) {
        JanusRoom kept = rooms.merge(room.roomId(), room, (old, fresh) -> old.isClosed() ? fresh : old);
        return kept;
    }

    void forget(JanusRoom room) {
        rooms.remove(room.roomId(), room);
    }

    /**
     * Closes on purpose: closes rooms (detaching handles, destroying rooms), destroys the Janus
     * session, then closes the WebSocket. Never reports a loss. Completes when done.
     */
    CompletableFuture<Void> shutdown() {
        shuttingDown = true;
        if (closed.get()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> roomsClosed = new ArrayList<>();
        for (JanusRoom room : List.copyOf(rooms.values())) {
            roomsClosed.add(room.closeAsync());
        }
        return CompletableFuture.allOf(roomsClosed.toArray(CompletableFuture[]::new))
                .handle((v, e) -> null)
                .thenCompose(v -> sessionId == 0 ? CompletableFuture.completedFuture(null)
                        : request(message("destroy"), false).handle((r, e) -> {
                            if (e != null) {
                                log.debug("destroying Janus session {} failed: {}", sessionId,
                                        rootMessage(e));
                            }
                            return null;
                        }))
                .thenRun(() -> close("adapter closed"));
    }

    /** Closes now: fails pending requests as unavailable and (unless shutting down) reports it. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> keepalive = keepaliveTask;
        if (keepalive != null) {
            keepalive.cancel(false);
        }
        for (String tx : List.copyOf(pending.keySet())) {
            fail(tx, MediaException.unavailable("connection to Janus lost: " + reason));
        }
        if (!shuttingDown) {
            for (JanusHandle handle : List.copyOf(handles.values())) {
                handle.onConnectionLost("media server lost: " + reason);
            }
        }
        handles.clear();
        rooms.clear();
        Session session = ws;
        if (session != null && session.isOpen()) {
            session.close(1000, "bye", Callback.NOOP);
        }
        if (!shuttingDown) {
            lossListener.onLost(this, reason);
        }
    }

    private void keepalive() {
        request(message("keepalive"), true).whenComplete((r, e) -> {
            if (e != null && !closed.get()) {
                log.warn("Janus keepalive of session {} failed: {}", sessionId, rootMessage(e));
                close("keepalive failed: " + rootMessage(e));
            }
        });
    }

    private void fail(String tx, Throwable error) {
        Pending p = pending.remove(tx);
        if (p != null) {
            p.future().completeExceptionally(error);
        }
    }

    @Override
    public void onText(String text) {
        log.trace("<- {}", text);
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (JsonProcessingException e) {
            log.warn("unreadable message from Janus: {}", e.getMessage());
            return;
        }
        try {
            dispatch(msg);
        } catch (RuntimeException e) {
            log.warn("handling a Janus message failed: {}", text, e);
        }
    }

    private void dispatch(JsonNode msg) {
        String janus = msg.path("janus").asText();
        String tx = msg.path("transaction").asText(null);
        Pending p = tx == null ? null : pending.get(tx);
        if (p != null) {
            if ("ack".equals(janus) && !p.completeOnAck()) {
                return; // an asynchronous request: its event follows
            }
            if (pending.remove(tx, p)) {
                MediaException error = JanusMessages.errorOf(msg);
                if (error != null) {
                    p.future().completeExceptionally(error);
                } else {
                    p.future().complete(msg);
                }
            }
            return;
        }
        if ("timeout".equals(janus)) {
            close("Janus session " + sessionId + " timed out");
            return;
        }
        if ("ack".equals(janus) || "success".equals(janus)) {
            return; // answer to a request that already timed out
        }
        long sender = msg.path("sender").asLong(0);
        JanusHandle handle = sender == 0 ? null : handles.get(sender);
        if (handle != null) {
            handle.onEvent(msg);
        } else {
            log.debug("Janus event for no known handle: {}", msg);
        }
    }

    @Override
    public void onClose(int statusCode, String reason) {
        close("WebSocket closed (" + statusCode + (reason == null ? "" : " " + reason) + ")");
    }

    @Override
    public void onError(Throwable cause) {
        close("WebSocket error: " + rootMessage(cause));
    }

    private static String describeBody(ObjectNode msg) {
        JsonNode request = msg.path("body").path("request");
        return request.isTextual() ? " (" + request.asText() + ")" : "";
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "JanusConnection[" + settings.url() + ", session " + sessionId + "]";
    }
}
