package org.wlcy.classroom.gateway.playback;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.playback.catalog.FileVideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.HlsTranscoder;
import org.wlcy.classroom.playback.jobs.VideoJobs;
import org.wlcy.classroom.playback.recording.RecordingService;
import org.wlcy.classroom.playback.replay.ClassTraceReader;
import org.wlcy.classroom.playback.replay.JanusPpRec;
import org.wlcy.classroom.playback.replay.ReplayJob;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;

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

    private PlaybackWiring(GatewayConfig config, VideoCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    public static PlaybackWiring open(GatewayConfig config, InstantSource clock, ProctoringWiring proctoring,
                                      TokenService tokens) {
        VideoCatalog catalog = FileVideoCatalog.open(config.dataDir().resolve("videos"));
        PlaybackWiring wiring = new PlaybackWiring(config, catalog);
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
        // TODO(lead, merge): with main's VideoJobRunner, call wiring.useJobs(jobs) here, before
        // jobs.recover() (it registers REPLAY and queues stopped recordings there). Until then a
        // stopped recording is only set to QUEUED (RecordingService without onStopped).
        // ---- end recording ----
        return wiring;
    }

    /** Signalling handlers (recording controls). */
    public void register(MessageRouter router, Classrooms classrooms) {
        recording.register(router, classrooms);
    }

    /** Replays are built by {@code jobs}: registers the replay job and queues stopped recordings there. */
    public void useJobs(VideoJobs jobs) {
        jobs.register(VideoKind.REPLAY, replayJob.factory());
        recording.onStopped(jobs::submit);
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

    @Override
    public void close() {
        recordingIo.shutdown();
        try {
            recordingIo.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
