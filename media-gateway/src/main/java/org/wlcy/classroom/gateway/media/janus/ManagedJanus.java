package org.wlcy.classroom.gateway.media.janus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Janus as a child process when no external Janus is configured: writes its configuration
 * ({@link JanusConfigWriter}), launches {@code janus -C <conf>/janus.jcfg -F <conf> -o} with its
 * output appended to {@code <dataDir>/janus/janus.log}, waits until its WebSocket API answers an
 * {@code info} request, restarts it when it dies (with backoff and a maximum rate, see
 * {@link ManagedJanusSettings.RestartPolicy}) and stops it on {@link #close()} (SIGTERM, wait,
 * then SIGKILL).
 *
 * <p>The {@link JanusMediaServer} adapter is separate: point it at {@link #adapterSettings()};
 * it notices a restart as a lost connection and reconnects by itself.
 */
public final class ManagedJanus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedJanus.class);
    private static final Duration PROBE_EVERY = Duration.ofMillis(50);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final ManagedJanusSettings settings;
    private final ScheduledExecutorService scheduler;
    private final JanusInstallation installation;
    private final JanusConfigWriter config;
    private final JanusProbe probe;
    private final Deque<Instant> recentRestarts = new ArrayDeque<>();
    private final Object lock = new Object();
    private Process process;
    private boolean stopping;
    private boolean gaveUp;
    private int restarts;
    private ScheduledFuture<?> restartTask;

    /**
     * @param settings  configuration of the Janus to run
     * @param scheduler runs readiness polls and restarts; owned by the caller
     * @throws IllegalStateException when Janus is not installed (the message gives
     *                               {@value JanusInstallation#INSTALL_COMMAND})
     */
    public ManagedJanus(ManagedJanusSettings settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.installation = JanusInstallation.require(settings.janusBinary());
        this.config = new JanusConfigWriter(settings, installation);
        this.probe = new JanusProbe(HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build());
    }

    /** Whether Janus is installed; see {@link JanusInstallation#detect()}. */
    public static boolean isJanusInstalled() {
        return JanusInstallation.detect().isPresent();
    }

    /** The command that installs Janus ({@value JanusInstallation#INSTALL_COMMAND}). */
    public static String installCommand() {
        return JanusInstallation.INSTALL_COMMAND;
    }

    /**
     * Writes the configuration and launches Janus. Completes when Janus answers on its WebSocket
     * API; fails (and kills the process) when it does not within
     * {@link ManagedJanusSettings#startTimeout()} or exits first.
     */
    public CompletableFuture<Void> start() {
        synchronized (lock) {
            if (stopping) {
                return CompletableFuture.failedFuture(new IllegalStateException("ManagedJanus is closed"));
            }
            if (process != null) {
                return CompletableFuture.failedFuture(new IllegalStateException("already started"));
            }
        }
        try {
            config.write();
            log.info("Janus configuration written to {}", config.confDir());
            return launch(true);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Settings for a {@link JanusMediaServer} talking to this Janus. */
    public JanusSettings adapterSettings() {
        return JanusSettings.of(settings.websocketUri())
                .withApiSecret(settings.apiSecret())
                .withAdminKey(settings.adminKey());
    }

    public URI websocketUri() {
        return settings.websocketUri();
    }

    public ManagedJanusSettings settings() {
        return settings;
    }

    public JanusInstallation installation() {
        return installation;
    }

    /** {@code <dataDir>/janus/janus.log}. */
    public Path logFile() {
        return config.janusDir().resolve("janus.log");
    }

    /** {@code <dataDir>/janus/conf}. */
    public Path confDir() {
        return config.confDir();
    }

    /** Pid of the running Janus process, empty when none runs. */
    public OptionalLong pid() {
        synchronized (lock) {
            return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
        }
    }

    public boolean isRunning() {
        return pid().isPresent();
    }

    /** How often Janus has been restarted after dying. */
    public int restarts() {
        synchronized (lock) {
            return restarts;
        }
    }

    /** True when Janus died too often and ManagedJanus stopped restarting it. */
    public boolean hasGivenUp() {
        synchronized (lock) {
            return gaveUp;
        }
    }

    private CompletableFuture<Void> launch(boolean initial) throws IOException {
        Path conf = config.confDir();
        List<String> command = new ArrayList<>(List.of(installation.binary().toString(),
                "-C", conf.resolve("janus.jcfg").toString(), "-F", conf.toString(), "-o"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(config.janusDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process started;
        synchronized (lock) {
            if (stopping) {
                throw new IOException("ManagedJanus is closed");
            }
            started = builder.start();
            process = started;
        }
        log.info("Janus started (pid {}): {}; log: {}", started.pid(), String.join(" ", command), logFile());
        started.onExit().thenAccept(this::onExit);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        pollReady(started, ready, deadline);
        return ready.whenComplete((v, e) -> {
            if (e != null && started.isAlive()) {
                if (initial) {
                    synchronized (lock) {
                        if (process == started) {
                            process = null; // a failed first start is not restarted
                        }
                    }
                }
                log.error("Janus (pid {}) did not answer in time; killing it", started.pid());
                started.destroyForcibly();
            }
        });
    }

    private void pollReady(Process p, CompletableFuture<Void> ready, long deadline) {
        if (!p.isAlive()) {
            ready.completeExceptionally(new IOException("Janus exited with code " + p.exitValue()
                    + " while starting; see " + logFile()));
            return;
        }
        if (System.nanoTime() > deadline) {
            ready.completeExceptionally(new TimeoutException("Janus did not answer on "
                    + settings.websocketUri() + " within " + settings.startTimeout() + "; see " + logFile()));
            return;
        }
        probe.info(settings.websocketUri(), settings.apiSecret(), PROBE_TIMEOUT).thenAccept(ok -> {
            if (ok) {
                log.info("Janus (pid {}) answers on {}", p.pid(), settings.websocketUri());
                ready.complete(null);
                return;
            }
            try {
                scheduler.schedule(() -> pollReady(p, ready, deadline), PROBE_EVERY.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                ready.completeExceptionally(e);
            }
        });
    }

    private void onExit(Process p) {
        Duration delay;
        synchronized (lock) {
            if (p != process || stopping) {
                return;
            }
            process = null;
            Instant now = Instant.now();
            ManagedJanusSettings.RestartPolicy policy = settings.restarts();
            while (!recentRestarts.isEmpty()
                    && recentRestarts.peekFirst().isBefore(now.minus(policy.window()))) {
                recentRestarts.removeFirst();
            }
            if (recentRestarts.size() >= policy.maxRestarts()) {
                gaveUp = true;
                log.error("Janus (pid {}) exited with code {}; it was restarted {} times within {}: "
                                + "giving up (see {})", p.pid(), p.exitValue(), recentRestarts.size(),
                        policy.window(), logFile());
                return;
            }
            long millis = Math.min(policy.maxBackoff().toMillis(),
                    policy.backoff().toMillis() << Math.min(recentRestarts.size(), 20));
            delay = Duration.ofMillis(millis);
            recentRestarts.addLast(now);
            try {
                restartTask = scheduler.schedule(this::restart, millis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.error("Janus (pid {}) exited; cannot restart it: scheduler is shut down", p.pid());
                return;
            }
        }
        log.warn("Janus (pid {}) exited with code {}; restarting it in {} ms (see {})", p.pid(),
                p.exitValue(), delay.toMillis(), logFile());
    }

    private void restart() {
        synchronized (lock) {
            restartTask = null;
            if (stopping) {
                return;
            }
            restarts++;
        }
        try {
            launch(false).whenComplete((v, e) -> {
                if (e != null) {
                    log.error("restarted Janus does not answer: {}", e.getMessage());
                } else {
                    log.info("Janus restarted ({} restarts so far)", restarts());
                }
            });
        } catch (IOException e) {
            log.error("cannot restart Janus: {}", e.getMessage());
            synchronized (lock) {
                if (!stopping) {
                    restartTask = scheduler.schedule(this::restart,
                            settings.restarts().maxBackoff().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /**
     * Stops Janus: SIGTERM, waits up to {@link ManagedJanusSettings#stopTimeout()}, then SIGKILL.
     * Blocks until it has exited (Janus takes 1-2 s); idempotent. No restarts afterwards.
     */
    @Override
    public void close() {
        Process p;
        synchronized (lock) {
            stopping = true;
            if (restartTask != null) {
                restartTask.cancel(false);
            }
            p = process;
            process = null;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        log.info("stopping Janus (pid {})", p.pid());
        p.destroy();
        try {
            if (!p.waitFor(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Janus (pid {}) did not exit within {}; killing it", p.pid(), settings.stopTimeout());
                p.destroyForcibly();
                p.waitFor(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            log.info("Janus (pid {}) stopped with code {}", p.pid(), p.isAlive() ? "?" : p.exitValue());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ManagedJanus[" + settings.websocketUri() + ", data " + settings.dataDir() + "]";
    }
}
