package org.wlcy.classroom.proctoring.face;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.media.RtpForward;

/**
 * The server-side face check of a trainee's published camera: the server looks at the stream
 * itself (the media server forwards its RTP here), so a page cannot fake the answer.
 *
 * <p>One check: find a free UDP port pair on {@link FaceCheckSettings#forwardHost()}, ask the
 * publisher to {@link Publisher#forwardRtp forward} its video there, receive and decode the first
 * frame ({@link RtpFrameGrabber}), asking for a keyframe after
 * {@link FaceCheckSettings#keyframeDelay()} and again every
 * {@link FaceCheckSettings#keyframeInterval()}, count frontal faces ({@link FaceDetector}), hash
 * the frame, and always stop the forward. The result completes within
 * {@link FaceCheckSettings#timeout()}: with {@code no-video} when no frame came in time.
 *
 * <p>Runs on its own small executor ({@link FaceCheckSettings#workers()} threads that block while
 * receiving, plus one timer thread), never on a class lane or an event loop; the returned stage
 * completes on those threads, so callers hop back onto their lane.
 */
public final class FaceCheck implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaceCheck.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final FaceCheckSettings settings;
    private final FaceDetector detector;
    private final Clock clock;
    private final EvidenceFrames evidence;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    public FaceCheck(FaceCheckSettings settings, FaceDetector detector, Clock clock) {
        this.settings = settings;
        this.detector = detector;
        this.clock = clock;
        this.evidence = settings.evidenceEnabled()
                ? new EvidenceFrames(settings.dataDir(), settings.evidenceRetention()) : null;
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("face-check-"));
        ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("face-check-timer-"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /**
     * Checks the publisher's camera once. Never fails for media reasons: a refused forward, a
     * stream without video or no decodable frame before the timeout all give {@code no-video}
     * with a {@link FaceCheckResult#detail()}. Fails only when this service is closed.
     */
    public CompletionStage<FaceCheckResult> check(Publisher publisher) {
        Run run = new Run(publisher);
        try {
            run.deadlineTask = timer.schedule(run::timedOut, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            workers.execute(run::execute);
        } catch (RejectedExecutionException e) {
            run.result.completeExceptionally(new IllegalStateException("face checks are closed", e));
        }
        return run.result.copy();
    }

    /** Deletes evidence frames older than the retention period; 0 when evidence is off. */
    public int deleteExpired(Instant now) {
        return evidence == null ? 0 : evidence.deleteExpired(now);
    }

    /** Where evidence frames go, when they are on. */
    public Optional<Path> evidenceDir() {
        return Optional.ofNullable(evidence).map(EvidenceFrames::dir);
    }

    /** Stops accepting checks; running ones end by their silence and deadline bounds. */
    @Override
    public void close() {
        workers.shutdown();
        timer.shutdown();
    }

    /** One check in flight. */
    private final class Run {
        final Publisher publisher;
        final FeedId feed;
        final Instant startedAt = clock.instant();
        final long t0 = System.nanoTime();
        final CompletableFuture<FaceCheckResult> result = new CompletableFuture<>();
        final AtomicReference<RtpForward> forward = new AtomicReference<>();
        volatile ScheduledFuture<?> deadlineTask;
        volatile ScheduledFuture<?> keyframes;

        Run(Publisher publisher) {
            this.publisher = publisher;
            this.feed = publisher.feedId();
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - t0);
        }

        void timedOut() {
            FaceCheckResult noVideo = FaceCheckResult.noVideo(feed, startedAt, elapsed(),
                    "no decodable frame within " + settings.timeout());
            // The forward is stopped (or the media server had 2 s to confirm it) before the answer.
            stopThenComplete(noVideo);
        }

        /** Stops the forward, then completes with {@code outcome} once the stop is confirmed or 2 s passed. */
        void stopThenComplete(FaceCheckResult outcome) {
            finish().completeOnTimeout(null, 2, TimeUnit.SECONDS).whenComplete((v, e) -> {
                if (result.complete(outcome) && outcome.outcome() == FaceCheckOutcome.NO_VIDEO) {
                    LOG.info("face check of feed {}: no video ({})", feed, outcome.detail());
                }
            });
        }

        /**
         * Stops keyframe requests and the forward (idempotent); the receive then ends by silence.
         * Completes when the media server confirmed the stop (or failed to).
         */
        CompletableFuture<Void> finish() {
            ScheduledFuture<?> k = keyframes;
            if (k != null) {
                k.cancel(false);
            }
            RtpForward f = forward.getAndSet(null);
            if (f == null) {
                return CompletableFuture.completedFuture(null);
            }
            return f.stop().toCompletableFuture().handle((v, e) -> {
                if (e != null) {
                    LOG.debug("stopping the forward of feed {} failed: {}", feed, e.toString());
                }
                return null;
            });
        }

        void execute() {
            FaceCheckResult outcome;
            try {
                outcome = result.isDone() ? null : examine();
            } catch (Exception | Error e) {
                LOG.warn("face check of feed {} failed", feed, e);
                outcome = FaceCheckResult.noVideo(feed, startedAt, elapsed(), "check failed: " + e);
            } finally {
                ScheduledFuture<?> d = deadlineTask;
                if (d != null) {
                    d.cancel(false);
                }
            }
            if (outcome != null) {
                stopThenComplete(outcome);
            } else {
                finish();
            }
        }

        /** One look; a receiving port taken since it was found free is replaced, twice at most. */
        private FaceCheckResult examine() throws Exception {
            Instant deadline = Instant.now().plus(settings.timeout()).minus(elapsed());
            for (int attempt = 1; ; attempt++) {
                try {
                    return examineOnce(deadline);
                } catch (RtpFrameGrabber.NotOpened e) {
                    try {
                        finish().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (TimeoutException slow) {
                        LOG.debug("the media server did not confirm stopping the forward of feed {}", feed);
                    }
                    if (attempt >= 3 || result.isDone() || !Instant.now().isBefore(deadline)) {
                        throw e;
                    }
                    LOG.info("face check of feed {}: {}; trying another port", feed, e.getMessage());
                }
            }
        }

        private FaceCheckResult examineOnce(Instant deadline) throws Exception {
            int port = UdpPorts.freeRtpPort(InetAddress.getByName(settings.forwardHost()));
            CompletableFuture<RtpForward> started = publisher.forwardRtp(settings.forwardHost(), 0, port)
                    .toCompletableFuture();
            // A forward that is confirmed after this check gave up is stopped at once.
            started.thenAccept(f -> {
                if (result.isDone()) {
                    f.stop();
                }
            });
            RtpForward f;
            try {
                f = started.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return FaceCheckResult.noVideo(feed, startedAt, elapsed(), "media server did not start the forward");
            } catch (java.util.concurrent.ExecutionException e) {
                return FaceCheckResult.noVideo(feed, startedAt, elapsed(),
                        "forward refused: " + e.getCause().getMessage());
            }
            forward.set(f);
            if (result.isDone()) {
                return result.join();
            }
            if (f.video() == null) {
                return FaceCheckResult.noVideo(feed, startedAt, elapsed(), "the stream has no video");
            }
            // The receiver binds its port only now: packets of the first second are lost, so the
            // keyframe is asked for after keyframeDelay (a request right after one is ignored).
            keyframes = timer.scheduleAtFixedRate(this::askKeyframe, settings.keyframeDelay().toMillis(),
                    settings.keyframeInterval().toMillis(), TimeUnit.MILLISECONDS);
            RtpFrameGrabber grabber = new RtpFrameGrabber(settings.workDir(), settings.forwardHost(), port, f.video(),
                    settings.silence());
            Optional<VideoFrame> frame = grabber.grabFirstFrame(deadline);
            Duration frameAfter = elapsed();
            CompletableFuture<Void> stopped = finish();
            FaceCheckResult r = frame.isEmpty()
                    ? FaceCheckResult.noVideo(feed, startedAt, elapsed(), "no decodable frame arrived")
                    : judge(frame.get(), frameAfter);
            // The result means "the forward is gone" too, unless the media server is slow to confirm.
            try {
                stopped.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.debug("the media server did not confirm stopping the forward of feed {} in {}", feed, STOP_WAIT);
            }
            return r;
        }

        private void askKeyframe() {
            publisher.requestKeyframe().whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("keyframe request to feed {} failed: {}", feed, e.toString());
                }
            });
        }

        private FaceCheckResult judge(VideoFrame frame, Duration frameAfter) throws IOException {
            FaceDetection d = detector.detect(frame);
            byte[] jpeg = FrameJpeg.encode(frame);
            String sha = FrameJpeg.sha256Hex(jpeg);
            Path kept = evidence != null ? evidence.write(feed, startedAt, jpeg, sha) : null;
            FaceCheckOutcome outcome = FaceCheckOutcome.ofCount(d.count());
            FaceCheckResult r = new FaceCheckResult(feed, outcome, d.faces(), frame.width(), frame.height(), sha,
                    startedAt, frameAfter, elapsed(), kept, null);
            LOG.info("face check of feed {}: {} ({} faces, frame {}x{} after {} ms, sha256 {})", feed,
                    outcome.code(), d.count(), frame.width(), frame.height(), frameAfter.toMillis(), sha);
            return r;
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
