package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.media.MediaException;
import org.wlcy.classroom.media.MediaRoom;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.media.MediaServerListener;
import org.wlcy.classroom.media.RoomSpec;

/**
 * {@link MediaServer} adapter for Janus (1.x, videoroom plugin) over its WebSocket API, using
 * Jetty's WebSocket client. One WebSocket carries one Janus session, kept alive every
 * {@link JanusSettings#keepalive()}; each publisher and subscriber gets a handle of its own.
 *
 * <p>When the connection is lost (Janus died or restarted), pending requests fail with
 * {@link MediaException#unavailable}, every publisher and subscriber gets
 * {@link org.wlcy.classroom.media.MediaEvents#onHangup}, listeners get
 * {@link MediaServerListener#onMediaServerLost}, and the adapter reconnects with exponential
 * backoff, creates a new Janus session and tells listeners
 * {@link MediaServerListener#onMediaServerAvailable}. Rooms of the lost session are gone; open
 * them again.
 *
 * <p>Lifecycle: construct, {@link #addListener}, {@link #start()} (non-blocking), optionally
 * {@link #awaitAvailable(Duration)}; {@link #close()} cascades and stops reconnecting.
 * All timers run on the injected scheduler.
 */
public final class JanusMediaServer implements MediaServer {

    private static final Logger log = LoggerFactory.getLogger(JanusMediaServer.class);

    private final JanusSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper json = new ObjectMapper();
    private final WebSocketClient client = new WebSocketClient();
    private final List<MediaServerListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstAvailable = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object lock = new Object();
    private JanusConnection current;
    private boolean started;
    private boolean closing;
    private boolean everAvailable;
    private int failedAttempts;
    private ScheduledFuture<?> reconnectTask;

    /**
     * @param settings   where Janus is and how to talk to it
     * @param scheduler  runs timeouts, keepalives and reconnects; owned by the caller, who shuts
     *                   it down after {@link #close()} (see {@link #closed()})
     */
    public JanusMediaServer(JanusSettings settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        long idle = Math.max(settings.keepalive().toMillis() * 3, Duration.ofSeconds(60).toMillis());
        client.setIdleTimeout(Duration.ofMillis(idle));
        client.setConnectTimeout(settings.requestTimeout().toMillis());
        client.setMaxTextMessageSize(4 * 1024 * 1024);
        client.setStopAtShutdown(false);
    }

    /** Starts connecting to Janus in the background; returns at once. Idempotent. */
    public void start() {
        synchronized (lock) {
            if (started || closing) {
                return;
            }
            started = true;
        }
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the WebSocket client", e);
        }
        connect();
    }

    /** Completes the first time Janus answers; fails if closed before that. */
    public CompletionStage<Void> firstAvailable() {
        return firstAvailable.copy();
    }

    /**
     * Waits until Janus is available (at most {@code timeout}).
     *
     * @return whether it is available
     */
    public boolean awaitAvailable(Duration timeout) throws InterruptedException {
        try {
            firstAvailable.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        return isAvailable();
    }

    /** The current Janus session id, or 0 while not connected (for diagnostics and tests). */
    public long sessionId() {
        synchronized (lock) {
            return current == null ? 0 : current.sessionId();
        }
    }

    /** Completes when {@link #close()} has finished (rooms destroyed, client stopped). */
    public CompletionStage<Void> closed() {
        return closed.copy();
    }

    @Override
    public CompletionStage<MediaRoom> openRoom(RoomSpec spec) {
        JanusConnection connection;
        synchronized (lock) {
            connection = current;
        }
        if (connection == null || !connection.isOpen()) {
            return CompletableFuture.failedFuture(MediaException.unavailable(
                    "Janus at " + settings.url() + " is not available"));
        }
        return JanusRoom.open(connection, spec).thenApply(MediaRoom.class::cast);
    }

    @Override
    public boolean isAvailable() {
        synchronized (lock) {
            return current != null && current.isOpen();
        }
    }

    @Override
    public void addListener(MediaServerListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        JanusConnection connection;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
            }
            connection = current;
            current = null;
        }
        firstAvailable.completeExceptionally(MediaException.unavailable("adapter closed"));
        CompletableFuture<Void> shutdown = connection == null
                ? CompletableFuture.completedFuture(null) : connection.shutdown();
        shutdown.whenComplete((v, e) -> stopClient());
    }

    private void stopClient() {
        Runnable stop = () -> {
            try {
                client.stop();
            } catch (Exception e) {
                log.debug("stopping the WebSocket client failed", e);
            }
            log.info("Janus adapter for {} closed", settings.url());
            closed.complete(null);
        };
        // never stop Jetty's client from one of its own threads
        try {
            scheduler.execute(stop);
        } catch (RejectedExecutionException e) {
            Thread t = new Thread(stop, "janus-client-stop");
            t.setDaemon(true);
            t.start();
        }
    }

    private void connect() {
        JanusConnection attempt;
        synchronized (lock) {
            if (closing) {
                return;
            }
            reconnectTask = null;
            attempt = new JanusConnection(settings, json, scheduler, this::onLost);
        }
        attempt.open(client).whenComplete((v, error) -> {
            if (error != null) {
                attempt.close("connect failed");
                log.debug("connecting to Janus at {} failed: {}", settings.url(),
                        JanusConnection.rootMessage(error));
                synchronized (lock) {
                    scheduleReconnect();
                }
                return;
            }
            boolean becameAvailable;
            boolean first;
            synchronized (lock) {
                if (closing) {
                    becameAvailable = false;
                    first = false;
                } else if (!attempt.isOpen()) {
                    scheduleReconnect();
                    return;
                } else {
                    current = attempt;
                    failedAttempts = 0;
                    becameAvailable = true;
                    first = !everAvailable;
                    everAvailable = true;
                }
            }
            if (!becameAvailable) {
                attempt.shutdown();
                return;
            }
            log.info("Janus at {} available (session {}){}", settings.url(), attempt.sessionId(),
                    first ? "" : " again");
            firstAvailable.complete(null);
            for (MediaServerListener l : listeners) {
                try {
                    l.onMediaServerAvailable();
                } catch (RuntimeException e) {
                    log.warn("MediaServerListener failed", e);
                }
            }
        });
    }

    private void onLost(JanusConnection connection, String reason) {
        synchronized (lock) {
            if (connection != current || closing) {
                return; // an attempt that never became current, or a deliberate close
            }
            current = null;
            scheduleReconnect();
        }
        log.warn("Janus at {} lost: {}", settings.url(), reason);
        for (MediaServerListener l : listeners) {
            try {
                l.onMediaServerLost(reason);
            } catch (RuntimeException e) {
                log.warn("MediaServerListener failed", e);
            }
        }
    }

    /** Caller holds {@link #lock}. */
    private void scheduleReconnect() {
        if (closing || reconnectTask != null) {
            return;
        }
        long base = settings.reconnectBackoff().toMillis();
        long delay = Math.min(settings.maxReconnectBackoff().toMillis(),
                base << Math.min(failedAttempts, 20));
        failedAttempts++;
        try {
            reconnectTask = scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            log.debug("reconnecting to Janus at {} in {} ms", settings.url(), delay);
        } catch (RejectedExecutionException e) {
            log.warn("cannot schedule a reconnect to Janus: scheduler is shut down");
        }
    }

    @Override
    public String toString() {
        return "JanusMediaServer[" + settings.url() + "]";
    }
}
