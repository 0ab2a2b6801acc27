package org.wlcy.classroom.gateway.playback;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.playback.HlsTranscoder;
import org.wlcy.classroom.playback.catalog.FileVideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.jobs.OnDemandJob;
import org.wlcy.classroom.playback.jobs.VideoJobRunner;
import org.wlcy.classroom.playback.recording.RecordingService;
import org.wlcy.classroom.playback.replay.ClassTraceReader;
import org.wlcy.classroom.playback.replay.JanusPpRec;
import org.wlcy.classroom.playback.replay.ReplayJob;
import org.wlcy.classroom.playback.upload.UploadFiles;
import org.wlcy.classroom.playback.vodinteraction.VodGuard;
import org.wlcy.classroom.playback.watch.WatchRules;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;

/**
 * Issue D assembled: the video catalogue under {@code <data.dir>/videos}, processing jobs,
 * recording, uploads, and the watch API (progress rules, in-video questions, danmaku and comments).
 * Built by {@code Gateway.start} after the proctoring module, whose trace it writes to.
 */
public final class PlaybackWiring implements AutoCloseable {
    private final GatewayConfig config;
    private final VideoCatalog catalog;
    private final List<ApiRoute> routes = new ArrayList<>();
    private final List<ClassSessionListener> listeners = new ArrayList<>();
    // ---- jobs and on-demand uploads ----
    private final VideoJobRunner jobs;
    private final ExecutorService io;
    // ---- watch page (issue D part 3) ----
    private final List<AutoCloseable> closeables = new ArrayList<>();
    // ---- recording and replays (docs/adr/0012-recording-and-replays.md) ----
    /** Catalogue writes of the recording service, in order (an entry is written before it is queued). */
    private final ExecutorService recordingIo = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recording-io");
        t.setDaemon(true);
        return t;
    });
    private RecordingService recording;
    private ReplayJob replayJob;
    // ---- end recording ----

    private PlaybackWiring(GatewayConfig config, VideoCatalog catalog, VideoJobRunner jobs, ExecutorService io) {
        this.config = config;
        this.catalog = catalog;
        this.jobs = jobs;
        this.io = io;
    }

    public static PlaybackWiring open(GatewayConfig config, InstantSource clock, ProctoringWiring proctoring,
                                      TokenService tokens) {
        VideoCatalog catalog = FileVideoCatalog.open(config.dataDir().resolve("videos"));
        // ---- jobs and on-demand uploads (docs/playback.md, "Jobs" and "Uploads") ----
        GatewayConfig.Playback pc = config.playback();
        VideoJobRunner jobs = new VideoJobRunner(catalog, pc.jobThreads(), Duration.ofMinutes(pc.jobTimeoutMinutes()),
                clock, Duration.ofSeconds(1));
        AtomicInteger n = new AtomicInteger();
        ExecutorService io = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "video-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        UploadFiles uploads = new UploadFiles(pc.maxChunkKilobytes() * 1024L);
        jobs.register(VideoKind.ON_DEMAND, OnDemandJob.factory(new HlsTranscoder(), uploads));
        PlaybackWiring wiring = new PlaybackWiring(config, catalog, jobs, io);
        // The watch API's paths (/api/videos/{id}/watch, questions, danmaku...) go first.
        wiring.openWatch(clock, proctoring, tokens);
        wiring.routes.add(new UploadApi(tokens, catalog, jobs, uploads, io, clock));
        wiring.routes.add(new VideoApi(tokens, catalog, jobs, uploads, pc, io, clock));
        // ---- end jobs and uploads ----
        // ---- recording and replays ----
        wiring.recording = new RecordingService(catalog, proctoring.trace(), clock, IdGenerator.random(),
                wiring.recordingIo, config.playback().alwaysRecord());
        wiring.listeners.add(wiring.recording);
        wiring.recording.queueInterrupted(); // before the job runner's recovery
        ClassTraceReader trace = (classroom, from, to) ->
                proctoring.blocking().submit(() -> proctoring.store().readByTime(classroom, from, to)).get();
        wiring.replayJob = new ReplayJob(JanusPpRec.fromSystemProperty(), new HlsTranscoder(), trace);
        Thread warmUp = new Thread(ReplayJob::warmUp, "ffmpeg-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        jobs.register(VideoKind.REPLAY, wiring.replayJob.factory());
        wiring.recording.onStopped(jobs::submit);
        // ---- end recording ----
        // Every kind's job factory is registered above this line; recovery needs them all.
        wiring.jobs.recover();
        return wiring;
    }

    /** Signalling handlers (recording controls). */
    public void register(MessageRouter router, Classrooms classrooms) {
        recording.register(router, classrooms);
    }

    /** The replay job (tests run it directly). */
    public ReplayJob replayJob() {
        return replayJob;
    }

    /** The recording service. */
    public RecordingService recording() {
        return recording;
    }

    /** Lesson start/end listeners (always-on recording). */
    public List<ClassSessionListener> listeners() {
        return List.copyOf(listeners);
    }

    /** REST endpoints, offered each {@code /api/} request in order. */
    public List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    public VideoCatalog catalog() {
        return catalog;
    }

    /** Processing jobs: {@code jobs().register(kind, factory)}, {@code submit}, {@code retry}. */
    public VideoJobRunner jobs() {
        return jobs;
    }

    /**
     * The watch API (progress rules, in-video questions, danmaku, comments, timeline, live stream)
     * on one executor thread of its own.
     */
    private void openWatch(InstantSource clock, ProctoringWiring proctoring, TokenService tokens) {
        GatewayConfig.Playback p = config.playback();
        ExecutorService watchIo = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "watch-io");
            t.setDaemon(true);
            return t;
        });
        WatchStore store = new WatchStore(catalog);
        LiveViewers live = new LiveViewers(store.mapper());
        SensitiveWordFilter filter = new SensitiveWordFilter(config.interaction().words(),
                config.interaction().filterMode());
        WatchService service = new WatchService(catalog, store,
                new WatchRules(p.maxRatePercent(), p.allowSeekAhead(),
                        p.completionPercent(), p.heartbeatSeconds(), p.rewindOnWrongAnswer()),
                p.replayCountsAsLearning(),
                new VodGuard(filter, config.interaction().policy(), clock),
                proctoring.trace(), clock, IdGenerator.random(), live);
        routes.add(new WatchApi(tokens, service, live, watchIo, store.mapper(), clock));
        closeables.add(live);
        closeables.add(() -> {
            watchIo.shutdown();
            watchIo.awaitTermination(5, TimeUnit.SECONDS);
        });
    }

    @Override
    public void close() {
        jobs.close();
        io.shutdownNow();
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(PlaybackWiring.class).warn("closing the watch API", e);
            }
        }
        recordingIo.shutdown();
        try {
            recordingIo.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
