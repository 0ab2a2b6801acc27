package org.wlcy.classroom.playback.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;

/**
 * {@link VideoJobs} on a fixed pool of job threads, with the catalogue as the only record of a
 * job's state: QUEUED on submit, PROCESSING (attempts + 1) when a thread takes it, progress
 * written at most every 2% or every second, then READY or FAILED with a message.
 *
 * <p>A watchdog ({@link #checkTimeouts()}, run every second) stops an attempt that has run
 * longer than the timeout by the injected clock: its {@code cancelled} supplier turns true, its
 * thread is interrupted, and the entry becomes FAILED. {@link #recover()} (call once at start,
 * after registering the factories) queues again every entry a crash or shutdown left QUEUED or
 * PROCESSING. {@link #close()} interrupts running jobs and leaves their entries as they are, so
 * the next start recovers them.
 */
public final class VideoJobRunner implements VideoJobs {
    private static final Logger LOG = LoggerFactory.getLogger(VideoJobRunner.class);
    /** Progress is written when it moved by this much... */
    static final double PROGRESS_STEP = 0.02;
    /** ...or when this much time passed since the last write. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final VideoCatalog catalog;
    private final InstantSource clock;
    private final Duration timeout;
    private final ExecutorService pool;
    private final ScheduledExecutorService watchdog;
    private final Map<VideoKind, Function<Video, VideoJob>> factories = new ConcurrentHashMap<>();
    private final Map<VideoId, Attempt> active = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param threads  job threads (each job is CPU-bound)
     * @param timeout  longest attempt before the watchdog stops it
     * @param watchdogTick how often the watchdog looks; {@code Duration.ZERO} = never by itself
     *                     (tests call {@link #checkTimeouts()})
     */
    public VideoJobRunner(VideoCatalog catalog, int threads, Duration timeout, InstantSource clock, Duration watchdogTick) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.catalog = catalog;
        this.clock = clock;
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "video-job-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        if (watchdogTick.isZero()) {
            this.watchdog = null;
        } else {
            this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "video-job-watchdog");
                t.setDaemon(true);
                return t;
            });
            long ms = watchdogTick.toMillis();
            watchdog.scheduleWithFixedDelay(this::checkTimeoutsSafely, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void register(VideoKind kind, Function<Video, VideoJob> factory) {
        factories.put(kind, factory);
    }

    @Override
    public void submit(VideoId id) {
        if (closed) {
            throw new IllegalStateException("the job runner is closed");
        }
        Video video = catalog.find(id).orElseThrow(() -> new IllegalArgumentException("no video " + id));
        if (!factories.containsKey(video.kind())) {
            throw new IllegalStateException("no job is registered for " + video.kind().wire() + " videos");
        }
        Attempt attempt = new Attempt(id);
        if (active.putIfAbsent(id, attempt) != null) {
            throw new IllegalStateException("video " + id + " is already queued or processing");
        }
        try {
            catalog.update(id, v -> v.withState(VideoState.QUEUED, 0, null, clock.instant()));
            attempt.future = pool.submit(() -> run(attempt));
        } catch (RuntimeException e) {
            active.remove(id, attempt);
            throw e;
        }
    }

    @Override
    public void retry(VideoId id) {
        Video video = catalog.find(id).orElseThrow(() -> new IllegalArgumentException("no video " + id));
        if (video.state() != VideoState.FAILED) {
            throw new IllegalStateException("only a failed video can be retried; " + id + " is " + video.state().wire());
        }
        submit(id);
    }

    /**
     * Queues again what a crash or shutdown left QUEUED or PROCESSING; entries of a kind without a
     * job become FAILED. Returns the ids queued again.
     */
    public List<VideoId> recover() {
        List<VideoId> requeued = new java.util.ArrayList<>();
        for (Video v : catalog.all()) {
            if ((v.state() != VideoState.QUEUED && v.state() != VideoState.PROCESSING) || active.containsKey(v.id())) {
                continue;
            }
            if (!factories.containsKey(v.kind())) {
                LOG.error("video {} was {} at the last stop, but no job handles {} videos: marked failed",
                        v.id(), v.state().wire(), v.kind().wire());
                catalog.update(v.id(), x -> x.withState(VideoState.FAILED, 0,
                        "Processing was interrupted by a server restart and cannot be resumed; please retry.",
                        clock.instant()));
                continue;
            }
            LOG.warn("video {} was {} (attempt {}) when the server stopped: queued again", v.id(), v.state().wire(),
                    v.attempts());
            submit(v.id());
            requeued.add(v.id());
        }
        return requeued;
    }

    /** Whether the video is queued or being processed by this runner. */
    public boolean isActive(VideoId id) {
        return active.containsKey(id);
    }

    /** Videos queued or being processed by this runner now (the operator's jobs queue). */
    public int activeCount() {
        return active.size();
    }

    /** Stops attempts running longer than the timeout (the watchdog calls this every tick). */
    public void checkTimeouts() {
        Instant now = clock.instant();
        for (Attempt a : active.values()) {
            Instant started = a.startedAt;
            if (started != null && !a.cancelled && Duration.between(started, now).compareTo(timeout) > 0) {
                LOG.warn("video {}: attempt running since {} exceeded {} and is stopped", a.id, started, timeout);
                a.timedOut = true;
                a.cancelled = true;
                Future<?> f = a.future;
                if (f != null) {
                    f.cancel(true);
                }
                fail(a, timeoutMessage());
            }
        }
    }

    private void checkTimeoutsSafely() {
        try {
            checkTimeouts();
        } catch (RuntimeException e) {
            LOG.error("video job watchdog failed", e);
        }
    }

    private String timeoutMessage() {
        long minutes = Math.max(1, timeout.toMinutes());
        return "Processing took longer than " + minutes + " minute" + (minutes == 1 ? "" : "s")
                + " and was stopped. Try a shorter or smaller file, or retry.";
    }

    private void run(Attempt a) {
        try {
            if (closed || a.cancelled) {
                return;
            }
            Video video = catalog.update(a.id, v -> v.withAttempt(clock.instant()));
            a.lastWriteAt = clock.instant();
            a.startedAt = a.lastWriteAt;
            Function<Video, VideoJob> factory = factories.get(video.kind());
            Path folder = catalog.folder(a.id);
            JobOutcome outcome = factory.apply(video).run(video, folder, f -> progress(a, f), () -> a.cancelled || closed);
            if (a.cancelled || closed) {
                return;
            }
            finish(a, v -> v.ready(outcome.durationMillis(), outcome.tracks(), clock.instant()));
            LOG.info("video {} is ready: {} ms, tracks {}", a.id, outcome.durationMillis(), outcome.tracks());
        } catch (CancellationException e) {
            if (!a.timedOut && !closed) {
                fail(a, "Processing was cancelled.");
            }
        } catch (Exception | LinkageError e) {
            if (closed && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
                return;
            }
            if (a.timedOut) {
                return;
            }
            String message = e.getMessage() == null || e.getMessage().isBlank()
                    ? "Processing failed (" + e.getClass().getSimpleName() + ")." : e.getMessage();
            LOG.warn("video {}: processing failed: {}", a.id, message, e);
            fail(a, message);
        } finally {
            if (!closed) {
                active.remove(a.id, a);
            }
        }
    }

    private void progress(Attempt a, double fraction) {
        if (a.cancelled || closed) {
            return;
        }
        double f = Math.min(0.999, Math.max(0, fraction));
        Instant now = clock.instant();
        synchronized (a) {
            if (f <= a.lastWritten) {
                return;
            }
            boolean due = f - a.lastWritten >= PROGRESS_STEP
                    || Duration.between(a.lastWriteAt, now).compareTo(PROGRESS_INTERVAL) >= 0;
            if (!due) {
                return;
            }
            a.lastWritten = f;
            a.lastWriteAt = now;
            catalog.update(a.id, v -> v.state() == VideoState.PROCESSING && v.progress() < f
                    ? v.withState(VideoState.PROCESSING, f, null, now) : v);
        }
    }

    private void fail(Attempt a, String message) {
        finish(a, v -> v.withState(VideoState.FAILED, v.progress(), message, clock.instant()));
    }

    private void finish(Attempt a, java.util.function.UnaryOperator<Video> change) {
        synchronized (a) {
            if (a.finished) {
                return;
            }
            a.finished = true;
            catalog.update(a.id, change);
        }
    }

    /** The video's entry (shortcut for callers holding only the runner). */
    public Optional<Video> find(VideoId id) {
        return catalog.find(id);
    }

    @Override
    public void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("video jobs still running after 10 s; their entries are recovered at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One queued or running attempt. */
    private static final class Attempt {
        final VideoId id;
        volatile Future<?> future;
        volatile Instant startedAt;
        volatile boolean cancelled;
        volatile boolean timedOut;
        boolean finished;
        double lastWritten;
        Instant lastWriteAt = Instant.EPOCH;

        Attempt(VideoId id) {
            this.id = id;
        }
    }
}
