package org.wlcy.classroom.playback.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.playback.HlsTranscoder;
import org.wlcy.classroom.playback.MediaInput;
import org.wlcy.classroom.playback.ProgressListener;
import org.wlcy.classroom.playback.TranscodeRequest;
import org.wlcy.classroom.playback.TranscodeResult;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.jobs.JobOutcome;
import org.wlcy.classroom.playback.jobs.VideoJob;

/**
 * Builds a lesson replay from the recording service's {@code .mjr} files:
 * <ol>
 *   <li>every {@code source/*.mjr} is read ({@code janus-pp-rec -j}: audio or video, first-packet
 *       time {@code u}) and remuxed into {@code work/} (VP8 to .webm, Opus to .opus);</li>
 *   <li>{@code hls/camera/}: the lecturer's camera video with the same publisher's microphone;
 *       {@code hls/screen/}: the screen share's video (only if one was recorded). Both are aligned
 *       to the video's {@code originAt} (the recording's start is media time 0), so they play in
 *       sync: a stream that started later begins with black and silence;</li>
 *   <li>{@code timeline.json} from the class's trace ({@link Timeline}).</li>
 * </ol>
 * Several recordings of one kind (a lecturer who reconnected or republished after a Janus restart)
 * are joined in time ({@link TranscodeRequest#ofParts}): gaps hold the last picture and silence,
 * overlaps are dropped. With two lecturers' cameras, the camera track is the one with more camera
 * video (the other's recordings are logged and kept). {@code source/} is never changed; {@code work/} is
 * rebuilt on every attempt, so a retry starts clean. Progress: remuxing 0-10 %, transcoding
 * 10-95 % by media size, the timeline to 100 %.
 */
public final class ReplayJob implements VideoJob {
    private static final Logger log = LoggerFactory.getLogger(ReplayJob.class);
    public static final String CAMERA = "camera";
    public static final String SCREEN = "screen";
    /** A track shorter than this (no decodable frame) is left out. */
    private static final long MIN_TRACK_MICROS = 200_000;

    private final Remuxer remuxer;
    private final HlsTranscoder transcoder;
    private final ClassTraceReader trace;

    public ReplayJob(Remuxer remuxer, HlsTranscoder transcoder, ClassTraceReader trace) {
        this.remuxer = remuxer;
        this.transcoder = transcoder;
        this.trace = trace;
    }

    /**
     * Loads FFmpeg's native libraries now (about a second on first use), so the first replay after
     * a start does not pay for it. Safe to call from any thread, more than once.
     */
    public static void warmUp() {
        try {
            org.bytedeco.javacv.FFmpegFrameGrabber.tryLoad();
            org.bytedeco.javacv.FFmpegFrameRecorder.tryLoad();
        } catch (Exception | LinkageError e) {
            log.warn("FFmpeg could not be loaded ahead of the first replay: {}", e.toString());
        }
    }

    /** For {@code VideoJobs.register(VideoKind.REPLAY, ...)}: the job holds no state, one serves all. */
    public Function<Video, VideoJob> factory() {
        return video -> this;
    }

    /** One remuxed recording. */
    private record Remuxed(RecordedStream stream, Path file, long firstPacketMicros, long bytes) {
    }

    @Override
    public JobOutcome run(Video video, Path folder, ProgressListener progress, BooleanSupplier cancelled)
            throws Exception {
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        if (video.originAt() == null) {
            throw new IOException("replay " + video.id() + " has no recording start (originAt)");
        }
        Path source = folder.resolve("source");
        List<RecordedStream> streams = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.list(source)) {
                files.sorted().forEach(f -> RecordedStream.parse(f).ifPresent(streams::add));
            }
        }
        if (streams.isEmpty()) {
            throw new IOException("nothing was recorded: no lecturer camera or screen share was published "
                    + "while the recording ran");
        }
        Path work = folder.resolve("work");
        deleteTree(work);
        Files.createDirectories(work);

        long remuxStarted = System.nanoTime();
        List<Remuxed> remuxed = remuxAll(video, streams, work, p, stop);
        log.info("replay {}: {} of {} recordings remuxed in {} ms", video.id(), remuxed.size(), streams.size(),
                (System.nanoTime() - remuxStarted) / 1_000_000);

        // The camera track is one lecturer's (the one with the most camera video): every camera
        // recording of theirs joined in time, with their microphone. The screen track joins every
        // screen-share recording.
        Optional<String> lecturer = remuxed.stream().filter(r -> r.stream().video() && r.stream().kind().equals(CAMERA))
                .collect(java.util.stream.Collectors.groupingBy(r -> r.stream().user(),
                        java.util.stream.Collectors.summingLong(Remuxed::bytes)))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .or(() -> remuxed.stream().filter(r -> r.stream().kind().equals(CAMERA)).map(r -> r.stream().user())
                        .findFirst());
        List<Remuxed> cameraVideo = parts(remuxed, CAMERA, true, lecturer);
        List<Remuxed> cameraAudio = parts(remuxed, CAMERA, false, lecturer);
        List<Remuxed> screenVideo = parts(remuxed, SCREEN, true, Optional.empty());
        logChoices(video, remuxed, cameraVideo, cameraAudio, screenVideo);

        long origin = ChronoUnit.MICROS.between(Instant.EPOCH, video.originAt());
        long cameraBytes = bytes(cameraVideo) + bytes(cameraAudio);
        long screenBytes = bytes(screenVideo);
        long allBytes = Math.max(1, cameraBytes + screenBytes);
        double cameraShare = 0.85 * cameraBytes / allBytes;

        // The two tracks are independent: transcode them side by side (one thread each).
        Progress combined = new Progress(p, cameraShare, 0.85 - cameraShare);
        CompletableFuture<TranscodeResult> screen = null;
        if (!screenVideo.isEmpty()) {
            TranscodeRequest request = TranscodeRequest.ofParts(inputs(screenVideo), List.of(),
                    folder.resolve("hls").resolve(SCREEN)).withOrigin(origin);
            screen = CompletableFuture.supplyAsync(() -> transcoder.transcode(request, combined::screen, stop),
                    runnable -> {
                        Thread t = new Thread(runnable, "replay-screen-" + video.id());
                        t.setDaemon(true);
                        t.start();
                    });
        }
        List<String> tracks = new ArrayList<>();
        long durationMicros = 0;
        try {
            if (!cameraVideo.isEmpty() || !cameraAudio.isEmpty()) {
                TranscodeResult r = transcoder.transcode(TranscodeRequest.ofParts(inputs(cameraVideo),
                        inputs(cameraAudio), folder.resolve("hls").resolve(CAMERA)).withOrigin(origin),
                        combined::camera, stop);
                tracks.add(CAMERA);
                durationMicros = Math.max(durationMicros, r.durationMicros());
            }
            if (screen != null) {
                TranscodeResult r = screen.join();
                if (r.durationMicros() < MIN_TRACK_MICROS) {
                    // e.g. no keyframe was ever recorded: an empty track is worse than none
                    log.warn("replay {}: the screen recordings hold no playable picture; no screen track", video.id());
                    deleteTree(folder.resolve("hls").resolve(SCREEN));
                } else {
                    tracks.add(SCREEN);
                    durationMicros = Math.max(durationMicros, r.durationMicros());
                }
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            if (screen != null && !screen.isDone()) {
                combined.abort();
                try {
                    screen.join();
                } catch (RuntimeException ignored) {
                    // the camera's failure is the one reported
                }
            }
        }
        if (tracks.isEmpty()) {
            throw new IOException("no recorded stream could be read (" + streams.size() + " files in source/)");
        }
        p.onProgress(0.95);
        long durationMillis = durationMicros / 1000;
        writeTimeline(video, folder, durationMillis);
        p.onProgress(1.0);
        return new JobOutcome(durationMillis, tracks);
    }

    /** Writes {@code timeline.json}; a trace that cannot be read leaves an empty timeline, not a failed replay. */
    private void writeTimeline(Video video, Path folder, long durationMillis) throws IOException {
        List<Map<String, Object>> items;
        try {
            Instant to = video.originAt().plusMillis(durationMillis + 1000);
            // issue I: from a while before the recording, so that what it refers to is known (a product put on the
            // shelf, a name); the timeline keeps only what happened while it was recorded
            items = Timeline.build(trace.read(video.classroomId(), video.originAt().minus(Timeline.CONTEXT_BEFORE), to),
                    video.sessionId(), video.originAt(), durationMillis);
        } catch (Exception e) {
            log.warn("replay {}: the class trace could not be read, timeline left empty: {}", video.id(), e.toString());
            items = List.of();
        }
        Timeline.write(folder.resolve(Timeline.FILE), items);
    }

    /** Reads the headers and remuxes every recording, a few processes at a time. */
    private List<Remuxed> remuxAll(Video video, List<RecordedStream> streams, Path work, ProgressListener p,
                                   BooleanSupplier stop) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, streams.size()), r -> {
            Thread t = new Thread(r, "replay-remux-" + video.id());
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicInteger done = new AtomicInteger();
            List<CompletableFuture<Optional<Remuxed>>> all = new ArrayList<>();
            for (RecordedStream s : streams) {
                all.add(CompletableFuture.supplyAsync(() -> {
                    checkCancelled(stop);
                    String name = s.file().getFileName().toString()
                            .replaceFirst("\\.mjr$", s.video() ? ".webm" : ".opus");
                    Path out = work.resolve(name);
                    try {
                        Remuxer.Header h = remuxer.header(s.file());
                        remuxer.remux(s.file(), out);
                        return Optional.of(new Remuxed(s, out, h.firstPacketMicros(), Files.size(out)));
                    } catch (IOException e) {
                        log.warn("replay {}: skipping {}: {}", video.id(), s.file().getFileName(), e.getMessage());
                        return Optional.<Remuxed>empty();
                    } finally {
                        synchronized (p) {
                            p.onProgress(0.10 * done.incrementAndGet() / streams.size());
                        }
                    }
                }, pool));
            }
            List<Remuxed> out = new ArrayList<>();
            for (CompletableFuture<Optional<Remuxed>> f : all) {
                try {
                    f.join().ifPresent(out::add);
                } catch (CompletionException e) {
                    if (e.getCause() instanceof CancellationException c) {
                        throw c;
                    }
                    throw e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Both tracks' progress as one non-decreasing figure: 10 % + each track's share of 85 %. */
    private static final class Progress {
        private final ProgressListener out;
        private final double cameraShare;
        private final double screenShare;
        private double camera;
        private double screen;
        private double reported;
        private volatile boolean aborted;

        Progress(ProgressListener out, double cameraShare, double screenShare) {
            this.out = out;
            this.cameraShare = cameraShare;
            this.screenShare = screenShare;
        }

        synchronized void camera(double f) {
            camera = f;
            report();
        }

        synchronized void screen(double f) {
            if (aborted) {
                throw new CancellationException("the camera track failed");
            }
            screen = f;
            report();
        }

        void abort() {
            aborted = true;
        }

        private void report() {
            double now = 0.10 + cameraShare * camera + screenShare * screen;
            if (now > reported) {
                reported = now;
                synchronized (out) {
                    out.onProgress(now);
                }
            }
        }
    }

    /** The recordings of one kind and medium (of one user, if given), in time order. */
    private static List<Remuxed> parts(List<Remuxed> all, String kind, boolean video, Optional<String> user) {
        return all.stream().filter(r -> r.stream().video() == video && r.stream().kind().equals(kind))
                .filter(r -> user.isEmpty() || user.get().equals(r.stream().user()))
                .sorted(Comparator.comparingLong(Remuxed::firstPacketMicros)).toList();
    }

    private static long bytes(List<Remuxed> parts) {
        return parts.stream().mapToLong(Remuxed::bytes).sum();
    }

    private static List<MediaInput> inputs(List<Remuxed> parts) {
        return parts.stream().map(x -> new MediaInput(x.file(), x.firstPacketMicros())).toList();
    }

    private static void logChoices(Video video, List<Remuxed> all, List<Remuxed> camera, List<Remuxed> audio,
                                   List<Remuxed> screen) {
        long unused = all.size() - camera.size() - audio.size() - screen.size();
        if (unused > 0) {
            log.warn("replay {}: {} recordings not used (another lecturer's camera); they stay in source/",
                    video.id(), unused);
        }
        log.info("replay {}: camera {} + {}, screen {}", video.id(), names(camera), names(audio), names(screen));
    }

    private static List<String> names(List<Remuxed> parts) {
        return parts.stream().map(r -> r.file().getFileName().toString()).toList();
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("replay job cancelled");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
