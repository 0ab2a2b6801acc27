package org.wlcy.classroom.playback.jobs;

import java.util.concurrent.locks.LockSupport;
import org.wlcy.classroom.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.playback.catalog.FileVideoCatalog;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;

/** The runner with fake jobs on a real file catalogue; time is a test clock, waits poll conditions. */
class VideoJobRunnerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final List<VideoJobRunner> runners = new ArrayList<>();

    @AfterEach
    void close() {
        runners.forEach(VideoJobRunner::close);
    }

    private VideoJobRunner runner(VideoCatalog catalog) {
        VideoJobRunner r = new VideoJobRunner(catalog, 2, Duration.ofMinutes(30), clock, Duration.ZERO);
        runners.add(r);
        return r;
    }

    private Video add(VideoCatalog catalog, String id) {
        return catalog.add(Video.create(new VideoId(id), new ClassroomId("c1"), VideoKind.ON_DEMAND, "第一课",
                "lect-1", VideoState.UPLOADING, clock.instant(), null, null));
    }

    private static Video awaitState(VideoCatalog catalog, String id, VideoState state) {
        return Await.until(id + " is " + state, WAIT, () -> catalog.find(new VideoId(id)).orElseThrow(),
                v -> v.state() == state);
    }

    @Test
    void aSuccessfulJobEndsReadyWithItsTracksAndDuration() throws Exception {
        FileVideoCatalog catalog = FileVideoCatalog.open(dir);
        VideoJobRunner jobs = runner(catalog);
        CountDownLatch go = new CountDownLatch(1);
        jobs.register(VideoKind.ON_DEMAND, v -> (video, folder, progress, cancelled) -> {
            go.await();
            assertThat(folder).isEqualTo(catalog.folder(video.id()));
            assertThat(video.state()).isEqualTo(VideoState.PROCESSING);
            return new JobOutcome(6_000, List.of("main"));
        });
        add(catalog, "v1");
        jobs.submit(new VideoId("v1"));
        assertThat(catalog.find(new VideoId("v1")).orElseThrow().state()).isIn(VideoState.QUEUED, VideoState.PROCESSING);
        awaitState(catalog, "v1", VideoState.PROCESSING);
        go.countDown();
        Video ready = awaitState(catalog, "v1", VideoState.READY);
        assertThat(ready.tracks()).containsExactly("main");
        assertThat(ready.durationMillis()).isEqualTo(6_000);
        assertThat(ready.progress()).isEqualTo(1.0);
        assertThat(ready.attempts()).isEqualTo(1);
        assertThat(ready.error()).isNull();
        // persisted
        assertThat(FileVideoCatalog.open(dir).find(new VideoId("v1")).orElseThrow().state()).isEqualTo(VideoState.READY);
    }

    @Test
    void aFailureKeepsTheMessageAndARetrySucceeds() throws Exception {
        FileVideoCatalog catalog = FileVideoCatalog.open(dir);
        VideoJobRunner jobs = runner(catalog);
        AtomicInteger runs = new AtomicInteger();
        jobs.register(VideoKind.ON_DEMAND, v -> (video, folder, progress, cancelled) -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("The file has no video stream.");
            }
            return new JobOutcome(1_000, List.of("main"));
        });
        add(catalog, "v2");
        VideoId id = new VideoId("v2");
        assertThatThrownBy(() -> jobs.retry(id)).as("only a failed video can be retried")
                .isInstanceOf(IllegalStateException.class);
        jobs.submit(id);
        Video failed = awaitState(catalog, "v2", VideoState.FAILED);
        assertThat(failed.error()).isEqualTo("The file has no video stream.");
        assertThat(failed.attempts()).isEqualTo(1);
        awaitInactive(jobs, id);
        jobs.retry(id);
        Video ready = awaitState(catalog, "v2", VideoState.READY);
        assertThat(ready.attempts()).isEqualTo(2);
        assertThat(ready.error()).isNull();
        assertThatThrownBy(() -> jobs.retry(id)).isInstanceOf(IllegalStateException.class).hasMessageContaining("ready");
    }

    @Test
    void anAttemptLongerThanTheTimeoutIsCancelledAndFailed() throws Exception {
        FileVideoCatalog catalog = FileVideoCatalog.open(dir);
        VideoJobRunner jobs = runner(catalog);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        List<Boolean> sawCancel = new CopyOnWriteArrayList<>();
        jobs.register(VideoKind.ON_DEMAND, v -> (video, folder, progress, cancelled) -> {
            started.countDown();
            try {
                // Runs until stopped: the runner's watchdog sets cancelled and interrupts this thread.
                while (!cancelled.getAsBoolean()) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        sawCancel.add(cancelled.getAsBoolean());
                        throw new InterruptedException("interrupted by the watchdog");
                    }
                }
                sawCancel.add(true);
                throw new CancellationException("stopped");
            } finally {
                stopped.countDown();
            }
        });
        add(catalog, "v3");
        jobs.submit(new VideoId("v3"));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofMinutes(29));
        jobs.checkTimeouts();
        assertThat(catalog.find(new VideoId("v3")).orElseThrow().state()).isEqualTo(VideoState.PROCESSING);
        clock.advance(Duration.ofMinutes(2));
        jobs.checkTimeouts();
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sawCancel).containsExactly(true);
        Video failed = awaitState(catalog, "v3", VideoState.FAILED);
        assertThat(failed.error()).contains("took longer than 30 minutes");
        awaitInactive(jobs, new VideoId("v3"));
        assertThat(catalog.find(new VideoId("v3")).orElseThrow().error()).contains("took longer than 30 minutes");
    }

    @Test
    void entriesLeftQueuedOrProcessingByACrashAreQueuedAgainAtStart() throws Exception {
        FileVideoCatalog catalog = FileVideoCatalog.open(dir);
        add(catalog, "q1");
        add(catalog, "p1");
        add(catalog, "r1");
        catalog.update(new VideoId("q1"), v -> v.withState(VideoState.QUEUED, 0, null, clock.instant()));
        catalog.update(new VideoId("p1"), v -> v.withAttempt(clock.instant()).withState(VideoState.PROCESSING, 0.4, null,
                clock.instant()));
        catalog.update(new VideoId("r1"), v -> v.ready(1000, List.of("main"), clock.instant()));

        // "restart": a new catalogue and runner on the same folder
        FileVideoCatalog reopened = FileVideoCatalog.open(dir);
        VideoJobRunner jobs = runner(reopened);
        List<String> ran = new CopyOnWriteArrayList<>();
        jobs.register(VideoKind.ON_DEMAND, v -> (video, folder, progress, cancelled) -> {
            ran.add(video.id().value());
            return new JobOutcome(2000, List.of("main"));
        });
        assertThat(jobs.recover()).extracting(VideoId::value).containsExactlyInAnyOrder("q1", "p1");
        assertThat(awaitState(reopened, "q1", VideoState.READY).attempts()).isEqualTo(1);
        assertThat(awaitState(reopened, "p1", VideoState.READY).attempts()).isEqualTo(2);
        assertThat(ran).containsExactlyInAnyOrder("q1", "p1");
        assertThat(reopened.find(new VideoId("r1")).orElseThrow().durationMillis()).isEqualTo(1000);
    }

    @Test
    void progressIsWrittenThrottledAndNeverGoesBack() throws Exception {
        FileVideoCatalog catalog = FileVideoCatalog.open(dir);
        VideoJobRunner jobs = runner(catalog);
        List<Double> seen = new CopyOnWriteArrayList<>();
        CountDownLatch stepsDone = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        jobs.register(VideoKind.ON_DEMAND, v -> (video, folder, progress, cancelled) -> {
            for (int i = 1; i <= 500; i++) {
                progress.onProgress(i / 1000.0);          // steps of 0.1 %: most are not written
                seen.add(catalog.find(video.id()).orElseThrow().progress());
            }
            progress.onProgress(0.3);                      // going back is ignored
            seen.add(catalog.find(video.id()).orElseThrow().progress());
            clock.advance(Duration.ofSeconds(2));
            progress.onProgress(0.501);                    // a small step is written after a second
            seen.add(catalog.find(video.id()).orElseThrow().progress());
            stepsDone.countDown();
            finish.await();
            return new JobOutcome(1, List.of("main"));
        });
        add(catalog, "v5");
        jobs.submit(new VideoId("v5"));
        assertThat(stepsDone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the job made its steps").isTrue();
        assertThat(seen).hasSize(502);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("progress at step %d", i).isGreaterThanOrEqualTo(seen.get(i - 1));
        }
        long distinct = seen.stream().distinct().count();
        assertThat(distinct).as("throttled to about every 2%%").isBetween(20L, 30L);
        assertThat(seen.get(500)).isGreaterThanOrEqualTo(0.48);
        assertThat(seen.get(501)).isEqualTo(0.501);
        finish.countDown();
        assertThat(awaitState(catalog, "v5", VideoState.READY).progress()).isEqualTo(1.0);
    }

    @Test
    void submittingTwiceOrAnUnknownKindIsRefused() throws Exception {
        FileVideoCatalog catalog = FileVideoCatalog.open(dir);
        VideoJobRunner jobs = runner(catalog);
        CountDownLatch go = new CountDownLatch(1);
        add(catalog, "v6");
        assertThatThrownBy(() -> jobs.submit(new VideoId("v6"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no job");
        jobs.register(VideoKind.ON_DEMAND, v -> (video, folder, progress, cancelled) -> {
            go.await();
            return new JobOutcome(1, List.of("main"));
        });
        jobs.submit(new VideoId("v6"));
        assertThatThrownBy(() -> jobs.submit(new VideoId("v6"))).isInstanceOf(IllegalStateException.class);
        go.countDown();
        awaitState(catalog, "v6", VideoState.READY);
    }

    private static void awaitInactive(VideoJobRunner jobs, VideoId id) {
        Await.until(id + " has no active attempt", WAIT, () -> !jobs.isActive(id));
    }

    /** A clock the test moves. */
    static final class TestClock implements InstantSource {
        private volatile Instant now;

        TestClock(Instant start) {
            now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @SuppressWarnings("unused")
    private static BooleanSupplier never() {
        return () -> false;
    }
}
